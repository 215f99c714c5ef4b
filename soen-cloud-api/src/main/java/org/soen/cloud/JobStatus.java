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

  /** Builds {@link JobStatus} values. */
  public static final class Builder extends ImmutableJobStatus.Builder {
    Builder() {}
  }
}
