package org.soen.cloud.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;

/**
 * A job as recorded in the journal ({@code ~/.soen/jobs/<job>.json}): written before the first
 * paid call and updated at every step. Holds no secrets.
 */
@Value.Immutable
public abstract class JobRecord {
  JobRecord() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The handle. */
  public abstract JobHandle handle();

  /** The last state seen. */
  public abstract JobState state();

  /** When the record last changed. */
  public abstract Instant updatedAt();

  /** The effective {@code cloud:} section as YAML, without secrets, to resume from. */
  public abstract String configYaml();

  /** The training YAML the job came from, if any. */
  public abstract Optional<String> sourceFile();

  /** Provider-private state: step reached, instance id, pinned host key, offsets. No secrets. */
  public abstract Map<String, String> providerState();

  /** Shortcut for {@link JobHandle#id()}. */
  public String id() {
    return handle().id();
  }

  /** Builds {@link JobRecord} values. */
  public static final class Builder extends ImmutableJobRecord.Builder {
    Builder() {}
  }
}
