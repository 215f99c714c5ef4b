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
  /** How a provider marks an instance it saw and leaves alone. */
  static final String LEFT_RUNNING = "left running:";

  @Option(names = "--dry-run", description = "Only list what would be released.")
  boolean dryRun;

  @Override
  int execute() {
    try (CloudTrainer trainer = trainer()) {
      List<String> all = trainer.operations().reap(dryRun);
      // A provider lists what it leaves alone (someone else's, or still in use) as "left running: ...".
      List<String> found = all.stream().filter(f -> !f.startsWith(LEFT_RUNNING)).toList();
      List<String> left = all.stream().filter(f -> f.startsWith(LEFT_RUNNING))
          .map(f -> f.substring(LEFT_RUNNING.length()).strip()).toList();
      if (out().json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dry_run", dryRun);
        m.put(dryRun ? "would_release" : "released", found);
        m.put("left_running", left);
        out().json(m);
        return ExitCodes.OK;
      }
      if (found.isEmpty()) {
        out().line(left.isEmpty() ? "Nothing left running." : "Nothing to release.");
      } else {
        out().line((dryRun ? "Would release:" : "Released:"));
        found.forEach(f -> out().line("  " + f));
      }
      if (!left.isEmpty()) {
        out().line("Left running (not ours to end, or still in use):");
        left.forEach(f -> out().line("  " + f));
      }
      return ExitCodes.OK;
    }
  }
}
