package org.soen.cloud.cli;

import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soen-cloud stop JOB}. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop a job and release its instance; stopping a job that already ended changes nothing.")
final class StopCommand extends BaseCommand {
  @Parameters(paramLabel = "JOB", description = "The job name.")
  String job;

  @Override
  int execute() {
    try (CloudTrainer trainer = trainer()) {
      JobStatus s = trainer.stop(journalHandle(trainer, job));
      if (out().json()) {
        out().json(Views.status(s));
      } else {
        out().line(s.jobId() + ": " + out().state(s.state()));
      }
      return ExitCodes.OK;
    }
  }
}
