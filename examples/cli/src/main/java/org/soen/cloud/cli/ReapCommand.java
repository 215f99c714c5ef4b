package org.soen.cloud.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CloudTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soen-cloud reap [--dry-run]}. */
@Command(name = "reap", mixinStandardHelpOptions = true,
    description = {"Release instances that a dead launcher left running.",
        "Found from the journal and from instance names; train runs this first."})
final class ReapCommand extends BaseCommand {
  @Option(names = "--dry-run", description = "Only list what would be released.")
  boolean dryRun;

  @Override
  int execute() {
    try (CloudTrainer trainer = trainer()) {
      List<String> found = trainer.reap(dryRun);
      if (out().json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dry_run", dryRun);
        m.put(dryRun ? "would_release" : "released", found);
        out().json(m);
      } else if (found.isEmpty()) {
        out().line("Nothing left running.");
      } else {
        out().line((dryRun ? "Would release:" : "Released:"));
        found.forEach(f -> out().line("  " + f));
      }
      return ExitCodes.OK;
    }
  }
}
