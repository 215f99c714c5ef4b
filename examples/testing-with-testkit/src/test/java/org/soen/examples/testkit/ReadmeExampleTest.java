package org.soen.examples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.testkit.FakeJob;
import org.soen.cloud.testkit.FakeTrainingBackend;
import org.soen.cloud.testkit.SoenCloudTest;

// README:start
@SoenCloudTest
class ReadmeExampleTest {
  @Test
  void submitsFollowsAndDownloads(CloudTrainer trainer, FakeTrainingBackend fake,
      @TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve("data/images"));
    Files.writeString(project.resolve("data/images/cat.png"), "png");
    Files.writeString(project.resolve("data/dataset.yaml"), "path: .\nnames: [cat]\n");
    Path yaml = Files.writeString(project.resolve("train.yaml"), """
        training: {epochs: 20}
        cloud:
          active: true
          experiment: cats
          command: [python, train.py]
          data: data/
          artifacts: [weights/best.pt]
        """);
    fake.enqueue(FakeJob.completesAfter(Duration.ofMinutes(40))
        .withEpoch(1, Map.of("loss", 0.9))
        .withArtifact("weights/best.pt", "best weights"));

    new TrainingLauncher(trainer, List.of()).run(yaml, project.resolve("out"));

    assertThat(fake.takeSubmission().dataFiles()).containsExactly("dataset.yaml", "images/cat.png");
    assertThat(project.resolve("out/weights/best.pt")).hasContent("best weights");
  }
}
// README:end
