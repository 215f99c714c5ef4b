package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.lambdalabs.TerminatePolicy;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.testkit.ManualClock;
import org.soen.cloud.testkit.lambda.FakeLambdaInstance;

@ExtendWith(LambdaFixtureExtension.class)
class LambdaResilienceIT {
  LambdaFixture f;

  private static long count(List<String> commands, String part) {
    return commands.stream().filter(c -> c.contains(part)).count();
  }

  /** Submits a job whose launcher is killed right after {@code step}, leaving it to be resumed. */
  private JobHandle submitAndKillLauncherAfter(Step step, String jobName) throws InterruptedException {
    return f.submitAndKillAfter(step, jobName, f.config().build());
  }

  @ParameterizedTest(name = "killed after {0}")
  @EnumSource(value = Step.class, names = "DONE", mode = EnumSource.Mode.EXCLUDE)
  @DisplayName("a launcher killed after any step resumes on attach: one instance, one upload, one run, terminated")
  void killedLauncher_resumesWithoutRepeating(Step killedAfter) throws Exception {
    JobHandle job = submitAndKillLauncherAfter(killedAfter, "soen-yolo-20260101000000-k" + killedAfter.ordinal());
    assertThat(f.state(job.id())).doesNotContainKey(Keys.OUTCOME);

    LambdaBackend second = f.backend();
    second.attach(job);
    f.join(second, job.id());

    assertThat(second.status(job).state()).as(f.state(job.id()).toString())
        .isEqualTo(killedAfter == Step.TERMINATE ? JobState.COMPLETED : JobState.COMPLETED);
    assertThat(f.fake.instances()).hasSize(1);
    FakeLambdaInstance i = f.fake.instances().get(0);
    assertThat(i.status()).isEqualTo("terminated");
    assertThat(count(i.commands(), "tar -xf")).isEqualTo(1);
    assertThat(count(i.commands(), "setsid nohup")).isEqualTo(1);
    assertThat(count(i.commands(), "touch setup-ran")).isEqualTo(1);
    assertThat(second.downloadArtifacts(job, f.root.resolve("out"))).hasSize(1);
  }

  @ParameterizedTest(name = "killed inside {0}, once command {1} ran")
  @CsvSource({"SETUP, 1", "SETUP, 2", "AFTER, 1", "AFTER, 2"})
  @DisplayName("a launcher killed inside setup or after, once a command ran but before the journal knew: each command ran once")
  void killedInsideCommands_runsEachCommandOnce(Step step, int command) throws Exception {
    org.soen.cloud.CloudConfig c = f.config().build();
    c = c.toBuilder().set(LambdaSettings.SETUP, List.of("echo s1 >> ledger", "echo s2 >> ledger"))
        .set(LambdaSettings.AFTER, List.of("echo a1 >> ledger", "echo a2 >> ledger")).build();
    LambdaBackend first = f.backend();
    first.onCommand((s, i) -> {
      if (s == step && i == command) {
        throw new LambdaFixture.Killed();
      }
    });
    JobHandle job = f.run(first, "soen-yolo-20260101000000-in" + step.ordinal() + command, c);
    assertThat(f.state(job.id())).doesNotContainKey(Keys.OUTCOME);

    LambdaBackend second = f.backend();
    second.attach(job);
    f.join(second, job.id());

    f.assertCompleted(second, job);
    assertThat(java.nio.file.Files.readAllLines(f.remoteDir.resolve(job.id()).resolve("ledger")))
        .containsExactly("s1", "s2", "a1", "a2");
    assertThat(f.state(job.id())).containsEntry(Keys.SETUP_DONE, "2").containsEntry(Keys.AFTER_DONE, "2");
    assertThat(java.nio.file.Files.readString(f.remoteDir.resolve(job.id())
        .resolve(".soen/steps/" + step.name().toLowerCase() + "-" + command + ".exit"))).isEqualTo("0\n");
  }

  @Test
  @DisplayName("a setup command whose process vanished before it recorded an exit code fails the job and is not run again")
  void setupCommandLost_failsWithoutRunningItTwice() throws Exception {
    org.soen.cloud.CloudConfig c = f.config().build();
    c = c.toBuilder().set(LambdaSettings.SETUP, List.of("echo s1 >> ledger")).build();
    LambdaBackend first = f.backend();
    first.onCommand((s, i) -> {
      throw new LambdaFixture.Killed();
    });
    JobHandle job = f.run(first, "soen-yolo-20260101000000-lo01", c);
    // As if the instance rebooted while the command ran: started, but no exit code, and its process is gone.
    java.nio.file.Path steps = f.remoteDir.resolve(job.id()).resolve(".soen/steps");
    java.nio.file.Files.delete(steps.resolve("setup-1.exit"));

    LambdaBackend second = f.backend();
    second.attach(job);
    f.join(second, job.id());

    assertThat(second.status(job).state()).isEqualTo(JobState.FAILED);
    assertThat(second.status(job).message().orElseThrow()).startsWith("failed at step setup: setup command 1 `echo s1 >> ledger`"
        + " was started on the instance, but its process ended without an exit code").contains("it is not run twice");
    assertThat(java.nio.file.Files.readAllLines(f.remoteDir.resolve(job.id()).resolve("ledger"))).containsExactly("s1");
    assertThat(f.fake.instances().get(0).status()).isEqualTo("terminated");
  }

  @Test
  @DisplayName("a job resumed before its command ran gets its secret environment again from the stored config")
  void resumedBeforeRun_passesSecretEnvironment() throws Exception {
    JobHandle job = submitAndKillLauncherAfter(Step.DATASET_YAML, "soen-yolo-20260101000000-se01");
    f.storedConfig = r -> f.config().build();

    LambdaBackend second = f.backend();
    second.attach(job);
    f.join(second, job.id());

    f.assertCompleted(second, job);
    assertThat(LambdaFixture.logLines(second, job)).contains("token-ok");
    assertThat(String.join("\n", f.fake.instances().get(0).commands())).doesNotContain(LambdaFixture.SECRET);
  }

  @Test
  @DisplayName("resuming before the command ran without the secret in the environment fails with the loader's message and runs nothing")
  void resumedBeforeRun_withoutSecret_failsClearly() throws Exception {
    JobHandle job = submitAndKillLauncherAfter(Step.SETUP, "soen-yolo-20260101000000-se02");
    f.storedConfig = r -> {
      throw new org.soen.cloud.ConfigurationException("cloud.secret_env",
          "names MY_TOKEN, which is not set in the environment; export it or remove it from secret_env");
    };

    LambdaBackend second = f.backend();
    assertThatThrownBy(() -> second.attach(job)).isInstanceOf(org.soen.cloud.ConfigurationException.class)
        .hasMessageContaining("cloud.secret_env").hasMessageContaining("MY_TOKEN");
    assertThat(count(f.fake.instances().get(0).commands(), "setsid nohup")).isZero();
  }

  @Test
  @DisplayName("a job resumed after its command started needs no secrets: a stored config without them resumes it")
  void resumedAfterRun_doesNotNeedSecrets() throws Exception {
    JobHandle job = submitAndKillLauncherAfter(Step.RUN, "soen-yolo-20260101000000-se03");
    // The journal's config as read where the secret is no longer in the environment.
    f.storedConfig = r -> f.config().secretEnvironment(java.util.Map.of()).build();

    LambdaBackend second = f.backend();
    second.attach(job);
    f.join(second, job.id());

    f.assertCompleted(second, job);
    assertThat(LambdaFixture.logLines(second, job)).containsOnlyOnce("token-ok");
  }

  @Test
  @DisplayName("closing the launcher before the command started waits until it runs, then detaches; attach finishes the job")
  void close_beforeCommandStarted_detachesOnceItRuns() throws Exception {
    java.util.concurrent.CountDownLatch launched = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    LambdaBackend first = new LambdaBackend(BackendContext.builder().from(f.context()).events(e -> {
      f.events.onEvent(e);
      if (e.message().startsWith("waiting for the training command to start before detaching")) {
        closing.countDown();
      }
    }).build(), "gpu_1x_a100_sxm4");
    first.onStep(s -> {
      if (s == Step.LAUNCH) {
        launched.countDown();
        try {
          closing.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    JobHandle job = f.submit(first, "soen-yolo-20260101000000-cl01", f.config().build());
    assertThat(launched.await(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();

    first.close();

    assertThat(f.state(job.id())).doesNotContainKey(Keys.OUTCOME);
    assertThat(Step.valueOf(f.state(job.id()).get(Keys.STEP))).isGreaterThan(Step.RUN);
    FakeLambdaInstance i = f.fake.instances().get(0);
    assertThat(i.status()).as("the instance keeps running its job").isEqualTo("active");
    assertThat(count(i.commands(), "setsid nohup")).isEqualTo(1);
    assertThat(f.events.messages(org.soen.cloud.JobEvent.Kind.NOTICE))
        .anyMatch(m -> m.startsWith("detached: the training command runs on instance " + i.id()));

    LambdaBackend second = f.backend();
    second.attach(job);
    f.join(second, job.id());
    f.assertCompleted(second, job);
    assertThat(f.fake.instances()).singleElement().satisfies(x -> {
      assertThat(x.status()).isEqualTo("terminated");
      assertThat(count(x.commands(), "setsid nohup")).isEqualTo(1);
    });
  }

  @Test
  @DisplayName("a launch that creates its instance and answers 500: that one instance is used, terminated and costed")
  void launchAnswered500AfterCreating_usesTheOneInstance() throws Exception {
    f.fake.failLaunchesAfterCreating(1, 500);
    LambdaBackend backend = f.backend();
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-l500", f.config().build());

    f.assertCompleted(backend, job);
    FakeLambdaInstance i = f.fake.instances().get(0);
    assertThat(f.fake.instances()).hasSize(1);
    assertThat(i.status()).isEqualTo("terminated");
    assertThat(f.state(job.id())).containsEntry(Keys.INSTANCE_ID, i.id()).containsEntry(Keys.T_LAUNCH, i.launchedAt().toString());
    assertThat(count(i.commands(), "setsid nohup")).isEqualTo(1);
    org.soen.cloud.CostReport cost = backend.costReport(job).orElseThrow();
    assertThat(cost.source()).startsWith("launch to terminate");
    assertThat(cost.totalUsd()).isGreaterThanOrEqualTo(f.fake.billedUsd())
        .isLessThan(f.fake.billedUsd().add(new java.math.BigDecimal("0.01")));
    assertThat(f.fake.tooManyRequests()).isEmpty();
  }

  /**
   * Runs a job whose SSH connection drops once {@code bytes} of its upload went out, checks that it
   * completed anyway with the upload sent twice, and returns the commands its instance ran.
   */
  private List<String> completedDespiteUploadDrop(long bytes, String jobName) throws InterruptedException {
    f.fake.dropUploadAfter(bytes);
    LambdaBackend backend = f.backend();
    JobHandle job = f.run(backend, jobName, f.config().build());
    f.assertCompleted(backend, job);
    List<String> commands = f.fake.instances().get(0).commands();
    assertThat(count(commands, "tar -xf")).isEqualTo(2);
    return commands;
  }

  @Test
  @DisplayName("an SSH connection dropped mid-upload is reopened and the upload completes")
  void droppedMidUpload() throws Exception {
    completedDespiteUploadDrop(4096, "soen-yolo-20260101000000-du01");
    assertThat(f.events.messages(org.soen.cloud.JobEvent.Kind.NOTICE))
        .contains("SSH connection lost during uploading the dataset; reconnecting");
  }

  @Test
  @DisplayName("a job's first upload lists nothing; the retry after a drop lists the folder once, then sends what is missing")
  void droppedMidUpload_firstAttemptListsNothingRetryLists() throws Exception {
    List<String> commands = completedDespiteUploadDrop(12_000, "soen-yolo-20260101000000-du02");
    assertThat(count(commands, "find -H")).as(String.join("\n", commands)).isEqualTo(1);
    assertThat(commands.indexOf(commands.stream().filter(c -> c.contains("find -H")).findFirst().orElseThrow()))
        .isGreaterThan(commands.indexOf(commands.stream().filter(c -> c.contains("tar -xf")).findFirst().orElseThrow()));
    // what the remote tar had unpacked when the connection dropped depends on its pipe: the retry sends the
    // rest (ResumedUploadIT checks which files on the wire), never more than the whole
    List<Long> totals = f.events.events(org.soen.cloud.JobEvent.Kind.PROGRESS).stream()
        .map(e -> e.bytesTotal().orElseThrow()).distinct().toList();
    assertThat(totals.get(totals.size() - 1)).isLessThanOrEqualTo(totals.get(0));
  }

  @Test
  @DisplayName("a training process killed before it writes its exit code fails the job instead of polling until the max runtime")
  void trainingProcessKilled() throws Exception {
    LambdaBackend backend = f.backend();
    // kills the detached wrapper that would record the exit code, as an OOM kill or a person could
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-tk01",
        f.config().command(List.of("sh", "-c", "echo about to die; kill -9 $PPID")).build());
    assertThat(backend.status(job).state()).as(f.state(job.id()).toString()).isEqualTo(JobState.FAILED);
    assertThat(backend.status(job).message().orElseThrow()).contains("failed at step tail")
        .contains("ended without recording an exit code");
    assertThat(LambdaFixture.logLines(backend, job)).contains("about to die");
    assertThat(f.fake.instances().get(0).status()).isEqualTo("terminated");
    assertThat(Duration.between(ManualClock.DEFAULT_START, f.clock.instant())).isLessThan(Duration.ofHours(1));
  }

  @Test
  @DisplayName("an SSH connection dropped mid-training does not stop the detached run; tailing resumes")
  void droppedMidTraining() throws Exception {
    f.fake.dropSshOnCommand(c -> c.startsWith("tail -c"));
    LambdaBackend backend = f.backend();
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-dt01", f.config().build());
    f.assertCompleted(backend, job);
    FakeLambdaInstance i = f.fake.instances().get(0);
    assertThat(count(i.commands(), "setsid nohup")).isEqualTo(1);
    assertThat(LambdaFixture.logLines(backend, job)).containsOnlyOnce("token-ok");
  }

  @Test
  @DisplayName("a changed host key is refused with a clear error and the instance is still terminated")
  void hostKeyChange_isRefused() throws Exception {
    JobHandle job = submitAndKillLauncherAfter(Step.SETUP, "soen-yolo-20260101000000-hk01");
    String pinned = f.state(job.id()).get(Keys.HOST_KEY);
    assertThat(pinned).startsWith("SHA256:");
    f.fake.changeHostKey(f.fake.instances().get(0).id());

    LambdaBackend second = f.backend();
    second.attach(job);
    f.join(second, job.id());
    assertThat(second.status(job).state()).isEqualTo(JobState.FAILED);
    assertThat(second.status(job).message().orElseThrow())
        .contains("the SSH host key of 127.0.0.1:").contains("changed: pinned " + pinned)
        .contains("refusing to connect");
    assertThat(f.fake.instances().get(0).status()).isEqualTo("terminated");
    assertThat(count(f.fake.instances().get(0).commands(), "tar -xf")).isZero();
  }

  @Test
  @DisplayName("no capacity in any region fails before launching and lists where capacity exists")
  void noCapacity_failsClearly() throws Exception {
    f.fake.instanceType("gpu_1x_a100_sxm4", 129);
    f.fake.instanceType("gpu_1x_h100_pcie", 249, "us-west-3");
    LambdaBackend backend = f.backend();
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-nc01", f.config().build());
    assertThat(backend.status(job).state()).isEqualTo(JobState.FAILED);
    assertThat(backend.status(job).message().orElseThrow())
        .contains("Lambda Cloud has no capacity for gpu_1x_a100_sxm4 in any region right now")
        .contains("gpu_1x_h100_pcie in us-west-3");
    assertThat(f.fake.instances()).isEmpty();
    assertThat(UploadWarmupTest.anyWarmupThread()).as("the upload warm-up ends with the failed job").isFalse();
  }

  @Test
  @DisplayName("capacity only elsewhere: the job launches in the region that has it")
  void capacityElsewhere_usesThatRegion() throws Exception {
    f.fake.instanceType("gpu_1x_a100_sxm4", 129, "europe-central-1");
    LambdaBackend backend = f.backend();
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-ce01", f.config().build());
    assertThat(backend.status(job).state()).isEqualTo(JobState.COMPLETED);
    assertThat(f.fake.instances()).extracting(FakeLambdaInstance::region).containsExactly("europe-central-1");
  }

  @Test
  @DisplayName("a failing training command fails the job and still terminates the instance")
  void failingCommand_terminates() throws Exception {
    LambdaBackend backend = f.backend();
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-fc01",
        f.config().command(List.of("sh", "-c", "echo boom; exit 7")).build());
    assertThat(backend.status(job).state()).isEqualTo(JobState.FAILED);
    assertThat(backend.status(job).message().orElseThrow())
        .isEqualTo("failed at step tail: the training command exited with code 7 (see the log)");
    assertThat(backend.status(job).exitCode()).contains(7);
    assertThat(f.fake.instances().get(0).status()).isEqualTo("terminated");
  }

  @Test
  @DisplayName("the cost cap stops the run and terminates the instance")
  void costCap_terminates() throws Exception {
    LambdaBackend backend = f.backend();
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-cc01",
        f.config().command(List.of("sh", "-c", "sleep 30")).maxCostUsd(new java.math.BigDecimal("0.10")).build());
    assertThat(backend.status(job).state()).isEqualTo(JobState.FAILED);
    assertThat(backend.status(job).message().orElseThrow()).isEqualTo("stopped at the cost cap of $0.10; the instance was terminated");
    assertThat(f.fake.instances().get(0).status()).isEqualTo("terminated");
    assertThat(f.fake.billedUsd()).isLessThanOrEqualTo(new java.math.BigDecimal("0.11"));
  }

  @Test
  @DisplayName("without an API key the reaper is silent when this journal has no Lambda job, and fails when one has not ended")
  void reaperWithoutKey_isSilentUnlessALambdaJobIsUnended() throws Exception {
    BackendContext noKey = BackendContext.builder().from(f.context())
        .environment(java.util.Map.of("HOME", f.root.resolve("no-key-home").toString())).build();
    assertThat(new LambdaBackend(noKey, "gpu_1x_a10").reap(true).released()).isEmpty();

    JobHandle job = submitAndKillLauncherAfter(Step.BOOT, "soen-yolo-20260101000000-nk01");

    assertThatThrownBy(() -> new LambdaBackend(noKey, "gpu_1x_a10").reap(true))
        .isInstanceOf(org.soen.cloud.CredentialsException.class).hasMessageContaining("LAMBDA_API_KEY");
    assertThat(f.state(job.id())).doesNotContainKey(Keys.OUTCOME);
  }

  @Test
  @DisplayName("terminate: never leaves the instance running after success")
  void terminateNever_leavesInstance() throws Exception {
    LambdaBackend backend = f.backend();
    var c = f.config().build();
    c = c.toBuilder().set(LambdaSettings.TERMINATE, TerminatePolicy.NEVER.configName()).build();
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-tn01", c);
    assertThat(backend.status(job).state()).isEqualTo(JobState.COMPLETED);
    assertThat(f.fake.instances().get(0).status()).isEqualTo("active");
    assertThat(LambdaSettings.defaults().terminate()).isEqualTo(TerminatePolicy.ALWAYS);
  }
}
