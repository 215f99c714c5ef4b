package org.soen.cloud.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --pricing-file FILE}: the command line's way to what {@code CloudTrainer.builder().pricingFile}
 * does, for the verbs that price (train, pricing, attach). Its rows add to or replace the bundled
 * catalog's; a provider's live prices still win.
 */
final class PricingOptions {
  /** The flag, as messages name it. */
  static final String FLAG = "--pricing-file";

  @Option(names = FLAG, paramLabel = "FILE",
      description = "A pricing CSV whose rows add to or replace the bundled catalog's (header: provider,instance_type,"
          + "gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of); for instance types with no known price.")
  Path file;

  /**
   * The file resolved against {@code workingDirectory}, if given.
   *
   * @throws IllegalArgumentException naming the flag when the file does not exist or is not a regular file
   */
  Optional<Path> resolve(Path workingDirectory) {
    if (file == null) {
      return Optional.empty();
    }
    Path resolved = workingDirectory.resolve(file);
    if (!Files.isRegularFile(resolved)) {
      throw new IllegalArgumentException(FLAG + ": " + resolved + " does not exist or is not a regular file; give a "
          + "CSV file with the header provider,instance_type,gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of");
    }
    return Optional.of(resolved);
  }
}
