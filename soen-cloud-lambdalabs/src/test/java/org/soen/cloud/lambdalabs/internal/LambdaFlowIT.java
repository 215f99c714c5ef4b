package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.soen.cloud.CostReport;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.PhaseCost;
import org.soen.cloud.testkit.lambda.FakeLambdaInstance;

@ExtendWith(LambdaFixtureExtension.class)
class LambdaFlowIT {
  LambdaFixture f;

  @Test
  @DisplayName("with cloud.lambda.upload_warmup off no warm-up runs, and the job still completes")
  void uploadWarmupOff_noWarmupRuns() throws Exception {
    LambdaBackend backend = f.backend();
    List<Boolean> warmupSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    backend.onStep(s -> warmupSeen.add(UploadWarmupTest.anyWarmupThread()));
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-cd34",
        f.config().set(org.soen.cloud.lambdalabs.LambdaSettings.UPLOAD_WARMUP, "off").build());

    f.assertCompleted(backend, job);
    assertThat(warmupSeen).isNotEmpty().doesNotContain(true);
  }

  @Test
  @DisplayName("the whole flow launches once, uploads, rewrites dataset.yaml, trains, downloads best.pt and terminates")
  void wholeFlow() throws Exception {
    LambdaBackend backend = f.backend();
    List<Boolean> warmupAfterLaunch = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Boolean> warmupAfterUpload = new java.util.concurrent.CopyOnWriteArrayList<>();
    backend.onStep(s -> {
      if (s == Step.LAUNCH) {
        warmupAfterLaunch.add(UploadWarmupTest.anyWarmupThread());
      } else if (s == Step.UPLOAD) {
        warmupAfterUpload.add(UploadWarmupTest.anyWarmupThread());
      }
    });
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-ab12", f.config().build());
    assertThat(warmupAfterLaunch).as("the upload warm-up runs while the instance boots").containsExactly(true);
    assertThat(warmupAfterUpload).as("the upload warm-up had ended when the upload was done").containsExactly(false);
    assertThat(UploadWarmupTest.anyWarmupThread()).as("nothing of it outlives the job").isFalse();

    f.assertCompleted(backend, job);
    List<FakeLambdaInstance> instances = f.fake.instances();
    assertThat(instances).hasSize(1);
    FakeLambdaInstance i = instances.get(0);
    assertThat(i.status()).isEqualTo("terminated");
    assertThat(i.name()).isEqualTo(job.id());
    assertThat(i.tags()).containsEntry("soen-job", job.id());
    Path run = f.remoteDir.resolve(job.id());
    assertThat(Files.readString(run.resolve("training data/dataset.yaml")))
        .startsWith("path: '" + run.resolve("training data") + "'\ntrain: train/images");
    assertThat(run.resolve("setup-ran")).exists();
    assertThat(Files.readAllBytes(run.resolve("training data/train/images/img3.jpg")))
        .isEqualTo(Files.readAllBytes(f.dataset.resolve("train/images/img3.jpg")));

    Path out = Files.createDirectories(f.root.resolve("out"));
    List<Path> artifacts = backend.downloadArtifacts(job, out);
    assertThat(artifacts).containsExactly(out.resolve("runs/detect/exp/weights/best.pt"));
    assertThat(Files.readAllBytes(artifacts.get(0))).isEqualTo(Files.readAllBytes(run.resolve("runs/detect/exp/weights/best.pt")));

    assertThat(LambdaFixture.logLines(backend, job)).contains("token-ok", "trained aoe2 $(id) `x` ; 'q'");
    List<JobEvent> metrics = f.events.events(JobEvent.Kind.METRICS);
    assertThat(metrics).extracting(e -> e.epoch().orElseThrow()).containsExactly(1, 2, 3);
    assertThat(metrics.get(1).metrics()).containsEntry("box_loss", 1.2).containsEntry("mAP50", 0.42)
        .containsEntry("mAP50-95", 0.301).containsEntry("cls_loss", 2.0);
    assertThat(f.events.events(JobEvent.Kind.PROGRESS)).last().satisfies(e ->
        assertThat(e.bytesDone()).isEqualTo(e.bytesTotal()));

    CostReport cost = backend.costReport(job).orElseThrow();
    assertThat(f.state(job.id())).as("billing starts when the launch was requested, after the rate limiter's wait")
        .containsEntry(Keys.T_LAUNCH, i.launchedAt().toString());
    assertThat(java.time.Duration.between(i.terminatedAt().orElseThrow(), java.time.Instant.parse(f.state(job.id()).get(Keys.T_TERMINATED))))
        .as("and ends when the termination was confirmed").isBetween(java.time.Duration.ZERO, java.time.Duration.ofSeconds(1));
    assertThat(cost.phases()).extracting(PhaseCost::phase).containsExactly("startup", "upload", "training", "download");
    assertThat(cost.phases().stream().map(PhaseCost::duration).reduce(java.time.Duration.ZERO, java.time.Duration::plus))
        .isEqualTo(cost.billable());
    assertThat(cost.hourlyUsd()).isEqualByComparingTo("1.29");
    assertThat(cost.totalUsd().subtract(f.fake.billedUsd()).abs()).isLessThan(new java.math.BigDecimal("0.01"));
    assertThat(backend.logs(job, "").complete()).isTrue();
  }

  @Test
  @DisplayName("terminating the instance, which resets the connections still open, leaves the SSH client nothing to warn about")
  void termination_leavesNoSshWarning() throws Exception {
    ch.qos.logback.classic.Logger sshd = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.sshd");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
        new ch.qos.logback.core.read.ListAppender<>();
    warnings.start();
    sshd.addAppender(warnings);
    try {
      LambdaBackend backend = f.backend();
      JobHandle job = f.run(backend, "soen-yolo-20260101000000-nw01", f.config().build());
      f.assertCompleted(backend, job);
      assertThat(f.fake.instances()).singleElement().satisfies(i -> assertThat(i.status()).isEqualTo("terminated"));
    } finally {
      sshd.detachAppender(warnings);
    }
    assertThat(warnings.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).isEmpty();
  }

  @Test
  @DisplayName("starting the training returns as soon as it runs detached, not when it ends or the SSH client gives up")
  void trainingStart_returnsWhileTheTrainingStillRuns() throws Exception {
    f.api().launchOnce("us-east-1", "gpu_1x_a10", "my-key", "soen-start", java.util.Map.of(), t -> {});
    Path run = Files.createDirectories(f.remoteDir.resolve("start it's/.soen")).getParent();
    Files.writeString(run.resolve(".soen/env"), "");
    // A client timeout far beyond the test's own: a start that held the channel would never return.
    try (SshRunner ssh = new SshRunner("127.0.0.1", f.fake.instances().get(0).sshPort(), "ubuntu", f.key,
        java.util.Optional.empty(), pin -> {}, java.time.Duration.ofHours(1))) {
      assertThat(ssh.run("true", null).exitCode()).as("connected").isZero();
      long t0 = System.nanoTime();
      SshRunner.Result started = ssh.run(RemoteScripts.startTraining(run.toString(),
          List.of("sh", "-c", "while [ ! -e release ]; do sleep 0.05; done; echo trained")), null);
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(started.exitCode()).as(started.stderr()).isZero();
      assertThat(run.resolve(".soen/started")).exists();
      assertThat(run.resolve(".soen/exit_code")).as("the training still runs").doesNotExist();
      System.out.println("the training start on the embedded SSH server returned after " + ms + " ms");
      Files.writeString(run.resolve("release"), "");
    }
  }

  @Test
  @DisplayName("secrets never reach remote command lines, the journal, events or the kept log")
  void secretsStayOut() throws Exception {
    LambdaBackend backend = f.backend();
    JobHandle job = f.run(backend, "soen-yolo-20260101000000-cd34", f.config().build());
    assertThat(backend.status(job).state()).isEqualTo(JobState.COMPLETED);
    assertThat(LambdaFixture.logLines(backend, job)).contains("token-ok");
    String commands = String.join("\n", f.fake.instances().get(0).commands());
    assertThat(commands).doesNotContain(LambdaFixture.SECRET).doesNotContain(f.fake.apiKey());
    String journal = Files.readString(f.home.resolve("jobs").resolve(job.id() + ".json"));
    assertThat(journal).doesNotContain(LambdaFixture.SECRET).doesNotContain(f.fake.apiKey());
    assertThat(f.events.events().toString()).doesNotContain(LambdaFixture.SECRET).doesNotContain(f.fake.apiKey());
    assertThat(Files.readString(f.home.resolve("lambdalabs").resolve(job.id()).resolve("run.log")))
        .doesNotContain(LambdaFixture.SECRET);
  }
}
