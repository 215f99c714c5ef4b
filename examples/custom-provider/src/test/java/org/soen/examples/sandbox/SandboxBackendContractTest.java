package org.soen.examples.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.testkit.TrainingBackendContract;

/** The testkit's contract suite, run against the sandbox provider with real child processes. */
class SandboxBackendContractTest extends TrainingBackendContract {
  @Override
  protected CloudTrainer newTrainer(Path home, JobListener listener) {
    return CloudTrainer.builder().home(home).environment(Map.of("PATH", System.getenv("PATH")))
        .listener(listener).pollInterval(Duration.ofMillis(20)).build();
  }

  private CloudConfig.Builder base() {
    return CloudConfig.builder().provider("sandbox").experiment("contract").baseDirectory(home);
  }

  @Override
  protected CloudConfig successfulJob() {
    return base().command(List.of("/bin/sh", "-c", "echo loading data; echo 'epoch 1: loss=0.5000';"
            + " mkdir -p \"$SOEN_OUTPUT_DIR/model\"; echo weights > \"$SOEN_OUTPUT_DIR/model/best.pt\";"
            + " echo scratch > \"$SOEN_OUTPUT_DIR/scratch.tmp\""))
        .addArtifacts("model/*.pt").build();
  }

  @Override
  protected CloudConfig failingJob() {
    return base().command(List.of("/bin/sh", "-c", "echo 'CUDA out of memory'; exit 137")).build();
  }

  @Override
  protected CloudConfig longRunningJob() {
    return base().command(List.of("/bin/sh", "-c", "exec tail -f /dev/null")).build();
  }

  @Override
  protected Duration awaitTimeout() {
    return Duration.ofMinutes(2);
  }

  @Override
  protected Duration shortTimeout() {
    return Duration.ofMillis(100);
  }

  @Override
  protected Optional<String> stagedConfig(JobHandle job) {
    try {
      return Optional.of(Files.readString(Path.of(job.details().get("staging_dir")).resolve("config/training_config.yaml")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
