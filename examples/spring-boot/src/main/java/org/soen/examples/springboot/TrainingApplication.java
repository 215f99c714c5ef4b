package org.soen.examples.springboot;

import org.soen.cloud.CloudTrainer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A Spring Boot application that sends training runs to the cloud through one {@link CloudTrainer}. */
@SpringBootApplication
public class TrainingApplication {
  /** The trainer: providers found on the class path, settings from the environment and ~/.soen. */
  @Bean(destroyMethod = "close")
  CloudTrainer cloudTrainer() {
    return CloudTrainer.create();
  }

  /**
   * Starts the application.
   *
   * @param args Spring Boot's arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(TrainingApplication.class, args);
  }
}
