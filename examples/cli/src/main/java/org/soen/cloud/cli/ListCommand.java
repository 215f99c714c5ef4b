package org.soen.cloud.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soen-cloud list [--provider P] [--state S] [--all]}. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List jobs from the journal, across providers, newest first.",
        "By default the ones still running and those that ended in the last 24 hours; --all lists every job."})
final class ListCommand extends BaseCommand {
  private static final Duration RECENT = Duration.ofHours(24);

  @Option(names = "--provider", paramLabel = "P", description = "Only jobs of this provider.")
  String provider;

  @Option(names = "--state", paramLabel = "S", description = "Only jobs in this state: ${COMPLETION-CANDIDATES}.")
  JobState state;

  @Option(names = "--all", description = "Every job in the journal, however old.")
  boolean all;

  @Override
  int execute() {
    try (CloudTrainer trainer = trainer()) {
      requireProvider(provider, trainer.operations().providerIds());
      Instant since = ctx.clock().instant().minus(RECENT);
      List<JobStatus> jobs = trainer.list().stream()
          .filter(s -> provider == null || s.provider().equals(provider))
          .filter(s -> state == null || s.state() == state)
          .filter(s -> all || state != null || !s.state().isTerminal() || s.observedAt().isAfter(since))
          .collect(Collectors.toList());
      if (out().json()) {
        out().json(jobs.stream().map(Views::status).collect(Collectors.toList()));
        return ExitCodes.OK;
      }
      if (jobs.isEmpty()) {
        out().line(all ? "No jobs in the journal." : "No recent jobs (--all lists older ones).");
        return ExitCodes.OK;
      }
      out().table(List.of("JOB", "PROVIDER", "STATE", "DETAIL", "UPDATED"), jobs.stream()
          .map(s -> List.of(s.jobId(), s.provider(), s.state().name(),
              s.message().orElse(s.detail().equals(s.state().name()) ? "" : s.detail()),
              s.observedAt().toString()))
          .collect(Collectors.toList()));
      return ExitCodes.OK;
    }
  }
}
