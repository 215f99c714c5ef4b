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
        "By default the ones still running and those that ended in the last 24 hours; --all lists every job.",
        "With --provider, also the team's soen-cloud jobs in that provider's account that this journal does not hold,",
        "with the journal that owns them; `attach JOB` adopts one."})
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
      List<JobStatus> jobs = (provider == null ? trainer.list() : trainer.list(provider)).stream()
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
      boolean team = jobs.stream().anyMatch(JobStatus::foreign);
      out().table(team ? List.of("JOB", "PROVIDER", "STATE", "DETAIL", "UPDATED", "OWNER")
          : List.of("JOB", "PROVIDER", "STATE", "DETAIL", "UPDATED"), jobs.stream()
          .map(s -> {
            List<String> row = new java.util.ArrayList<>(List.of(s.jobId(), s.provider(), s.state().name(),
                s.message().orElse(s.detail().equals(s.state().name()) ? "" : s.detail()), s.observedAt().toString()));
            if (team) {
              row.add(Views.owner(s));
            }
            return row;
          })
          .collect(Collectors.toList()));
      if (team) {
        out().line("Jobs owned elsewhere are not in this journal (" + Views.FOREIGN + "); `soen-cloud attach JOB`"
            + " adopts one into it.");
      }
      return ExitCodes.OK;
    }
  }
}
