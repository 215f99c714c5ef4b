package org.soen.cloud.cli;

import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soen-cloud status JOB}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show a job's state, asking its provider (works after the submitting process died).")
final class StatusCommand extends BaseCommand {
  @Parameters(paramLabel = "JOB", description = "The job name, as train and list print it.")
  String job;

  @Override
  int execute() {
    try (CloudTrainer trainer = trainer()) {
      JobStatus s = trainer.status(journalHandle(trainer, job));
      if (out().json()) {
        out().json(Views.status(s));
        return ExitCodes.OK;
      }
      Output o = out();
      o.line("Job:       " + s.jobId());
      o.line("Provider:  " + s.provider());
      o.line("State:     " + o.state(s.state()) + (s.detail().equals(s.state().name()) ? "" : " (" + s.detail() + ")"));
      s.message().ifPresent(m -> o.line("Message:   " + m));
      s.exitCode().ifPresent(c -> o.line("Exit code: " + c));
      s.startedAt().ifPresent(t -> o.line("Started:   " + t));
      s.endedAt().ifPresent(t -> o.line("Ended:     " + t));
      o.line("Observed:  " + s.observedAt());
      return ExitCodes.OK;
    }
  }
}
