package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobState;
import org.soen.cloud.ProviderException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;

/**
 * One Lambda job's record as its steps use it: the provider state in the journal (read fresh every
 * time, so another process's changes are seen), the events sent to listeners, and the log kept in
 * the job's local folder, which {@code logs()} pages through.
 */
final class Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaJob.class);

  private final BackendContext ctx;
  private final String jobId;
  private final Path localDir;
  private Instant lastBeat = Instant.MIN;

  Ledger(BackendContext ctx, String jobId) {
    this.ctx = ctx;
    this.jobId = jobId;
    this.localDir = localDir(ctx, jobId);
  }

  /** The folder where the job's log and artifacts are kept on this machine. */
  static Path localDir(BackendContext ctx, String jobId) {
    return ctx.home().resolve("lambdalabs").resolve(jobId);
  }

  String jobId() {
    return jobId;
  }

  Path localDir() {
    return localDir;
  }

  Instant instant() {
    return ctx.clock().instant();
  }

  String now() {
    return instant().toString();
  }

  /** The identity of the journal, tagged on every instance it launches. */
  String owner() {
    return ctx.journal().owner();
  }

  /**
   * Records that {@code launcher} drives the job from now on, and beats: a reaper then knows which
   * process to check.
   */
  void driveFrom(LauncherProcess launcher) {
    Instant now = instant();
    Map<String, String> m = new java.util.HashMap<>(launcher.entries());
    m.put(Keys.HEARTBEAT, now.toString());
    put(m);
    lastBeat = now;
  }

  /**
   * The launcher's heartbeat, written at most once every {@link LambdaJob#BEAT} while the driver
   * works (called at every check for a stop): a reaper on another host counts the launcher as gone
   * once it is older than {@link Abandonment#OTHER_HOST_SILENCE}.
   */
  void beat() {
    Instant now = instant();
    if (Duration.between(lastBeat, now).compareTo(LambdaJob.BEAT) >= 0) {
      put(Map.of(Keys.HEARTBEAT, now.toString()));
      lastBeat = now;
    }
  }

  /** The job's deadline: journaled at launch; computed again from the launch time for a record from before that. */
  Deadline deadline(JobSpec spec) {
    Optional<String> at = get(Keys.DEADLINE);
    if (at.isPresent()) {
      return new Deadline(Instant.parse(at.get()), get(Keys.DEADLINE_WHY).orElse("the job's deadline"));
    }
    return Deadline.of(spec, Instant.parse(require(Keys.T_LAUNCH)), Integer.parseInt(get(Keys.PRICE_CENTS).orElse("0")));
  }

  /** The next step to do. */
  Step step() {
    return get(Keys.STEP).map(Step::valueOf).orElse(Step.LAUNCH);
  }

  Optional<String> get(String key) {
    return ctx.journal().find(jobId).map(JobRecord::providerState).map(m -> m.get(key));
  }

  String require(String key) {
    return get(key).orElseThrow(() -> new ProviderException("the journal of " + jobId + " lacks " + key, null));
  }

  void put(Map<String, String> entries) {
    ctx.journal().putProviderState(jobId, entries);
  }

  void recordState(JobState state) {
    ctx.journal().recordState(jobId, state);
  }

  void notice(String message) {
    LOG.info("{}: {}", jobId, message);
    event(JobEvent.builder().kind(JobEvent.Kind.NOTICE).message(message));
  }

  /** Keeps a line in the local log, which {@code logs()} pages through (the trainer turns it into LOG events). */
  void log(String stream, String line) {
    try {
      Files.createDirectories(localDir);
      Files.writeString(localDir.resolve("run.log"), stream + "\t" + now() + "\t" + line.replace('\t', ' ') + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("cannot keep the log of {} in {}: {}", jobId, localDir, Errors.describe(e));
    }
  }

  void event(JobEvent.Builder b) {
    ctx.events().onEvent(b.jobId(jobId).at(instant()).build());
  }
}
