package org.soen.cloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CapacityException;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostReport;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.QuotaException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobJournal;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;

class FakeTrainingBackendTest {
  private final ManualClock clock = ManualClock.create();
  private final FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
  private int jobs;

  @TempDir Path dir;

  private CloudConfig config() {
    return CloudConfig.builder().provider("fake").experiment("mnist")
        .command(List.of("python", "train.py")).baseDirectory(dir).build();
  }

  private SubmitRequest request(CloudConfig config) {
    return SubmitRequest.builder().jobName("soen-mnist-20260101000000-ab" + (10 + jobs++))
        .config(config).submittedAt(clock.instant())
        .stagedConfigYaml("training:\n  epochs: 3\ncloud:\n  provider: fake\n").build();
  }

  private JobHandle submit(FakeJob outcome) {
    fake.enqueue(outcome);
    return fake.submit(request(config()));
  }

  private List<JobState> poll(JobHandle job, int times) {
    List<JobState> states = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      states.add(fake.status(job).state());
    }
    return states;
  }

  @Test
  void submit_whenNothingScripted_failsFastSayingWhatToEnqueue() {
    SubmitRequest request = request(config());

    assertThatThrownBy(() -> fake.submit(request))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("FakeTrainingBackend[fake]: nothing scripted for submission #0 (job "
            + request.jobName() + "); call fake.enqueue(FakeJob.completesAfterPolls(1)) or"
            + " another FakeJob before submitting");
    assertThat(fake.submissions()).isEmpty();
  }

  @Test
  void submit_whenQueueEmptyAndFallbackSet_usesFallback() {
    fake.setFallback(FakeJob.completesAfterPolls(0));

    JobHandle job = fake.submit(request(config()));

    assertThat(fake.status(job).state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void submit_returnsHandleNamingJobProviderAndInstanceType() {
    SubmitRequest request = request(config());
    fake.enqueue(FakeJob.runsUntilStopped());

    JobHandle job = fake.submit(request);

    assertThat(job.id()).isEqualTo(request.jobName());
    assertThat(job.provider()).isEqualTo("fake");
    assertThat(job.submittedAt()).isEqualTo(request.submittedAt());
    assertThat(job.providerJobId()).contains("fake-0");
    assertThat(job.stagingUri()).contains("fake://default/mnist/" + request.jobName() + "/");
    assertThat(job.details()).containsEntry("instance_type", "fake-gpu-1x");
  }

  @Test
  void status_completesAfterPolls_reportsRunningForExactlyThatManyPolls() {
    JobHandle job = submit(FakeJob.completesAfterPolls(3));

    assertThat(poll(job, 5)).containsExactly(JobState.RUNNING, JobState.RUNNING,
        JobState.RUNNING, JobState.COMPLETED, JobState.COMPLETED);
    JobStatus done = fake.status(job);
    assertThat(done.exitCode()).contains(0);
    assertThat(done.detail()).isEqualTo("Completed");
    assertThat(fake.statusCalls(job.id())).isEqualTo(6);
  }

  @Test
  void status_startingWithProvisioning_reportsItFirst() {
    JobHandle job = submit(FakeJob.completesAfterPolls(1)
        .startingWith(JobState.STAGING, "Downloading", 1)
        .startingWith(JobState.PROVISIONING, "Starting", 2));

    assertThat(poll(job, 5)).containsExactly(JobState.PROVISIONING, JobState.PROVISIONING,
        JobState.STAGING, JobState.RUNNING, JobState.COMPLETED);
  }

  @Test
  void status_completesAfterDuration_endsExactlyAtScriptedTimeWhenPolledLate() {
    Instant start = clock.instant();
    JobHandle job = submit(FakeJob.completesAfter(Duration.ofMinutes(30)));

    clock.advance(Duration.ofMinutes(29));
    assertThat(fake.status(job).state()).isEqualTo(JobState.RUNNING);
    assertThat(fake.costReport(job)).isEmpty();
    clock.advance(Duration.ofMinutes(16));
    JobStatus done = fake.status(job);

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.startedAt()).contains(start);
    assertThat(done.endedAt()).contains(start.plus(Duration.ofMinutes(30)));
    assertThat(done.observedAt()).isEqualTo(start.plus(Duration.ofMinutes(45)));
  }

  @Test
  void costReport_afterTimedRun_billsRunningTimeAtHourlyPrice() {
    JobHandle job = submit(FakeJob.completesAfter(Duration.ofMinutes(30)));
    clock.advance(Duration.ofHours(2));
    fake.status(job);

    CostReport report = fake.costReport(job).orElseThrow();

    assertThat(report.instanceType()).isEqualTo("fake-gpu-1x");
    assertThat(report.hourlyUsd()).isEqualByComparingTo("1.00");
    assertThat(report.billable()).isEqualTo(Duration.ofMinutes(30));
    assertThat(report.totalUsd()).isEqualByComparingTo("0.50");
    assertThat(report.phases()).extracting(p -> p.phase())
        .containsExactly("startup", "training", "download");
    assertThat(report.spotSavingsUsd()).isEmpty();
  }

  @Test
  void costReport_spotJobInterrupted_billsSpotPriceWithoutInterruptedTime() {
    fake.enqueue(FakeJob.interruptedThenCompletes(1, 1, 1));
    CloudConfig spot = config().toBuilder()
        .instance(InstanceSpec.builder().instanceType("fake-gpu-8x").useSpot(true).instanceCount(2).build())
        .build();
    JobHandle job = fake.submit(request(spot));
    clock.advance(Duration.ofHours(1));
    fake.status(job); // RUNNING for one poll: 1 h running
    clock.advance(Duration.ofHours(1));
    fake.status(job); // -> INTERRUPTED
    clock.advance(Duration.ofHours(3));
    fake.status(job); // -> RUNNING after 3 h interrupted
    clock.advance(Duration.ofHours(1));
    assertThat(fake.status(job).state()).isEqualTo(JobState.COMPLETED);

    CostReport report = fake.costReport(job).orElseThrow();

    assertThat(report.billable()).isEqualTo(Duration.ofHours(3));
    assertThat(report.hourlyUsd()).isEqualByComparingTo("2.40");
    assertThat(report.totalUsd()).isEqualByComparingTo("14.40");
    assertThat(report.spotSavingsUsd()).hasValueSatisfying(
        s -> assertThat(s).isEqualByComparingTo(new BigDecimal("33.60")));
  }

  @Test
  void status_failsAfterPolls_reportsReasonAndExitCode() {
    JobHandle job = submit(FakeJob.failsAfterPolls(1, "CUDA out of memory", 137));

    assertThat(poll(job, 2)).containsExactly(JobState.RUNNING, JobState.FAILED);
    JobStatus failed = fake.status(job);
    assertThat(failed.message()).contains("CUDA out of memory");
    assertThat(failed.exitCode()).contains(137);
  }

  @Test
  void status_interruptedThenCompletes_passesThroughInterrupted() {
    JobHandle job = submit(FakeJob.interruptedThenCompletes(1, 2, 1));

    assertThat(poll(job, 5)).containsExactly(JobState.RUNNING, JobState.INTERRUPTED,
        JobState.INTERRUPTED, JobState.RUNNING, JobState.COMPLETED);
  }

  @Test
  void stop_runsUntilStopped_stopsAndStaysIdempotent() {
    JobHandle job = submit(FakeJob.runsUntilStopped());
    assertThat(poll(job, 50)).containsOnly(JobState.RUNNING);

    JobStatus stopped = fake.stop(job);
    JobStatus again = fake.stop(job);

    assertThat(stopped.state()).isEqualTo(JobState.STOPPED);
    assertThat(stopped.message()).contains("stopped on request");
    assertThat(again.state()).isEqualTo(JobState.STOPPED);
    assertThat(again.endedAt()).isEqualTo(stopped.endedAt());
    assertThat(fake.status(job).state()).isEqualTo(JobState.STOPPED);
    assertThat(fake.stopCalls(job.id())).isEqualTo(2);
  }

  @Test
  void stop_withStopTakingPolls_reportsStoppingThenStopped() {
    JobHandle job = submit(FakeJob.runsUntilStopped().withStopTakingPolls(2));
    fake.status(job);

    assertThat(fake.stop(job).state()).isEqualTo(JobState.STOPPING);
    assertThat(fake.stop(job).state()).isEqualTo(JobState.STOPPING);
    assertThat(poll(job, 4)).containsExactly(JobState.STOPPING, JobState.STOPPING,
        JobState.STOPPED, JobState.STOPPED);
    assertThat(fake.status(job).endedAt()).isPresent();
  }

  @Test
  void status_startingWithTimedProvisioning_runsAfterItsDuration() {
    Instant start = clock.instant();
    JobHandle job = submit(FakeJob.completesAfterPolls(5)
        .startingWith(JobState.PROVISIONING, "Starting", Duration.ofMinutes(7)));

    assertThat(fake.status(job).state()).isEqualTo(JobState.PROVISIONING);
    clock.advance(Duration.ofMinutes(7));
    JobStatus running = fake.status(job);

    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    assertThat(running.startedAt()).contains(start.plus(Duration.ofMinutes(7)));
  }

  @Test
  void doctor_reportsOnePassedCheck() {
    assertThat(fake.doctor(config())).singleElement().satisfies(c -> {
      assertThat(c.passed()).isTrue();
      assertThat(c.name()).isEqualTo("fake");
    });
  }

  @Test
  void submit_fromManyThreads_recordsEverySubmissionOnce() throws Exception {
    fake.setFallback(FakeJob.completesAfterPolls(1));
    List<SubmitRequest> requests = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      requests.add(SubmitRequest.builder().jobName("soen-t-20260101000000-" + (1000 + i))
          .config(config()).submittedAt(clock.instant()).stagedConfigYaml("cloud: {}\n").build());
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<JobHandle>> futures = new ArrayList<>();
      requests.forEach(r -> futures.add(pool.submit(() -> fake.submit(r))));
      for (java.util.concurrent.Future<JobHandle> f : futures) {
        f.get(1, java.util.concurrent.TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(fake.submissions()).extracting(RecordedSubmission::sequence)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).boxed().toList());
    assertThat(fake.submissions()).extracting(RecordedSubmission::jobId)
        .containsExactlyInAnyOrderElementsOf(requests.stream().map(SubmitRequest::jobName).toList());
    assertThat(fake.list(1000)).hasSize(200);
  }

  @Test
  void stop_whenCompleted_leavesItCompleted() {
    JobHandle job = submit(FakeJob.completesAfterPolls(0));
    fake.status(job);

    assertThat(fake.stop(job).state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void submit_scriptedRejections_throwTypedExceptionAndRecordSubmission() {
    fake.enqueue(FakeJob.rejectsWithCapacity("no capacity for fake-gpu-1x"))
        .enqueue(FakeJob.rejectsWithQuota("quota of 0 fake-gpu-1x reached"))
        .enqueue(FakeJob.rejectsWithCredentials("the API key was revoked"));
    SubmitRequest first = request(config());

    assertThatThrownBy(() -> fake.submit(first)).isInstanceOf(CapacityException.class)
        .hasMessage("no capacity for fake-gpu-1x");
    assertThatThrownBy(() -> fake.submit(request(config()))).isInstanceOf(QuotaException.class)
        .hasMessage("quota of 0 fake-gpu-1x reached");
    assertThatThrownBy(() -> fake.submit(request(config())))
        .isInstanceOf(CredentialsException.class).hasMessage("the API key was revoked");

    assertThat(fake.takeSubmission().rejectedWith())
        .contains("CapacityException: no capacity for fake-gpu-1x");
    assertThat(fake.submissions()).hasSize(3);
    assertThatThrownBy(() -> fake.status(JobHandle.builder().id(first.jobName()).provider("fake")
        .submittedAt(first.submittedAt()).build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("FakeTrainingBackend[fake] has no job " + first.jobName() + "; it knows []");
  }

  @Test
  void takeSubmission_recordsRequestStagedYamlAndDataFiles() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("train/images"));
    Files.writeString(data.resolve("train/images/a.png"), "a");
    Files.writeString(data.resolve("train/labels.csv"), "x,y");
    Files.writeString(data.resolve("dataset.yaml"), "path: .");
    fake.enqueue(FakeJob.completesAfterPolls(1));
    SubmitRequest request = request(config().toBuilder().data("data").build());

    fake.submit(request);
    RecordedSubmission s = fake.takeSubmission();

    assertThat(s.request()).isEqualTo(request);
    assertThat(s.jobId()).isEqualTo(request.jobName());
    assertThat(s.sequence()).isZero();
    assertThat(s.stagedConfigYaml()).contains("epochs: 3");
    assertThat(s.dataFiles()).containsExactly("dataset.yaml", "train/images/a.png",
        "train/labels.csv");
    assertThat(s.dataBytes()).isEqualTo("path: .".length() + "a".length() + "x,y".length());
    assertThat(s.rejectedWith()).isEmpty();
    assertThatThrownBy(fake::takeSubmission).isInstanceOf(IllegalStateException.class)
        .hasMessage("FakeTrainingBackend[fake] has no submission to take: 1 received, all taken");
    assertThat(fake.submissions()).containsExactly(s);
  }

  @Test
  void takeSubmission_singleDataFile_listedByName() throws Exception {
    Files.writeString(dir.resolve("train.csv"), "1,2");
    fake.enqueue(FakeJob.completesAfterPolls(1));

    fake.submit(request(config().toBuilder().data("train.csv").build()));

    assertThat(fake.takeSubmission().dataFiles()).containsExactly("train.csv");
  }

  @Test
  void submit_whenStagedYamlHoldsASecret_isRejected() {
    fake.enqueue(FakeJob.completesAfterPolls(1));
    CloudConfig withSecret = config().toBuilder().putSecretEnvironment("TOKEN", "hunter2-xyz").build();
    SubmitRequest leaky = SubmitRequest.builder().from(request(withSecret))
        .stagedConfigYaml("cloud:\n  token: hunter2-xyz\n").build();

    assertThatThrownBy(() -> fake.submit(leaky)).isInstanceOf(IllegalStateException.class)
        .hasMessage("FakeTrainingBackend[fake]: the staged config of job " + leaky.jobName()
            + " contains a secret value; secrets must be removed before staging");
  }

  @Test
  void submit_sameJobTwice_isRejected() {
    fake.setFallback(FakeJob.completesAfterPolls(1));
    SubmitRequest request = request(config());
    fake.submit(request);

    assertThatThrownBy(() -> fake.submit(request)).isInstanceOf(IllegalStateException.class)
        .hasMessage("FakeTrainingBackend[fake]: job " + request.jobName() + " was submitted twice;"
            + " a provider must never launch a job twice");
  }

  @Test
  void logs_beforeRunning_areEmptyThenPagedWithCursorUntilComplete() {
    JobHandle job = submit(FakeJob.completesAfterPolls(1)
        .startingWith(JobState.PROVISIONING, "Starting", 1)
        .withLogLines("loading data", "training")
        .withEpoch(1, Map.of("loss", 0.5)));

    fake.status(job);
    LogPage before = fake.logs(job, "");
    fake.status(job);
    LogPage running = fake.logs(job, before.cursor());
    LogPage nothingNew = fake.logs(job, running.cursor());
    fake.status(job);
    LogPage end = fake.logs(job, nothingNew.cursor());

    assertThat(before.lines()).isEmpty();
    assertThat(before.complete()).isFalse();
    assertThat(running.lines()).extracting(LogLine::message)
        .containsExactly("loading data", "training", "epoch 1: loss=0.5000");
    assertThat(running.lines()).extracting(LogLine::stream).containsOnly("stdout");
    assertThat(nothingNew.lines()).isEmpty();
    assertThat(nothingNew.complete()).isFalse();
    assertThat(end.lines()).isEmpty();
    assertThat(end.complete()).isTrue();
    assertThat(fake.logs(job, "").lines()).hasSize(3);
  }

  @Test
  void logs_ofAPolledJob_comeOutPollByPoll() {
    JobHandle job = submit(FakeJob.completesAfterPolls(4)
        .withEpoch(1, Map.of("loss", 0.4)).withEpoch(2, Map.of("loss", 0.3))
        .withEpoch(3, Map.of("loss", 0.2)).withEpoch(4, Map.of("loss", 0.1)));

    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fake.status(job);
      counts.add(fake.logs(job, "").lines().size());
    }

    assertThat(counts).containsExactly(1, 2, 3, 4, 4);
  }

  @Test
  void logs_ofATimedJob_followTheClockAndStopWithTheJob() {
    JobHandle timed = submit(FakeJob.completesAfter(Duration.ofMinutes(40))
        .withLogLines("a", "b", "c", "d"));
    JobHandle stopped = submit(FakeJob.completesAfter(Duration.ofMinutes(40))
        .withLogLines("a", "b", "c", "d"));

    clock.advance(Duration.ofMinutes(10));
    assertThat(fake.logs(timed, "").lines()).extracting(LogLine::message).containsExactly("a");
    clock.advance(Duration.ofMinutes(15));
    fake.stop(stopped);
    assertThat(fake.logs(timed, "").lines()).extracting(LogLine::message).containsExactly("a", "b");
    clock.advance(Duration.ofMinutes(15));
    fake.status(timed);

    assertThat(fake.logs(timed, "").lines()).extracting(LogLine::message)
        .containsExactly("a", "b", "c", "d");
    assertThat(fake.logs(timed, "").lines().get(0).at())
        .isEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(10)));
    assertThat(fake.logs(stopped, "").lines()).extracting(LogLine::message)
        .containsExactly("a", "b");
    assertThat(fake.logs(stopped, "").complete()).isTrue();
  }

  @Test
  void logs_withForeignCursor_failsNamingIt() {
    JobHandle job = submit(FakeJob.completesAfterPolls(1));

    assertThatThrownBy(() -> fake.logs(job, "abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("log cursor \"abc\" is not one this fake gave out; pass \"\" or the cursor of"
            + " the previous page");
  }

  @Test
  void downloadArtifacts_afterCompletion_writesFilesMatchingConfigGlobs() throws Exception {
    fake.enqueue(FakeJob.completesAfterPolls(0)
        .withArtifact("weights/best.pt", "best")
        .withArtifact("weights/last.pt", "last")
        .withArtifact("results.csv", "epoch,loss"));
    JobHandle job = fake.submit(request(config().toBuilder().addArtifacts("weights/best.*",
        "*.csv").build()));
    fake.status(job);
    Path out = dir.resolve("out");

    List<Path> files = fake.downloadArtifacts(job, out);

    assertThat(files).containsExactly(out.resolve("weights/best.pt").toAbsolutePath(),
        out.resolve("results.csv").toAbsolutePath());
    assertThat(Files.readString(out.resolve("weights/best.pt"))).isEqualTo("best");
    assertThat(out.resolve("weights/last.pt")).doesNotExist();
  }

  @Test
  void downloadArtifacts_beforeTheJobEnded_throwsNotFound() {
    JobHandle job = submit(FakeJob.runsUntilStopped().withArtifact("a.txt", "a"));

    assertThatThrownBy(() -> fake.downloadArtifacts(job, dir))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("job " + job.id() + " has no artifacts yet: it is RUNNING; await it first");
  }

  @Test
  void downloadArtifacts_afterFailure_writesNothing() {
    JobHandle job = submit(FakeJob.failsAfterPolls(0, "boom", 1).withArtifact("a.txt", "a"));
    fake.status(job);

    assertThat(fake.downloadArtifacts(job, dir.resolve("out"))).isEmpty();
  }

  @Test
  void withArtifact_escapingPath_isRejectedWhenScripted() {
    FakeJob job = FakeJob.completesAfterPolls(1);

    assertThatThrownBy(() -> job.withArtifact("../evil.sh", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsafe artifact path \"../evil.sh\": it must not contain empty, '.' or '..'"
            + " segments");
    assertThatThrownBy(() -> job.withArtifact("/etc/passwd", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsafe artifact path \"/etc/passwd\": it must be relative, with forward"
            + " slashes and no drive or scheme");
    assertThatThrownBy(() -> FakeJob.rejectsWithQuota("q").withLogLines("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a job rejected at submit never runs, logs or leaves artifacts");
  }

  @Test
  void list_returnsJobsNewestFirstWithoutPolling() {
    fake.setFallback(FakeJob.runsUntilStopped());
    JobHandle first = fake.submit(request(config()));
    JobHandle second = fake.submit(request(config()));

    assertThat(fake.list(10)).extracting(JobStatus::jobId).containsExactly(second.id(), first.id());
    assertThat(fake.list(1)).extracting(JobStatus::jobId).containsExactly(second.id());
    assertThat(fake.statusCalls(first.id())).isZero();
  }

  @Test
  void attach_unknownJob_throwsNotFound() {
    JobHandle ghost = JobHandle.builder().id("soen-x-20260101000000-zzzz").provider("fake")
        .submittedAt(clock.instant()).build();

    assertThatThrownBy(() -> fake.attach(ghost)).isInstanceOf(NotFoundException.class)
        .hasMessage("FakeTrainingBackend[fake] has no job soen-x-20260101000000-zzzz; it knows []");
  }

  @Test
  void close_endsTheFakeForEveryCaller() {
    JobHandle job = submit(FakeJob.runsUntilStopped());
    fake.close();

    assertThatThrownBy(() -> fake.status(job)).isInstanceOf(IllegalStateException.class)
        .hasMessage("FakeTrainingBackend[fake] is closed");
  }

  @Test
  void provider_sessionsShareJobsAndSendNoticesToTheirTrainer() {
    List<JobEvent> events = new ArrayList<>();
    TrainingBackend first = fake.provider().create(context(events::add));
    TrainingBackend second = fake.provider().create(context(e -> { }));
    fake.enqueue(FakeJob.completesAfterPolls(1));

    JobHandle job = first.submit(request(config()));
    first.close();

    assertThat(second.attach(job)).isEqualTo(job);
    assertThat(second.status(job).state()).isEqualTo(JobState.RUNNING);
    assertThat(second.status(job).state()).isEqualTo(JobState.COMPLETED);
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(JobEvent.Kind.PROGRESS);
      assertThat(e.jobId()).isEqualTo(job.id());
      assertThat(e.bytesDone()).contains(0L);
      assertThat(e.message()).isEqualTo("staged the training config and 0 data files (0 bytes) on"
          + " the fake provider fake");
    });
    assertThat(fake.provider().id()).isEqualTo("fake");
    assertThat(fake.provider().defaultInstanceType()).isEqualTo("fake-gpu-1x");
  }

  @Test
  void validate_goodConfig_hasNoProblems() {
    assertThat(fake.validate(config())).isEmpty();
  }

  @Test
  void validate_unknownInstanceType_namesKnownTypesAndSuggestsOne() {
    CloudConfig bad = config().toBuilder().instance(InstanceSpec.defaults().withType("fake-gpu-9x"))
        .build();

    assertThat(fake.validate(bad)).extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cloud.instance.instance_type",
            "unknown instance type \"fake-gpu-9x\" for fake; did you mean fake-gpu-1x?; known:"
                + " fake-gpu-1x, fake-gpu-8x"));
  }

  @Test
  void validate_missingCommand_saysWhatToSet() {
    CloudConfig bad = config().toBuilder().command(List.of()).build();

    assertThat(fake.validate(bad)).extracting(ConfigProblem::toString).containsExactly(
        "config: cloud.command: the fake provider runs this command and it is not set; e.g."
            + " command: [python, train.py]");
  }

  @Test
  void validate_asLocal_acceptsAnyInstanceTypeAtTheLocalPrice() {
    FakeTrainingBackend local = FakeTrainingBackend.builder().id("local").clock(clock).build();
    CloudConfig anyType = config().toBuilder().provider("local")
        .instance(InstanceSpec.builder().instanceType("my-laptop").useSpot(true).build()).build();

    assertThat(local.defaultInstanceType()).isEqualTo("local");
    assertThat(local.validate(anyType)).isEmpty();
    assertThat(local.livePrice(CloudConfig.builder().build(), "my-laptop")).hasValueSatisfying(p ->
        assertThat(p.onDemandHourlyUsd()).isEqualByComparingTo("0"));
    assertThat(local.validate(anyType.toBuilder().command(List.of()).build()))
        .extracting(ConfigProblem::message).containsExactly("the local provider runs this command"
            + " and it is not set; e.g. command: [python, train.py]");
  }

  /** Declarations named as the sagemaker provider names them, which the testkit does not depend on. */
  private static final org.soen.cloud.Setting<String> ROLE =
      org.soen.cloud.Setting.text("role").description("stand-in").build();
  private static final org.soen.cloud.Setting<String> BUCKET =
      org.soen.cloud.Setting.text("bucket").description("stand-in").build();

  @Test
  void validate_asSagemaker_requiresRoleAndBucketButNoCommand() {
    FakeTrainingBackend sagemaker = FakeTrainingBackend.builder().id("sagemaker").clock(clock).build();
    CloudConfig noRole = CloudConfig.builder().provider("sagemaker").baseDirectory(dir).build();
    CloudConfig badRole = noRole.toBuilder().set(ROLE, "SageMakerRole").set(BUCKET, "b").build();

    assertThat(sagemaker.defaultInstanceType()).isEqualTo("ml.g5.xlarge");
    assertThat(sagemaker.livePrice(CloudConfig.builder().build(), "ml.g5.xlarge")).as("the catalog prices SageMaker").isEmpty();
    assertThat(sagemaker.validate(noRole)).extracting(ConfigProblem::keyPath)
        .containsExactly("cloud.role", "cloud.bucket");
    assertThat(sagemaker.validate(badRole)).extracting(ConfigProblem::message)
        .containsExactly("must be an IAM role ARN like arn:aws:iam::123456789012:role/SageMakerRole,"
            + " was SageMakerRole");
    assertThat(sagemaker.validate(noRole.toBuilder().set(ROLE, "arn:aws:iam::123456789012:role/R")
        .set(BUCKET, "b").data("s3://b/data/").build())).isEmpty();
  }

  @Test
  void validate_asLambdalabs_rejectsSpot() {
    FakeTrainingBackend lambda = FakeTrainingBackend.builder().id("lambdalabs").clock(clock).build();
    CloudConfig spot = config().toBuilder().provider("lambdalabs")
        .instance(InstanceSpec.builder().instanceType("gpu_1x_a10").useSpot(true).build()).build();

    assertThat(lambda.validate(spot)).extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("cloud.instance.use_spot",
            "lambdalabs has no spot market for gpu_1x_a10; set use_spot: false"));
  }

  @Test
  void builder_badIdOrUnofferedDefault_isRejected() {
    assertThatThrownBy(() -> FakeTrainingBackend.builder().id("Fake_1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a provider id is lowercase letters, digits and dashes, was Fake_1");
    assertThatThrownBy(() -> FakeTrainingBackend.builder().defaultInstanceType("huge").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("default instance type huge is not offered by the fake fake");
  }

  private BackendContext context(org.soen.cloud.JobListener listener) {
    return BackendContext.builder().clock(clock).sleeper(clock).events(listener)
        .pricing(PricingCatalog.bundled()).home(dir).journal(new NoJournal()).build();
  }

  private static final class NoJournal implements JobJournal {
    @Override
    public Optional<JobRecord> find(String jobId) {
      return Optional.empty();
    }

    @Override
    public List<JobRecord> all() {
      return List.of();
    }

    @Override
    public Optional<CloudConfig> config(String jobId) {
      return Optional.empty();
    }

    @Override
    public JobRecord update(String jobId, UnaryOperator<JobRecord> change) {
      throw new UnsupportedOperationException("the fake never writes the journal");
    }

    @Override
    public JobRecord recordState(String jobId, JobState state) {
      throw new UnsupportedOperationException("the fake never writes the journal");
    }
  }
}
