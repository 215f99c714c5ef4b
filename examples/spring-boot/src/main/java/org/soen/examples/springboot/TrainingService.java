package org.soen.examples.springboot;

import java.nio.file.Path;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobStatus;
import org.springframework.stereotype.Service;

/** Runs a training YAML to its end: submit, wait, download the artifacts it names. */
@Service
public class TrainingService {
  private final CloudTrainer trainer;

  /**
   * A service using {@code trainer}.
   *
   * @param trainer the application's trainer
   */
  public TrainingService(CloudTrainer trainer) {
    this.trainer = trainer;
  }

  /**
   * Submits {@code trainingYaml}, waits for the job to end and downloads its artifacts.
   *
   * @param trainingYaml a training YAML with a {@code cloud:} section
   * @param output where the artifacts go
   * @return the job's final status
   */
  public JobStatus train(Path trainingYaml, Path output) {
    JobHandle job = trainer.submit(trainingYaml);
    JobStatus done = trainer.await(job);
    trainer.download(job, output);
    return done;
  }
}
