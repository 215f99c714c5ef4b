package org.soen.cloud.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;

/** The contract suite against {@link FakeTrainingBackend}, on a {@link ManualClock}. */
class FakeBackendContractTest extends TrainingBackendContract {
  private final ManualClock clock = ManualClock.create();
  private final FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();

  @Override
  protected CloudTrainer newTrainer(Path home, JobListener listener) {
    return CloudTrainer.builder().provider(fake.provider()).discoverProviders(false)
        .clock(clock).sleeper(clock).home(home).environment(Map.of()).listener(listener)
        .build();
  }

  private CloudConfig.Builder base() {
    return CloudConfig.builder().provider("fake").experiment("contract")
        .command(List.of("python", "train.py")).baseDirectory(home);
  }

  @Override
  protected CloudConfig successfulJob() {
    fake.enqueue(FakeJob.completesAfter(Duration.ofMinutes(5))
        .withLogLines("loading data")
        .withEpoch(1, Map.of("loss", 0.5))
        .withArtifact("model/best.pt", "weights")
        .withArtifact("scratch.tmp", "not asked for"));
    return base().addArtifacts("model/*.pt").build();
  }

  @Override
  protected CloudConfig failingJob() {
    fake.enqueue(FakeJob.failsAfterPolls(2, "CUDA out of memory", 137));
    return base().build();
  }

  @Override
  protected CloudConfig longRunningJob() {
    fake.enqueue(FakeJob.runsUntilStopped());
    return base().build();
  }

  @Override
  protected Optional<CloudConfig> capacityErrorJob() {
    fake.enqueue(FakeJob.rejectsWithCapacity("no fake-gpu-1x capacity; try fake-gpu-8x"));
    return Optional.of(base().build());
  }

  @Override
  protected Optional<CloudConfig> credentialsErrorJob() {
    fake.enqueue(FakeJob.rejectsWithCredentials("the API key was revoked; create a new one"));
    return Optional.of(base().build());
  }

  @Override
  protected Optional<String> stagedConfig(JobHandle job) {
    return fake.submissions().stream().filter(s -> s.jobId().equals(job.id()))
        .map(RecordedSubmission::stagedConfigYaml).findFirst();
  }
}
