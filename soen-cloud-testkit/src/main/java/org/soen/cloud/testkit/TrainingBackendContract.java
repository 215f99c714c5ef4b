package org.soen.cloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CapacityException;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.SoenCloudException;

/**
 * The contract every {@link org.soen.cloud.spi.TrainingBackend} obeys, as seen through
 * {@link CloudTrainer}: submit, status, await, logs, stop, list, attach, artifacts and cost, the
 * error cases, idempotent stop, attach from a new trainer after the first one is gone, and no
 * secret in the journal, the events or the staged config. In the spirit of Micrometer's
 * {@code MeterRegistryCompatibilityKit}: extend it once per backend (a real provider on its fake
 * service, or a fake) and supply the trainer and the three kinds of job.
 *
 * <pre>{@code
 * class FakeBackendContractTest extends TrainingBackendContract {
 *   final ManualClock clock = ManualClock.create();
 *   final FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
 *
 *   protected CloudTrainer newTrainer(Path home, JobListener listener) {
 *     return CloudTrainer.builder().provider(fake.provider()).discoverProviders(false)
 *         .clock(clock).sleeper(clock).home(home).environment(Map.of()).listener(listener).build();
 *   }
 *
 *   protected CloudConfig successfulJob() {
 *     fake.enqueue(FakeJob.completesAfterPolls(2).withLogLines("hello")
 *         .withArtifact("model.bin", "weights"));
 *     return CloudConfig.builder().provider("fake").command(List.of("python", "train.py"))
 *         .baseDirectory(home).addArtifacts("model.bin").build();
 *   }
 *
 *   protected CloudConfig failingJob() {
 *     fake.enqueue(FakeJob.failsAfterPolls(1, "out of memory", 137));
 *     return CloudConfig.builder().provider("fake").command(List.of("python", "train.py")).build();
 *   }
 *
 *   protected CloudConfig longRunningJob() {
 *     fake.enqueue(FakeJob.runsUntilStopped());
 *     return CloudConfig.builder().provider("fake").command(List.of("python", "train.py")).build();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets its own {@link #home} (the journal); every trainer it builds from
 * {@link #newTrainer(Path, JobListener)} shares it, and the backend behind them must share its
 * jobs too (the same fake, the same service). Jobs still running at the end of a test are stopped
 * and the trainers closed.
 */
public abstract class TrainingBackendContract {
  /** SageMaker's job-name rule, which every provider's names satisfy. */
  private static final String NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$";

  /** The soen home of the current test; the journal lives in its {@code jobs/} folder. */
  @TempDir protected Path home;

  private final List<CloudTrainer> trainers = new ArrayList<>();
  private final List<JobHandle> submitted = new ArrayList<>();
  private final RecordingJobListener events = new RecordingJobListener();

  /**
   * A new trainer using the backend under test, with the journal under {@code home}, sending its
   * events to {@code listener}. Called more than once per test; every trainer must see the same
   * jobs.
   */
  protected abstract CloudTrainer newTrainer(Path home, JobListener listener);

  /**
   * A job that completes with exit code 0, writes at least one log line and leaves at least one
   * artifact that {@code cloud.artifacts} asks for. Called once per submission, so a fake can
   * script the outcome here.
   */
  protected abstract CloudConfig successfulJob();

  /** A job whose training command fails. Called once per submission. */
  protected abstract CloudConfig failingJob();

  /** A job that runs until stopped (or far longer than any test). Called once per submission. */
  protected abstract CloudConfig longRunningJob();

  /** The longest a job of this suite may take to end, on the trainer's clock (default 1 hour). */
  protected Duration awaitTimeout() {
    return Duration.ofHours(1);
  }

  /** How long to follow a long-running job before checking it still runs (default 1 second). */
  protected Duration shortTimeout() {
    return Duration.ofSeconds(1);
  }

  /**
   * The training YAML the backend staged for {@code job}, when the test can see it (a fake's
   * recorded submission, an object in S3Proxy); empty (the default) skips that check.
   */
  protected java.util.Optional<String> stagedConfig(JobHandle job) {
    return java.util.Optional.empty();
  }

  /**
   * Whether the backend refuses instance types it does not offer (default true). The
   * {@code local} provider runs on this machine whatever the type says, so it answers false.
   */
  protected boolean checksInstanceTypes() {
    return true;
  }

  /**
   * A job the provider refuses for lack of capacity (spot, or Lambda's "insufficient capacity"),
   * when the test can arrange one; empty (the default) skips that check.
   */
  protected java.util.Optional<CloudConfig> capacityErrorJob() {
    return java.util.Optional.empty();
  }

  /**
   * A job the provider refuses because the credentials are missing or revoked, when the test can
   * arrange one; empty (the default) skips that check.
   */
  protected java.util.Optional<CloudConfig> credentialsErrorJob() {
    return java.util.Optional.empty();
  }

  /** The events every trainer of the current test reported. */
  protected final RecordingJobListener events() {
    return events;
  }

  private CloudTrainer trainer() {
    CloudTrainer t = newTrainer(home, events);
    trainers.add(t);
    return t;
  }

  private JobHandle submit(CloudTrainer trainer, CloudConfig config) {
    JobHandle job = trainer.submit(config);
    submitted.add(job);
    return job;
  }

  @AfterEach
  final void stopJobsAndCloseTrainers() {
    try {
      if (!submitted.isEmpty()) {
        CloudTrainer t = trainer();
        for (JobHandle job : submitted) {
          try {
            t.stop(job);
          } catch (RuntimeException e) {
            // best effort: the test itself reports what went wrong
          }
        }
      }
    } finally {
      trainers.forEach(CloudTrainer::close);
    }
  }

  @Test
  @DisplayName("submit names the job validly and records it in the journal")
  void submit_recordsJobUnderValidName() {
    CloudTrainer trainer = trainer();
    CloudConfig config = successfulJob();

    JobHandle job = submit(trainer, config);

    assertThat(job.id()).matches(NAME_PATTERN).startsWith("soen-");
    assertThat(job.provider()).isEqualTo(config.provider());
    assertThat(trainer.list()).extracting(JobStatus::jobId).contains(job.id());
    assertThat(trainer.handle(job.id()).id()).isEqualTo(job.id());
    JobStatus done = trainer.await(job, awaitTimeout());
    assertThat(done.state()).as("%s", done).isEqualTo(JobState.COMPLETED);
  }

  @Test
  @DisplayName("a successful job completes, reports exit code 0 and stays completed")
  void await_successfulJob_completes() {
    CloudTrainer trainer = trainer();
    JobHandle job = submit(trainer, successfulJob());

    JobStatus done = trainer.await(job, awaitTimeout());

    assertThat(done.state()).as("%s", done).isEqualTo(JobState.COMPLETED);
    assertThat(done.jobId()).isEqualTo(job.id());
    assertThat(done.exitCode()).hasValueSatisfying(c -> assertThat(c).isZero());
    assertThat(trainer.status(job).state()).isEqualTo(JobState.COMPLETED);
    assertThat(trainer.status(trainer.handle(job.id())).state()).isEqualTo(JobState.COMPLETED);
    assertThat(events.events(JobEvent.Kind.STATE)).filteredOn(e -> e.jobId().equals(job.id()))
        .extracting(e -> e.state().orElseThrow()).contains(JobState.COMPLETED);
  }

  @Test
  @DisplayName("logs read with cursors return every line once, then say complete")
  void logs_pagedWithCursor_returnEveryLineOnce() {
    CloudTrainer trainer = trainer();
    JobHandle job = submit(trainer, successfulJob());
    trainer.await(job, awaitTimeout());

    List<String> lines = new ArrayList<>();
    String cursor = "";
    LogPage page;
    int pages = 0;
    do {
      page = trainer.logs(job, cursor);
      page.lines().stream().map(LogLine::message).forEach(lines::add);
      cursor = page.cursor();
      pages++;
    } while (!page.complete() && pages < 10_000);

    assertThat(page.complete()).as("the log of a finished job ends").isTrue();
    assertThat(lines).isNotEmpty();
    assertThat(trainer.logs(job, cursor).lines()).as("nothing after the last cursor").isEmpty();
    assertThat(events.events(JobEvent.Kind.LOG)).filteredOn(e -> e.jobId().equals(job.id()))
        .extracting(JobEvent::message).as("await sent each line once as a LOG event")
        .containsExactlyElementsOf(lines);
  }

  @Test
  @DisplayName("a failing job ends FAILED with a reason or exit code")
  void await_failingJob_fails() {
    CloudTrainer trainer = trainer();
    JobHandle job = submit(trainer, failingJob());

    JobStatus failed = trainer.await(job, awaitTimeout());

    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.message().isPresent() || failed.exitCode().filter(c -> c != 0).isPresent())
        .as("a failure says why: %s", failed).isTrue();
    assertThat(failed.endedAt()).isPresent();
  }

  @Test
  @DisplayName("await returns the running status when its timeout passes first")
  void await_untilTimeout_returnsRunningStatus() {
    CloudTrainer trainer = trainer();
    JobHandle job = submit(trainer, longRunningJob());

    JobStatus status = trainer.await(job, shortTimeout());

    assertThat(status.state().isTerminal()).as("still running: %s", status).isFalse();
  }

  @Test
  @DisplayName("stop ends a running job and is idempotent")
  void stop_runningJob_stopsIdempotently() {
    CloudTrainer trainer = trainer();
    JobHandle job = submit(trainer, longRunningJob());
    trainer.status(job);

    JobStatus first = trainer.stop(job);
    JobStatus end = trainer.await(job, awaitTimeout());
    JobStatus again = trainer.stop(job);

    assertThat(first.state()).isIn(JobState.STOPPING, JobState.STOPPED);
    assertThat(end.state()).isEqualTo(JobState.STOPPED);
    assertThat(again.state()).isEqualTo(JobState.STOPPED);
    assertThat(trainer.stop(trainer.handle(job.id())).state()).isEqualTo(JobState.STOPPED);
  }

  @Test
  @DisplayName("stopping a job that already completed leaves it completed")
  void stop_completedJob_isNoOp() {
    CloudTrainer trainer = trainer();
    JobHandle job = submit(trainer, successfulJob());
    trainer.await(job, awaitTimeout());

    assertThat(trainer.stop(job).state()).isEqualTo(JobState.COMPLETED);
    assertThat(trainer.status(job).state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  @DisplayName("a new trainer attaches to a job the closed first one submitted and follows it")
  void attach_fromNewTrainer_followsJobToTheEnd(@TempDir Path downloads) {
    CloudTrainer first = trainer();
    JobHandle job = submit(first, successfulJob());
    first.close();

    CloudTrainer second = trainer();
    JobHandle attached = second.attach(second.handle(job.id()));
    JobStatus done = second.await(attached, awaitTimeout());

    assertThat(attached.id()).isEqualTo(job.id());
    assertThat(attached.provider()).isEqualTo(job.provider());
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(second.download(attached, downloads)).isNotEmpty();
    assertThat(second.attach(job).id()).isEqualTo(job.id());
  }

  @Test
  @DisplayName("an unknown job id is NotFound when its handle is looked up (for status, attach and stop)")
  void unknownJob_throwsNotFound() {
    CloudTrainer trainer = trainer();
    String ghost = "soen-ghost-20260101000000-zzzz";

    assertThatThrownBy(() -> trainer.handle(ghost)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining(ghost);
  }

  @Test
  @DisplayName("artifacts of a completed job are written inside the target folder")
  void download_completedJob_writesArtifactsInsideTarget(@TempDir Path downloads)
      throws IOException {
    CloudTrainer trainer = trainer();
    JobHandle job = submit(trainer, successfulJob());
    trainer.await(job, awaitTimeout());
    Path target = downloads.resolve("artifacts");

    List<Path> files = trainer.download(job, target);

    assertThat(files).isNotEmpty();
    for (Path f : files) {
      assertThat(f.toAbsolutePath().normalize()).startsWith(target.toAbsolutePath().normalize());
      assertThat(f).isRegularFile();
    }
    assertThat(trainer.download(job, target)).as("downloading again gives the same files")
        .hasSameSizeAs(files);
  }

  @Test
  @DisplayName("the cost report of a completed job, when there is one, names the job")
  void costReport_completedJob_namesJob() {
    CloudTrainer trainer = trainer();
    JobHandle job = submit(trainer, successfulJob());
    trainer.await(job, awaitTimeout());

    trainer.costReport(job).ifPresent(report -> {
      assertThat(report.jobId()).isEqualTo(job.id());
      assertThat(report.provider()).isEqualTo(job.provider());
      assertThat(report.totalUsd().signum()).isNotNegative();
      assertThat(report.billable().isNegative()).isFalse();
    });
  }

  @Test
  @DisplayName("list shows every submitted job")
  void list_showsEverySubmittedJob() {
    CloudTrainer trainer = trainer();
    JobHandle a = submit(trainer, successfulJob());
    JobHandle b = submit(trainer, longRunningJob());

    assertThat(trainer.list()).extracting(JobStatus::jobId).contains(a.id(), b.id());
    assertThat(trainer().list()).as("a new trainer reads the same journal")
        .extracting(JobStatus::jobId).contains(a.id(), b.id());
  }

  @Test
  @DisplayName("an unknown instance type is refused before anything is recorded or launched")
  void submit_unknownInstanceType_refusedBeforeLaunch() {
    Assumptions.assumeTrue(checksInstanceTypes(), "the backend accepts any instance type");
    CloudTrainer trainer = trainer();
    CloudConfig config = successfulJob();
    CloudConfig bad = config.toBuilder()
        .instance(config.instance().withType("no-such-instance-type")).build();

    assertThatThrownBy(() -> trainer.submit(bad)).isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems())
            .extracting(ConfigProblem::keyPath).contains("cloud.instance.instance_type"))
        .hasMessageContaining("no-such-instance-type");
    assertThat(trainer.list()).isEmpty();
  }

  @Test
  @DisplayName("a missing data folder is refused before anything is recorded or launched")
  void submit_missingData_refusedBeforeLaunch() {
    CloudTrainer trainer = trainer();
    CloudConfig bad = successfulJob().toBuilder().data("no-such-data-folder").build();

    assertThatThrownBy(() -> trainer.submit(bad)).isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems())
            .extracting(ConfigProblem::keyPath).contains("cloud.data"))
        .hasMessageContaining("no-such-data-folder");
    assertThat(trainer.list()).isEmpty();
  }

  @Test
  @DisplayName("a capacity error at submit is a CapacityException and the job is journaled FAILED")
  void submit_withoutCapacity_failsTypedAndJournaled() {
    java.util.Optional<CloudConfig> job = capacityErrorJob();
    Assumptions.assumeTrue(job.isPresent(), "the test cannot arrange a capacity error");
    assertRefusedAtSubmit(job.get(), CapacityException.class);
  }

  @Test
  @DisplayName("a credentials error at submit is a CredentialsException and the job is journaled FAILED")
  void submit_withBadCredentials_failsTypedAndJournaled() {
    java.util.Optional<CloudConfig> job = credentialsErrorJob();
    Assumptions.assumeTrue(job.isPresent(), "the test cannot arrange a credentials error");
    assertRefusedAtSubmit(job.get(), CredentialsException.class);
  }

  private void assertRefusedAtSubmit(CloudConfig config, Class<? extends SoenCloudException> type) {
    CloudTrainer trainer = trainer();

    assertThatThrownBy(() -> trainer.submit(config)).isInstanceOf(type);

    assertThat(trainer.list()).as("the refused job stays in the journal, marked FAILED")
        .singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(JobState.FAILED));
    assertThat(events.states()).as("listeners heard it fail").contains(JobState.FAILED);
  }

  @Test
  @DisplayName("secrets never reach the journal, the events, the logs or the staged config")
  void secrets_neverLeak() throws IOException {
    String secret = "s3cr3t-" + UUID.randomUUID();
    CloudTrainer trainer = trainer();
    CloudConfig config = successfulJob().toBuilder()
        .putSecretEnvironment("SOEN_CONTRACT_SECRET", secret).build();

    JobHandle job = submit(trainer, config);
    JobStatus done = trainer.await(job, awaitTimeout());

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(config.toString()).doesNotContain(secret);
    assertThat(job.toString()).doesNotContain(secret);
    assertThat(done.toString()).doesNotContain(secret);
    assertThat(events.events()).extracting(JobEvent::toString)
        .noneMatch(e -> e.contains(secret));
    assertThat(trainer.logs(job, "").lines()).extracting(LogLine::message)
        .noneMatch(l -> l.contains(secret));
    stagedConfig(job).ifPresent(yaml -> assertThat(yaml).doesNotContain(secret));
    Set<Path> leaking = new HashSet<>();
    try (Stream<Path> files = Files.walk(home)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
            .contains(secret)) {
          leaking.add(f);
        }
      }
    }
    assertThat(leaking).as("files under the soen home holding the secret").isEmpty();
  }
}
