package org.soen.cloud;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * MLflow tracking, from the training YAML's {@code logging.mlflow_*} keys and
 * {@code MLFLOW_TRACKING_URI}. Passed to the job as environment, never in the staged config.
 */
@Value.Immutable
public abstract class MlflowSettings {
  MlflowSettings() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code logging.mlflow_active}. */
  @Value.Default
  public boolean active() {
    return false;
  }

  /** {@code logging.mlflow_tracking_uri} or {@code MLFLOW_TRACKING_URI}. */
  public abstract Optional<String> trackingUri();

  /** {@code logging.mlflow_experiment_name}. */
  public abstract Optional<String> experimentName();

  /** {@code logging.mlflow_username}. */
  public abstract Optional<String> username();

  /** {@code logging.mlflow_password}: a secret, masked in {@code toString}, never staged. */
  @Value.Redacted
  public abstract Optional<String> password();

  /** Builds {@link MlflowSettings} values. */
  public static final class Builder extends ImmutableMlflowSettings.Builder {
    Builder() {}
  }
}
