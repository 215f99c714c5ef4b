package org.soen.cloud.cli;

import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ReapReport;
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
      ReapReport report = trainer.operations().reap(dryRun);
      if (out().json()) {
        out().json(Views.reap(report));
        return ExitCodes.OK;
      }
      if (report.released().isEmpty()) {
        out().line(report.leftRunning().isEmpty() ? "Nothing left running." : "Nothing to release.");
      } else {
        out().line(dryRun ? "Would release:" : "Released:");
        report.released().forEach(r -> out().line("  " + released(r)));
      }
      if (!report.leftRunning().isEmpty()) {
        out().line("Left running (not ours to end, or still in use):");
        report.leftRunning().forEach(l -> out().line("  " + l.resource() + ": " + l.why()
            + " (owner " + l.owner().orElse("unknown") + ", deadline " + l.deadline().map(Object::toString).orElse("none")
            + ")"));
      }
      return ExitCodes.OK;
    }
  }

  /** One released resource as a line: what it is and why. */
  static String released(ReapReport.Released r) {
    return r.resource() + ": " + r.why();
  }
}
