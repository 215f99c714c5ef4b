package org.soen.cloud.spi;

import java.time.Instant;
import org.immutables.value.Value;
import org.soen.cloud.CloudConfig;

/** What {@link TrainingBackend#submit(SubmitRequest)} is asked to run. */
@Value.Immutable
public abstract class SubmitRequest {
  SubmitRequest() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The job name, already recorded in the journal. */
  public abstract String jobName();

  /** The validated config, with the instance type resolved and the runtime bounded by the budget. */
  public abstract CloudConfig config();

  /** The submission time; names the staging folder ({@code yyyyMMdd-HHmmss} in UTC). */
  public abstract Instant submittedAt();

  /**
   * The training YAML to stage, with secrets removed: the user's sections untouched plus the
   * effective {@code cloud:} section.
   */
  public abstract String stagedConfigYaml();

  /** Builds {@link SubmitRequest} values. */
  public static final class Builder extends ImmutableSubmitRequest.Builder {
    Builder() {}
  }
}
