package org.soen.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Something that happened to a job, delivered to every {@link JobListener}: a state change, a log
 * line, parsed epoch metrics, transfer progress, a cost report or a notice. Events never hold
 * secrets.
 */
@Value.Immutable
public abstract class JobEvent {
  /** What kind of event this is; decides which optional fields are set. */
  public enum Kind {
    /** {@link #state()} changed. */
    STATE,
    /** A line of the job's log in {@link #message()}. */
    LOG,
    /** Parsed epoch metrics in {@link #metrics()} and {@link #epoch()}. */
    METRICS,
    /** Upload or download progress in {@link #bytesDone()} and {@link #bytesTotal()}. */
    PROGRESS,
    /** Something worth telling a person, e.g. "reusing 1.2 GiB already staged". */
    NOTICE
  }

  JobEvent() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The job name. */
  public abstract String jobId();

  /** When it happened. */
  public abstract Instant at();

  /** The kind of event. */
  public abstract Kind kind();

  /** A human-readable line. */
  @Value.Default
  public String message() {
    return "";
  }

  /** The new state, for {@link Kind#STATE}. */
  public abstract Optional<JobState> state();

  /** The epoch, for {@link Kind#METRICS}. */
  public abstract Optional<Integer> epoch();

  /** Metric name to value, for {@link Kind#METRICS}, e.g. {@code loss}, {@code mAP50}. */
  public abstract Map<String, Double> metrics();

  /** Bytes moved so far, for {@link Kind#PROGRESS}. */
  public abstract Optional<Long> bytesDone();

  /** Bytes to move in all, for {@link Kind#PROGRESS}, when known. */
  public abstract Optional<Long> bytesTotal();

  /** Builds {@link JobEvent} values. */
  public static final class Builder extends ImmutableJobEvent.Builder {
    Builder() {}
  }
}
