package org.soen.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A submitted job: enough to find it again from another process. The {@link #id()} is the job
 * name ({@code soen-<experiment>-<UTC yyyyMMddHHmmss>-<4 random>}) and the journal's key, so
 * {@code CloudTrainer.attach(id)} works after the launching process died.
 */
@Value.Immutable
public abstract class JobHandle {
  JobHandle() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The job name, unique and valid on every provider. */
  public abstract String id();

  /** The provider id, e.g. {@code sagemaker}. */
  public abstract String provider();

  /** When the job was submitted. */
  public abstract Instant submittedAt();

  /** The provider's own id (a SageMaker ARN, a Lambda instance id, a process id). */
  public abstract Optional<String> providerJobId();

  /** Where config, data and output are staged, e.g. {@code s3://bucket/soen/p/e/job/ts/}. */
  public abstract Optional<String> stagingUri();

  /** The provider region, if it has regions. */
  public abstract Optional<String> region();

  /** A console page for the job, when the provider has one. */
  public abstract Optional<String> consoleUrl();

  /** Provider facts worth showing (instance type, IP ...); never secrets. */
  public abstract Map<String, String> details();

  /** Builds {@link JobHandle} values. */
  public static final class Builder extends ImmutableJobHandle.Builder {
    Builder() {}
  }
}
