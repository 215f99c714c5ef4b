package org.soen.cloud;

import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** Where a job is now, in the common {@link JobState} model plus the provider's own words. */
@Value.Immutable
public abstract class JobStatus {
  JobStatus() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The job name. */
  public abstract String jobId();

  /** The provider id. */
  public abstract String provider();

  /** The common state. */
  public abstract JobState state();

  /** The provider's own status, e.g. SageMaker's SecondaryStatus or Lambda's instance status. */
  @Value.Default
  public String detail() {
    return state().name();
  }

  /** Why the job failed or stopped, when known. */
  public abstract Optional<String> message();

  /** The training command's exit code, when known. */
  public abstract Optional<Integer> exitCode();

  /** When this status was observed. */
  public abstract Instant observedAt();

  /** When the training command started. */
  public abstract Optional<Instant> startedAt();

  /** When the job reached a terminal state. */
  public abstract Optional<Instant> endedAt();

  /**
   * Whether the job is not in this trainer's journal: a soen-cloud job found in the provider's
   * account (a teammate's, another machine's, or one whose journal was lost), as {@code list} shows
   * the team's jobs. {@link CloudTrainer#adopt(String)} takes such a job into the journal.
   */
  @Value.Default
  public boolean foreign() {
    return false;
  }

  /**
   * The identity of the journal that submitted the job ({@code JobJournal.owner()}, which
   * providers tag their jobs and instances with), when the provider reports it: set for
   * {@link #foreign()} jobs that carry the tag, empty for untagged ones and for this journal's jobs.
   */
  public abstract Optional<String> owner();

  /** Builds {@link JobStatus} values. */
  public static final class Builder extends ImmutableJobStatus.Builder {
    Builder() {}
  }
}
