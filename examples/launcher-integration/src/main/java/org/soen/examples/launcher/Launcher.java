package org.soen.examples.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobFailedException;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;

/**
 * An existing training launcher ({@code train your_training_config.yaml}) with the source
 * document's "integrated" option added: when the YAML's {@code cloud:} section says
 * {@code active: true}, the run goes to the cloud and its artifacts come back; otherwise the
 * launcher trains locally exactly as before. The cloud part is three calls.
 */
public final class Launcher {
  /** What the launcher did before soen-cloud: train in this process. */
  @FunctionalInterface
  public interface LocalTraining {
    /** Train with {@code trainingYaml} in this process. */
    void train(Path trainingYaml);
  }

  private final CloudTrainer trainer;
  private final LocalTraining local;
  private final PrintStream out;

  /** A launcher that uses {@code trainer} for cloud runs and {@code local} otherwise. */
  public Launcher(CloudTrainer trainer, LocalTraining local, PrintStream out) {
    this.trainer = trainer;
    this.local = local;
    this.out = out;
  }

  /** {@code java ... Launcher your_training_config.yaml}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: train <training_config.yaml>");
      System.exit(2);
    }
    try (CloudTrainer trainer = CloudTrainer.create()) {
      new Launcher(trainer, yaml -> System.out.println("training locally with " + yaml), System.out)
          .run(Path.of(args[0]), Path.of("artifacts"));
    }
  }

  /**
   * Train {@code trainingYaml} in the cloud when it asks for it, else locally.
   *
   * @return the cloud job's handle, or empty when the run stayed local
   * @throws JobFailedException when the cloud job failed or was stopped
   */
  public Optional<JobHandle> run(Path trainingYaml, Path artifacts) {
    Optional<JobHandle> submitted = trainer.submitIfActive(trainingYaml);
    if (submitted.isEmpty()) {
      local.train(trainingYaml);
      return Optional.empty();
    }
    JobHandle job = submitted.get();
    out.println("Cloud job submitted: " + job.id() + " on " + job.provider());
    JobStatus done = trainer.await(job);
    if (done.state() != JobState.COMPLETED) {
      throw new JobFailedException(done);
    }
    List<Path> files = trainer.download(job, artifacts.resolve(job.id()));
    out.println("Artifacts: " + files);
    return submitted;
  }
}
