package org.soen.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobState;
import org.soen.cloud.testkit.FakeJob;
import org.soen.cloud.testkit.FakeTrainingBackend;
import org.soen.cloud.testkit.ManualClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service in its Spring context, with the application's trainer replaced by one wired to the
 * testkit's in-memory fake and manual clock: no cloud, no account, no waiting.
 */
@SpringBootTest
class TrainingServiceTest {
  @TempDir static Path home;

  /** The test's trainer, preferred over the application's. */
  @TestConfiguration
  static class FakeCloud {
    @Bean
    ManualClock clock() {
      return ManualClock.create();
    }

    @Bean
    FakeTrainingBackend fake(ManualClock clock) {
      return FakeTrainingBackend.builder().id("local").clock(clock).build();
    }

    @Bean(destroyMethod = "close")
    @Primary
    CloudTrainer testTrainer(FakeTrainingBackend fake, ManualClock clock) {
      return CloudTrainer.builder().provider(fake.provider()).discoverProviders(false)
          .clock(clock).sleeper(clock).home(home.resolve("soen")).build();
    }
  }

  @Autowired TrainingService service;
  @Autowired FakeTrainingBackend fake;

  @Test
  void train_whenTheJobCompletes_downloadsTheWeights(@TempDir Path project) throws IOException {
    Path yaml = Files.writeString(project.resolve("train.yaml"), """
        cloud:
          experiment: boot
          command: [python, train.py]
          artifacts: [best.pt]
        """);
    fake.enqueue(FakeJob.completesAfter(Duration.ofHours(2)).withArtifact("best.pt", "weights"));

    assertThat(service.train(yaml, project.resolve("out")).state()).isEqualTo(JobState.COMPLETED);
    assertThat(project.resolve("out/best.pt")).hasContent("weights");
    assertThat(fake.takeSubmission().config().experiment()).isEqualTo("boot");
  }

  @Test
  void testClassPath_holdsNoServerOrCloudLibraryOfTheTestkit() {
    assertThat(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(e -> Path.of(e).getFileName().toString()))
        .as("the light testkit brings no Jetty (Spring Boot has its own), S3Proxy, jclouds or MINA")
        .noneMatch(jar -> jar.startsWith("jetty-") || jar.startsWith("s3proxy")
            || jar.startsWith("jclouds") || jar.startsWith("sshd-") || jar.startsWith("guice"));
  }
}
