package org.soen.cloud.lambdalabs.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobListener;
import org.soen.cloud.lambdalabs.LambdaLabsProvider;
import org.soen.cloud.testkit.TrainingBackendContract;

/** The testkit's contract, run by the lambdalabs provider against FakeLambdaCloud. */
class LambdaContractIT extends TrainingBackendContract {
  @TempDir Path world;
  private LambdaFixture f;

  private LambdaFixture fixture() {
    if (f == null) {
      f = new LambdaFixture(world);
    }
    return f;
  }

  @AfterEach
  void closeFake() {
    if (f != null) {
      f.close();
    }
  }

  @Override
  protected CloudTrainer newTrainer(Path home, JobListener listener) {
    LambdaFixture x = fixture();
    return CloudTrainer.builder().provider(new LambdaLabsProvider()).discoverProviders(false)
        .clock(x.clock).sleeper(x.clock).pollInterval(Duration.ofSeconds(1)).home(home)
        .environment(x.environment()).listener(listener).build();
  }

  private CloudConfig.Builder base() {
    return fixture().config().secretEnvironment(java.util.Map.of())
        .instance(InstanceSpec.builder().instanceType("gpu_1x_a100_sxm4").maxRuntime(Duration.ofDays(20)).build());
  }

  @Override
  protected CloudConfig successfulJob() {
    return base().command(List.of("sh", "-c", "mkdir -p out && echo epoch done && echo weights > out/model.bin"))
        .artifacts(List.of("out/*.bin")).build();
  }

  @Override
  protected CloudConfig failingJob() {
    return base().command(List.of("sh", "-c", "echo out of memory; exit 3")).build();
  }

  @Override
  protected CloudConfig longRunningJob() {
    return base().command(List.of("sleep", "600")).build();
  }

  @Override
  protected Duration awaitTimeout() {
    return Duration.ofDays(10);
  }
}
