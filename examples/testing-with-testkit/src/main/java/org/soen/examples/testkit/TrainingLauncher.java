package org.soen.examples.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.soen.cloud.CapacityException;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobFailedException;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;

/**
 * A small launcher of the kind a training toolkit has: when the training YAML says
 * {@code cloud: active: true} it sends the run to the cloud, follows it, and brings the artifacts
 * back; otherwise it returns empty and the caller trains locally as before. When the provider has
 * no capacity for the configured instance type it tries the fallback types in order; a job still
 * running when the wait ends (its max runtime plus the trainer's slack) is stopped, never left
 * running.
 *
 * <p>It takes the {@link CloudTrainer} from its caller, so a test can hand it one wired to the
 * testkit's fake (see {@code TrainingLauncherTest}).
 */
public final class TrainingLauncher {
  private final CloudTrainer trainer;
  private final List<String> fallbackInstanceTypes;

  /** A launcher submitting through {@code trainer}, trying {@code fallbackInstanceTypes} on capacity errors. */
  public TrainingLauncher(CloudTrainer trainer, List<String> fallbackInstanceTypes) {
    this.trainer = trainer;
    this.fallbackInstanceTypes = List.copyOf(fallbackInstanceTypes);
  }

  /** What a cloud run produced. */
  public record Result(JobHandle job, JobStatus status, List<Path> artifacts) {}

  /**
   * Run {@code trainingYaml} in the cloud when it asks for it and copy its artifacts into
   * {@code outputDirectory}.
   *
   * @return empty when {@code cloud.active} is false: train locally
   * @throws JobFailedException when the job failed, was stopped, or outran its max runtime (it is
   *     stopped first)
   * @throws CapacityException when no instance type had capacity
   */
  public Optional<Result> run(Path trainingYaml, Path outputDirectory) {
    CloudConfig config = trainer.loadConfig(trainingYaml);
    if (!config.active()) {
      return Optional.empty();
    }
    JobHandle job = submitWithFallbacks(config);
    JobStatus status = trainer.await(job);
    if (!status.state().isTerminal()) {
      // Still running past its max runtime plus slack: never leave a paid job behind.
      status = trainer.stop(job);
    }
    if (status.state() != JobState.COMPLETED) {
      throw new JobFailedException(status);
    }
    return Optional.of(new Result(job, status, trainer.download(job, outputDirectory)));
  }

  private JobHandle submitWithFallbacks(CloudConfig config) {
    List<CloudConfig> attempts = new ArrayList<>();
    attempts.add(config);
    fallbackInstanceTypes.forEach(t ->
        attempts.add(config.toBuilder().instance(config.instance().withType(t)).build()));
    CapacityException last = null;
    for (CloudConfig attempt : attempts) {
      try {
        return trainer.submit(attempt);
      } catch (CapacityException e) {
        last = e;
      }
    }
    throw last;
  }
}
