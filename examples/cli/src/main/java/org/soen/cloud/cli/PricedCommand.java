package org.soen.cloud.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/**
 * A verb that prices (train, attach, pricing): it takes {@code --pricing-file} and hands the
 * checked file to the trainer it makes.
 */
abstract class PricedCommand extends BaseCommand {
  @Mixin PricingOptions pricingOptions = new PricingOptions();

  /** {@code --pricing-file}, checked: a usage error naming the flag when the file is not there. */
  @Override
  final Optional<Path> pricingFile() {
    try {
      return pricingOptions.resolve(ctx.workingDirectory());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }
}
