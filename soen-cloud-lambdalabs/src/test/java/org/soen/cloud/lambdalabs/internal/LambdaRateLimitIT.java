package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.lambdalabs.LambdaLabsProvider;

/** A whole run through the trainer against the fake at Lambda's real limits (one request a second, one launch in 12 s). */
@ExtendWith(LambdaFixtureExtension.class)
class LambdaRateLimitIT {
  LambdaFixture f;

  @Test
  @DisplayName("reap, estimate, submit, run and reap again at the real limits: not one 429")
  void aNormalRun_atTheRealLimits_getsNo429() throws Exception {
    CloudConfig config = f.config().secretEnvironment(java.util.Map.of())
        .instance(InstanceSpec.builder().instanceType("gpu_1x_a10").maxRuntime(Duration.ofHours(2)).build()).build();
    CountDownLatch terminated = new CountDownLatch(1);
    // Only the job's own thread moves the clock until it is done: the API calls are spaced by the
    // limiter alone, not by a launcher polling time forward.
    try (CloudTrainer trainer = CloudTrainer.builder().provider(new LambdaLabsProvider()).discoverProviders(false)
        .clock(f.clock).sleeper(f.clock).home(f.root.resolve("trainer-home")).environment(f.environment())
        .listener(e -> {
          if (e.kind() == JobEvent.Kind.NOTICE && e.message().startsWith("terminated instance")) {
            terminated.countDown();
          }
        }).build()) {
      assertThat(trainer.operations().reap(false).released()).isEmpty();
      assertThat(trainer.estimate(config).instanceType()).isEqualTo("gpu_1x_a10");
      JobHandle job = trainer.submit(config);
      assertThat(terminated.await(2, TimeUnit.MINUTES)).as("the job ended and terminated its instance").isTrue();

      assertThat(trainer.await(job).state()).isEqualTo(JobState.COMPLETED);
      assertThat(trainer.operations().reap(false).released()).isEmpty();
    }

    List<String> requests = f.fake.requests();
    assertThat(requests).contains("GET /instance-types", "POST /instance-operations/launch",
        "POST /instance-operations/terminate");
    assertThat(f.fake.tooManyRequests()).as("429s among %d requests", requests.size()).isEmpty();
  }
}
