package org.soen.cloud.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobStatus;

/**
 * How long a test waits for a long simulated job: a 24-hour job (and a 1-hour one) on the fake,
 * followed by {@code CloudTrainer.await} polling every 2 seconds of the {@link ManualClock}, with
 * 100 epoch lines. Not a test; run it with
 * {@code java -cp <test classpath> org.soen.cloud.testkit.FakeAwaitBenchmark}. Prints wall time
 * and polls per second after warm-up rounds.
 */
public final class FakeAwaitBenchmark {
  private FakeAwaitBenchmark() {}

  public static void main(String[] args) throws Exception {
    for (Duration simulated : List.of(Duration.ofHours(1), Duration.ofHours(24))) {
      for (int round = 0; round < 5; round++) {
        Path home = Files.createTempDirectory("soen-bench-");
        ManualClock clock = ManualClock.create();
        FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
        FakeJob job = FakeJob.completesAfter(simulated);
        for (int e = 1; e <= 100; e++) {
          job = job.withEpoch(e, Map.of("loss", 1.0 / e));
        }
        fake.enqueue(job);
        try (CloudTrainer trainer = CloudTrainer.builder().provider(fake.provider())
            .discoverProviders(false).clock(clock).sleeper(clock).home(home)
            .environment(Map.of()).build()) {
          JobHandle handle = trainer.submit(CloudConfig.builder().provider("fake")
              .command(List.of("train")).build());
          long start = System.nanoTime();
          JobStatus done = trainer.await(handle, simulated.plusHours(1));
          long nanos = System.nanoTime() - start;
          long polls = fake.statusCalls(handle.id());
          System.out.printf("simulated %s: %s after %d polls in %.1f ms (%.0f polls/s)%s%n",
              simulated, done.state(), polls, nanos / 1e6, polls / (nanos / 1e9),
              round < 2 ? " [warm-up]" : "");
        }
      }
    }
  }
}
