package org.soen.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobFailedException;
import org.soen.cloud.JobHandle;
import org.soen.cloud.testkit.FakeJob;
import org.soen.cloud.testkit.FakeTrainingBackend;
import org.soen.cloud.testkit.ManualClock;

class LauncherTest {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.create();
  final FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
  final List<Path> trainedLocally = new ArrayList<>();
  final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  CloudTrainer trainer;
  Launcher launcher;

  @BeforeEach
  void setUp() {
    trainer = CloudTrainer.builder().provider(fake.provider()).discoverProviders(false)
        .clock(clock).sleeper(clock).home(dir.resolve("home")).environment(Map.of()).build();
    launcher = new Launcher(trainer, trainedLocally::add, new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private Path yaml(String active) throws IOException {
    Path file = dir.resolve("train.yaml");
    Files.writeString(file, "training:\n  epochs: 5\ncloud:\n  active: " + active
        + "\n  provider: fake\n  command: [python, train.py]\n  artifacts: [best.pt]\n");
    return file;
  }

  @Test
  void run_whenCloudIsActive_submitsAwaitsAndDownloadsWithoutTrainingLocally() throws IOException {
    fake.enqueue(FakeJob.completesAfterPolls(2).withArtifact("best.pt", "weights"));

    Optional<JobHandle> job = launcher.run(yaml("true"), dir.resolve("artifacts"));

    assertThat(job).isPresent();
    assertThat(trainedLocally).isEmpty();
    assertThat(fake.takeSubmission().config().userSections()).containsKey("training");
    assertThat(dir.resolve("artifacts").resolve(job.get().id()).resolve("best.pt")).hasContent("weights");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Cloud job submitted: " + job.get().id() + " on fake");
  }

  @Test
  void run_whenCloudIsInactive_trainsLocallyAndSubmitsNothing() throws IOException {
    Path file = yaml("false");

    assertThat(launcher.run(file, dir.resolve("artifacts"))).isEmpty();

    assertThat(trainedLocally).containsExactly(file);
    assertThat(fake.submissions()).isEmpty();
  }

  @Test
  void run_whenTheCloudJobFails_throwsWithTheReason() throws IOException {
    fake.enqueue(FakeJob.failsAfterPolls(1, "out of memory", 137));

    assertThatThrownBy(() -> launcher.run(yaml("true"), dir.resolve("artifacts")))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("ended FAILED: out of memory (exit code 137)");
    assertThat(trainedLocally).isEmpty();
  }

  @Test
  void run_whenTheCloudSectionIsInvalid_failsBeforeSubmittingOrTrainingLocally() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "cloud:\n  active: yes-please\n  provider: fake\n");

    assertThatThrownBy(() -> launcher.run(file, dir.resolve("artifacts")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cloud.active");
    assertThat(fake.submissions()).isEmpty();
    assertThat(trainedLocally).isEmpty();
  }
}
