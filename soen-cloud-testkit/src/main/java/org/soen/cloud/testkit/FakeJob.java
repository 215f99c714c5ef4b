package org.soen.cloud.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.soen.cloud.CapacityException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.JobState;
import org.soen.cloud.QuotaException;
import org.soen.cloud.SoenCloudException;

/**
 * The scripted outcome of one submission to a {@link FakeTrainingBackend}, as a
 * {@code MockResponse} is for OkHttp's mockwebserver: what the job does (its phases, counted in
 * status polls or in time on the fake's clock), how it ends, what it logs and which artifacts it
 * leaves. Immutable; every {@code with...} method returns a copy.
 *
 * <pre>{@code
 * fake.enqueue(FakeJob.completesAfterPolls(3)
 *     .withLogLines("loading data", "training")
 *     .withEpoch(1, Map.of("loss", 0.52))
 *     .withArtifact("model/best.pt", "weights"));
 * fake.enqueue(FakeJob.failsAfterPolls(1, "CUDA out of memory", 137));
 * fake.enqueue(FakeJob.rejectsWithCapacity("no ml.g5.xlarge capacity in us-east-1"));
 * }</pre>
 *
 * <p>A phase counted in polls is reported by exactly that many {@code status} calls; the next call
 * moves on. A phase counted in time ends exactly when the clock passes its end, however often or
 * rarely the job is polled. Log lines come out as training progresses (spread over the RUNNING
 * phases by their polls or time), and all of them by the time the job completes or fails, so a
 * launcher watching epoch metrics sees them arrive one poll after another.
 */
public final class FakeJob {
  /** How a scripted job ends once its phases are over. */
  enum Ending { COMPLETED, FAILED, NEVER }

  /** One scripted phase: a state for a number of polls, or for a duration on the clock. */
  record Phase(JobState state, String detail, int polls, Duration duration) {
    boolean pollCounted() {
      return duration == null;
    }
  }

  private final List<Phase> phases;
  private final Ending ending;
  private final String failureReason;
  private final int exitCode;
  private final Supplier<? extends SoenCloudException> rejection;
  private final List<String> logLines;
  private final Map<String, byte[]> artifacts;
  private final int stopPolls;

  private FakeJob(List<Phase> phases, Ending ending, String failureReason, int exitCode,
      Supplier<? extends SoenCloudException> rejection, List<String> logLines,
      Map<String, byte[]> artifacts) {
    this(phases, ending, failureReason, exitCode, rejection, logLines, artifacts, 0);
  }

  private FakeJob(List<Phase> phases, Ending ending, String failureReason, int exitCode,
      Supplier<? extends SoenCloudException> rejection, List<String> logLines,
      Map<String, byte[]> artifacts, int stopPolls) {
    this.stopPolls = stopPolls;
    this.phases = List.copyOf(phases);
    this.ending = ending;
    this.failureReason = failureReason;
    this.exitCode = exitCode;
    this.rejection = rejection;
    this.logLines = List.copyOf(logLines);
    this.artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
  }

  private static FakeJob running(List<Phase> phases, Ending ending, String reason, int exitCode) {
    return new FakeJob(phases, ending, reason, exitCode, null, List.of(), Map.of());
  }

  /** Reported {@code RUNNING} by {@code polls} status calls, then {@code COMPLETED} with exit code 0. */
  public static FakeJob completesAfterPolls(int polls) {
    return running(List.of(runningFor(polls)), Ending.COMPLETED, null, 0);
  }

  /** {@code RUNNING} until {@code duration} has passed on the fake's clock, then {@code COMPLETED}. */
  public static FakeJob completesAfter(Duration duration) {
    return running(List.of(runningFor(duration)), Ending.COMPLETED, null, 0);
  }

  /**
   * {@code RUNNING} for {@code polls} status calls, then {@code FAILED} with {@code reason} and the
   * training command's {@code exitCode}.
   */
  public static FakeJob failsAfterPolls(int polls, String reason, int exitCode) {
    return running(List.of(runningFor(polls)), Ending.FAILED, requireText(reason, "reason"),
        exitCode);
  }

  /** {@code RUNNING} until {@code duration} has passed, then {@code FAILED} like {@link #failsAfterPolls}. */
  public static FakeJob failsAfter(Duration duration, String reason, int exitCode) {
    return running(List.of(runningFor(duration)), Ending.FAILED, requireText(reason, "reason"),
        exitCode);
  }

  /**
   * A spot job: {@code RUNNING} for {@code pollsBefore} polls, {@code INTERRUPTED} (capacity
   * reclaimed) for {@code pollsInterrupted} polls, {@code RUNNING} again for {@code pollsAfter}
   * polls, then {@code COMPLETED}. Interrupted time is not billed.
   */
  public static FakeJob interruptedThenCompletes(int pollsBefore, int pollsInterrupted,
      int pollsAfter) {
    return running(List.of(runningFor(pollsBefore),
        new Phase(JobState.INTERRUPTED, "Interrupted", requirePolls(pollsInterrupted), null),
        runningFor(pollsAfter)), Ending.COMPLETED, null, 0);
  }

  /** {@code RUNNING} until stopped: for {@code stop}, timeouts and attach tests. */
  public static FakeJob runsUntilStopped() {
    return running(List.of(runningFor(1)), Ending.NEVER, null, 0);
  }

  /** {@code submit} fails with a {@link CapacityException} carrying {@code message}; nothing runs. */
  public static FakeJob rejectsWithCapacity(String message) {
    String m = requireText(message, "message");
    return rejectsWith(() -> new CapacityException(m));
  }

  /** {@code submit} fails with a {@link QuotaException} carrying {@code message}; nothing runs. */
  public static FakeJob rejectsWithQuota(String message) {
    String m = requireText(message, "message");
    return rejectsWith(() -> new QuotaException(m));
  }

  /** {@code submit} fails with a {@link CredentialsException} carrying {@code message}; nothing runs. */
  public static FakeJob rejectsWithCredentials(String message) {
    String m = requireText(message, "message");
    return rejectsWith(() -> new CredentialsException(m));
  }

  /** {@code submit} fails with a new exception from {@code exception} each time; nothing runs. */
  public static FakeJob rejectsWith(Supplier<? extends SoenCloudException> exception) {
    Objects.requireNonNull(exception, "exception");
    return new FakeJob(List.of(), Ending.NEVER, null, 0, exception, List.of(), Map.of());
  }

  /**
   * A copy that first spends {@code polls} status calls in {@code state} (for example
   * {@code PROVISIONING} or {@code STAGING}) with the provider detail {@code detail}.
   */
  public FakeJob startingWith(JobState state, String detail, int polls) {
    requireNotRejection();
    if (state.isTerminal() || state == JobState.PENDING) {
      throw new IllegalArgumentException("a scripted phase cannot be " + state
          + "; use PROVISIONING, STAGING, RUNNING, COLLECTING, STOPPING or INTERRUPTED");
    }
    List<Phase> p = new ArrayList<>();
    p.add(new Phase(state, requireText(detail, "detail"), requirePolls(polls), null));
    p.addAll(phases);
    return new FakeJob(p, ending, failureReason, exitCode, null, logLines, artifacts, stopPolls);
  }

  /**
   * A copy that first spends {@code duration} of the fake's clock in {@code state}, like
   * {@link #startingWith(JobState, String, int)}: for example ten minutes of provisioning.
   */
  public FakeJob startingWith(JobState state, String detail, Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    FakeJob polled = startingWith(state, detail, 0);
    List<Phase> p = new ArrayList<>(polled.phases);
    p.set(0, new Phase(state, detail, 0, duration));
    return new FakeJob(p, ending, failureReason, exitCode, null, logLines, artifacts, stopPolls);
  }

  /**
   * A copy that, once asked to stop, reports {@code STOPPING} for {@code polls} status calls before
   * {@code STOPPED}, as SageMaker does while it tears a job down (default 0: stopped at once).
   */
  public FakeJob withStopTakingPolls(int polls) {
    requireNotRejection();
    return new FakeJob(phases, ending, failureReason, exitCode, null, logLines, artifacts,
        requirePolls(polls));
  }

  /** A copy that also prints {@code lines} (to {@code stdout}) once it runs. */
  public FakeJob withLogLines(String... lines) {
    requireNotRejection();
    List<String> l = new ArrayList<>(logLines);
    for (String line : lines) {
      if (line.contains("\n") || line.contains("\r")) {
        throw new IllegalArgumentException("a log line has no line break: " + line);
      }
      l.add(line);
    }
    return new FakeJob(phases, ending, failureReason, exitCode, null, l, artifacts, stopPolls);
  }

  /**
   * A copy that also prints one epoch's metrics as a log line in the form the trainer parses
   * into a {@code METRICS} event, for example {@code epoch 3: loss=0.1200 mAP50=0.8100}.
   */
  public FakeJob withEpoch(int epoch, Map<String, Double> metrics) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, was " + epoch);
    }
    String values = metrics.entrySet().stream()
        .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4f", e.getValue()))
        .collect(Collectors.joining(" "));
    return withLogLines("epoch " + epoch + ": " + values);
  }

  /** A copy that leaves {@code relativePath} (UTF-8 {@code content}) in its output when it completes. */
  public FakeJob withArtifact(String relativePath, String content) {
    return withArtifact(relativePath, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A copy that leaves {@code relativePath} in its output when it completes.
   *
   * @throws IllegalArgumentException when the path is absolute or leaves the output folder
   */
  public FakeJob withArtifact(String relativePath, byte[] content) {
    requireNotRejection();
    Map<String, byte[]> a = new LinkedHashMap<>(artifacts);
    a.put(internalSafePath(relativePath), content.clone());
    return new FakeJob(phases, ending, failureReason, exitCode, null, logLines, a, stopPolls);
  }

  List<Phase> phases() {
    return phases;
  }

  Ending ending() {
    return ending;
  }

  Optional<String> failureReason() {
    return Optional.ofNullable(failureReason);
  }

  int exitCode() {
    return exitCode;
  }

  Optional<SoenCloudException> rejection() {
    return rejection == null ? Optional.empty() : Optional.of(rejection.get());
  }

  List<String> logLines() {
    return logLines;
  }

  Map<String, byte[]> artifacts() {
    return artifacts;
  }

  int stopPolls() {
    return stopPolls;
  }

  @Override
  public String toString() {
    if (rejection != null) {
      return "FakeJob[rejected at submit]";
    }
    return "FakeJob[" + phases.stream().map(p -> p.state() + " for "
            + (p.pollCounted() ? p.polls() + " polls" : p.duration()))
        .collect(Collectors.joining(", ")) + ", then " + ending
        + (failureReason == null ? "" : " (" + failureReason + ", exit code " + exitCode + ")")
        + ", " + logLines.size() + " log lines, artifacts " + artifacts.keySet() + "]";
  }

  private void requireNotRejection() {
    if (rejection != null) {
      throw new IllegalStateException("a job rejected at submit never runs, logs or leaves artifacts");
    }
  }

  private static Phase runningFor(int polls) {
    return new Phase(JobState.RUNNING, "Training", requirePolls(polls), null);
  }

  private static Phase runningFor(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    return new Phase(JobState.RUNNING, "Training", 0, duration);
  }

  private static int requirePolls(int polls) {
    if (polls < 0) {
      throw new IllegalArgumentException("polls must be >= 0, was " + polls);
    }
    return polls;
  }

  private static String requireText(String text, String name) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return text;
  }

  private static String internalSafePath(String path) {
    return org.soen.cloud.testkit.internal.SafePaths.requireRelative(path);
  }
}
