package org.soen.examples.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CapacityException;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobFailedException;
import org.soen.cloud.JobState;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.testkit.FakeJob;
import org.soen.cloud.testkit.FakeTrainingBackend;
import org.soen.cloud.testkit.ManualClock;
import org.soen.cloud.testkit.RecordedSubmission;
import org.soen.cloud.testkit.RecordingJobListener;
import org.soen.cloud.testkit.SoenCloudTest;

/** The launcher tested against the testkit's fake provider: no cloud, no account, no sleeps. */
@SoenCloudTest
class TrainingLauncherTest {
  @TempDir Path project;
  Path yaml;

  @BeforeEach
  void aProjectWithDataAndATrainingYaml() throws IOException {
    Files.createDirectories(project.resolve("data/images"));
    Files.writeString(project.resolve("data/images/cat.png"), "png");
    Files.writeString(project.resolve("data/dataset.yaml"), "path: .\nnames: [cat]\n");
    yaml = project.resolve("train.yaml");
    writeYaml(true);
  }

  private void writeYaml(boolean active) throws IOException {
    Files.writeString(yaml, String.join("\n",
        "training:",
        "  epochs: 20",
        "cloud:",
        "  active: " + active,
        "  provider: fake",
        "  experiment: cats",
        "  instance_type: fake-gpu-8x",
        "  command: [python, train.py]",
        "  data: data/",
        "  artifacts: [weights/best.pt]",
        ""));
  }

  @Test
  void run_whenCloudIsActive_submitsFollowsAndDownloadsTheWeights(CloudTrainer trainer,
      FakeTrainingBackend fake, ManualClock clock, RecordingJobListener events) throws IOException {
    fake.enqueue(FakeJob.completesAfter(Duration.ofMinutes(40))
        .withEpoch(1, Map.of("loss", 0.9))
        .withEpoch(2, Map.of("loss", 0.4))
        .withArtifact("weights/best.pt", "best weights")
        .withArtifact("weights/last.pt", "last weights"));
    Path out = project.resolve("out");

    TrainingLauncher.Result result = new TrainingLauncher(trainer, List.of()).run(yaml, out)
        .orElseThrow();

    assertThat(result.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(result.artifacts()).containsExactly(out.resolve("weights/best.pt").toAbsolutePath());
    assertThat(Files.readString(out.resolve("weights/best.pt"))).isEqualTo("best weights");
    RecordedSubmission submitted = fake.takeSubmission();
    assertThat(submitted.jobId()).startsWith("soen-cats-");
    assertThat(submitted.dataFiles()).containsExactly("dataset.yaml", "images/cat.png");
    assertThat(submitted.stagedConfigYaml()).contains("epochs: 20");
    assertThat(submitted.config().instance().instanceType()).contains("fake-gpu-8x");
    assertThat(events.events(JobEvent.Kind.METRICS)).extracting(JobEvent::epoch)
        .containsExactly(java.util.Optional.of(1), java.util.Optional.of(2));
    assertThat(trainer.costReport(result.job()).orElseThrow().totalUsd())
        .isEqualByComparingTo("5.33"); // 40 minutes of fake-gpu-8x at 8.00 USD/h
    assertThat(clock.instant()).isAfterOrEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(40)));
  }

  @Test
  void run_whenCloudIsNotActive_submitsNothing(CloudTrainer trainer, FakeTrainingBackend fake)
      throws IOException {
    writeYaml(false);

    assertThat(new TrainingLauncher(trainer, List.of()).run(yaml, project.resolve("out")))
        .isEmpty();
    assertThat(fake.submissions()).isEmpty();
  }

  @Test
  void run_whenTheTypeHasNoCapacity_fallsBackToTheNextType(CloudTrainer trainer,
      FakeTrainingBackend fake) {
    fake.enqueue(FakeJob.rejectsWithCapacity("no fake-gpu-8x capacity in any region"))
        .enqueue(FakeJob.completesAfterPolls(2).withArtifact("weights/best.pt", "w"));

    new TrainingLauncher(trainer, List.of("fake-gpu-1x")).run(yaml, project.resolve("out"));

    assertThat(fake.submissions()).extracting(RecordedSubmission::request)
        .extracting(SubmitRequest::config)
        .extracting(c -> c.instance().instanceType().orElseThrow())
        .containsExactly("fake-gpu-8x", "fake-gpu-1x");
    assertThat(trainer.list()).extracting(s -> s.state())
        .containsExactlyInAnyOrder(JobState.FAILED, JobState.COMPLETED);
  }

  @Test
  void run_whenEveryTypeLacksCapacity_throwsTheLastCapacityError(CloudTrainer trainer,
      FakeTrainingBackend fake) {
    fake.enqueue(FakeJob.rejectsWithCapacity("no fake-gpu-8x capacity"))
        .enqueue(FakeJob.rejectsWithCapacity("no fake-gpu-1x capacity"));
    TrainingLauncher launcher = new TrainingLauncher(trainer, List.of("fake-gpu-1x"));

    assertThatThrownBy(() -> launcher.run(yaml, project.resolve("out")))
        .isInstanceOf(CapacityException.class).hasMessage("no fake-gpu-1x capacity");
  }

  @Test
  void run_whenTheJobFails_throwsJobFailedWithTheReason(CloudTrainer trainer,
      FakeTrainingBackend fake) {
    fake.enqueue(FakeJob.failsAfterPolls(3, "CUDA out of memory", 137));
    TrainingLauncher launcher = new TrainingLauncher(trainer, List.of());

    assertThatThrownBy(() -> launcher.run(yaml, project.resolve("out")))
        .isInstanceOf(JobFailedException.class)
        .hasMessageMatching("job soen-cats-\\d{14}-[a-z0-9]{4} ended FAILED: CUDA out of memory"
            + " \\(exit code 137\\)");
  }

  @Test
  void run_whenTheJobOutrunsItsMaxRuntime_stopsItInsteadOfLeavingItRunning(CloudTrainer trainer,
      FakeTrainingBackend fake, ManualClock clock) throws IOException {
    Files.writeString(yaml, Files.readString(yaml) + "  max_runtime_hours: 1\n");
    fake.enqueue(FakeJob.runsUntilStopped());
    TrainingLauncher launcher = new TrainingLauncher(trainer, List.of());

    assertThatThrownBy(() -> launcher.run(yaml, project.resolve("out")))
        .isInstanceOf(JobFailedException.class)
        .hasMessageEndingWith("ended STOPPED: stopped on request");

    String job = fake.takeSubmission().jobId();
    assertThat(fake.stopCalls(job)).isEqualTo(1);
    assertThat(clock.instant()).as("waited 1 h of runtime plus the trainer's 2 h of slack")
        .isEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofHours(3)));
  }

  @Test
  void run_whenSpotCapacityIsReclaimedMidway_resumesAndCompletes(CloudTrainer trainer,
      FakeTrainingBackend fake, RecordingJobListener events) {
    fake.enqueue(FakeJob.interruptedThenCompletes(2, 3, 2).withArtifact("weights/best.pt", "w"));

    TrainingLauncher.Result result = new TrainingLauncher(trainer, List.of())
        .run(yaml, project.resolve("out")).orElseThrow();

    assertThat(result.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(events.states()).containsSubsequence(JobState.RUNNING, JobState.INTERRUPTED,
        JobState.RUNNING, JobState.COMPLETED);
  }
}
