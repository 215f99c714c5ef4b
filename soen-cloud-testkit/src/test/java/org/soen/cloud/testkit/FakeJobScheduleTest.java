package org.soen.cloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.spi.SubmitRequest;

/**
 * Seeded generated schedules: whatever the scripted phases and however often or rarely the job
 * is polled, a phase counted in polls is reported by exactly that many polls and a phase counted in
 * time ends exactly on time. The seed is printed in every failure; rerun one with
 * {@code -Dtestkit.seed=<seed>}.
 */
class FakeJobScheduleTest {
  private static final JobState[] STATES = {JobState.PROVISIONING, JobState.STAGING,
      JobState.RUNNING, JobState.COLLECTING, JobState.INTERRUPTED};
  private final long seed = Long.getLong("testkit.seed", System.nanoTime());

  private static JobHandle submit(FakeTrainingBackend fake, ManualClock clock, FakeJob job, int n) {
    fake.enqueue(job);
    return fake.submit(SubmitRequest.builder().jobName("soen-gen-20260101000000-" + (1000 + n))
        .config(CloudConfig.builder().provider("fake").command(List.of("train")).build())
        .submittedAt(clock.instant()).stagedConfigYaml("cloud: {}\n").build());
  }

  @Test
  void pollCountedPhases_areEachReportedByExactlyTheirPolls() {
    Random random = new Random(seed);
    for (int run = 0; run < 300; run++) {
      ManualClock clock = ManualClock.create();
      FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
      int runningPolls = random.nextInt(6);
      FakeJob job = random.nextBoolean() ? FakeJob.completesAfterPolls(runningPolls)
          : FakeJob.failsAfterPolls(runningPolls, "boom", 1 + random.nextInt(255));
      List<JobState> expected = new ArrayList<>();
      List<JobState> prefix = new ArrayList<>();
      int phases = random.nextInt(4);
      for (int p = 0; p < phases; p++) {
        JobState state = STATES[random.nextInt(STATES.length)];
        int polls = random.nextInt(4);
        job = job.startingWith(state, state.name(), polls);
        for (int i = 0; i < polls; i++) {
          prefix.add(0, state);
        }
      }
      expected.addAll(prefix);
      for (int i = 0; i < runningPolls; i++) {
        expected.add(JobState.RUNNING);
      }
      JobHandle handle = submit(fake, clock, job, run);

      List<JobState> seen = new ArrayList<>();
      for (int i = 0; i < expected.size() + 3; i++) {
        if (random.nextBoolean()) {
          clock.advance(Duration.ofMinutes(random.nextInt(120)));
        }
        seen.add(fake.status(handle).state());
      }

      assertThat(seen.subList(0, expected.size())).as("seed %d run %d %s", seed, run, job)
          .isEqualTo(expected);
      assertThat(seen.subList(expected.size(), seen.size())).as("seed %d run %d %s", seed, run, job)
          .hasSize(3).allMatch(JobState::isTerminal).containsOnly(seen.get(seen.size() - 1));
    }
  }

  @Test
  void timedPhases_endExactlyOnTimeHoweverTheJobIsPolled() {
    Random random = new Random(seed);
    for (int run = 0; run < 300; run++) {
      ManualClock clock = ManualClock.create();
      FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
      Duration running = Duration.ofMinutes(1 + random.nextInt(180));
      Duration provisioning = Duration.ofSeconds(1 + random.nextInt(900));
      FakeJob job = FakeJob.completesAfter(running)
          .startingWith(JobState.PROVISIONING, "Starting", provisioning);
      Instant start = clock.instant();
      JobHandle handle = submit(fake, clock, job, run);

      JobStatus status = fake.status(handle);
      while (!status.state().isTerminal()) {
        clock.advance(Duration.ofSeconds(random.nextInt(3 * 3600)));
        status = fake.status(handle);
        Duration elapsed = Duration.between(start, clock.instant());
        JobState expected = elapsed.compareTo(provisioning) < 0 ? JobState.PROVISIONING
            : elapsed.compareTo(provisioning.plus(running)) < 0 ? JobState.RUNNING
            : JobState.COMPLETED;
        assertThat(status.state()).as("seed %d run %d at +%s", seed, run, elapsed)
            .isEqualTo(expected);
      }

      assertThat(status.startedAt()).as("seed %d run %d", seed, run).contains(start.plus(provisioning));
      assertThat(status.endedAt()).as("seed %d run %d", seed, run)
          .contains(start.plus(provisioning).plus(running));
      assertThat(fake.costReport(handle).orElseThrow().billable()).as("seed %d run %d", seed, run)
          .isEqualTo(provisioning.plus(running));
    }
  }
}
