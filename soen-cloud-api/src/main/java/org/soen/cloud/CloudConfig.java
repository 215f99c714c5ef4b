package org.soen.cloud;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Everything a job needs: where it runs, on what, what it runs, with which data, and the limits on
 * time and money. Usually loaded from a training YAML's {@code cloud:} section by
 * {@link CloudTrainer#loadConfig(java.nio.file.Path)}, which applies the precedence of flags,
 * YAML, environment, {@code ~/.soen/cloud_config.yaml} and defaults; or built in code:
 *
 * <pre>{@code
 * CloudConfig config = CloudConfig.builder()
 *     .provider("local")
 *     .experiment("mnist")
 *     .command(List.of("java", "Train.java"))
 *     .data("data/")
 *     .build();
 * }</pre>
 *
 * <p>Secrets ({@link MlflowSettings#password()}, {@link #secretEnvironment()}, secret
 * {@link Setting}s such as the Lambda API key) are masked in {@link #toString()} and never staged.
 */
@Value.Immutable
public abstract class CloudConfig {
  /** The provider used when none is configured. */
  public static final String DEFAULT_PROVIDER = "local";

  CloudConfig() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this value. */
  public Builder toBuilder() {
    return builder().from(this);
  }

  /** {@code cloud.active}: whether a launcher should send the run to the cloud. */
  @Value.Default
  public boolean active() {
    return false;
  }

  /** {@code cloud.provider}: {@code local}, {@code sagemaker}, {@code lambdalabs} or a plug-in's id. */
  @Value.Default
  public String provider() {
    return DEFAULT_PROVIDER;
  }

  /** {@code cloud.project} (or {@code project} in {@code ~/.soen/cloud_config.yaml}). */
  @Value.Default
  public String project() {
    return "default";
  }

  /** {@code cloud.experiment}: part of the job name and the staging path. */
  @Value.Default
  public String experiment() {
    return "training";
  }

  /** {@code cloud.backend}: the training framework, {@code pytorch} or {@code jax}. */
  @Value.Default
  public Framework framework() {
    return Framework.PYTORCH;
  }

  /** {@code cloud.instance} (and the flat {@code cloud.instance_type} etc.). */
  @Value.Default
  public InstanceSpec instance() {
    return InstanceSpec.defaults();
  }

  /**
   * {@code cloud.command}: the training command as arguments, run in the job's working folder.
   * Empty on SageMaker means the image's own entry point.
   */
  public abstract List<String> command();

  /** {@code cloud.data}: a local folder or file (relative to {@link #baseDirectory()}) or an {@code s3://} URI. */
  public abstract Optional<String> data();

  /** {@code cloud.artifacts}: paths (globs allowed) of results to bring back, relative to the job's output. */
  public abstract List<String> artifacts();

  /** {@code cloud.environment}: non-secret environment for the job. */
  public abstract Map<String, String> environment();

  /** Secret environment for the job (e.g. an MLflow password); masked, never staged or journaled. */
  @Value.Redacted
  public abstract Map<String, String> secretEnvironment();

  /** {@code cloud.tags}: extra tags on the provider's resources. */
  public abstract Map<String, String> tags();

  /** {@code cloud.max_cost_usd}: a hard budget for the whole job in USD. */
  public abstract Optional<BigDecimal> maxCostUsd();

  /** {@code cloud.expected_hours}: the expected duration, for estimates; defaults to the max runtime. */
  public abstract Optional<BigDecimal> expectedHours();

  /** MLflow tracking settings. */
  @Value.Default
  public MlflowSettings mlflow() {
    return MlflowSettings.builder().build();
  }

  /**
   * The values of the settings providers declare ({@code cloud.lambda.*}, the AWS keys, a plug-in's
   * section); read them with {@link #get(Setting)}.
   */
  public SettingValues settings() {
    return SettingValues.of(settingValues());
  }

  /** The raw values behind {@link #settings()}; masked in {@code toString} as they may hold secrets. */
  @Value.Redacted
  public abstract Map<Setting<?>, Object> settingValues();

  /** The value of a provider-declared setting, or its declared default. */
  public <T> Optional<T> get(Setting<T> setting) {
    return settings().get(setting);
  }

  /**
   * Where each setting that is not a built-in default came from (file, line and column; variable;
   * flag), by key path; empty for a config built in code. Problems found later, by a provider's
   * checks, are reported at these places.
   */
  @Value.Auxiliary
  public abstract Map<String, SettingOrigin> origins();

  /** The training YAML this config came from, if any. */
  public abstract Optional<Path> sourceFile();

  /** The folder relative paths ({@link #data()}, the command) are resolved against. */
  @Value.Default
  public Path baseDirectory() {
    return sourceFile().map(p -> p.toAbsolutePath().getParent())
        .orElseGet(() -> Path.of("").toAbsolutePath());
  }

  /**
   * The training YAML's other sections ({@code training}, {@code data}, {@code model} ...), passed
   * through untouched and staged with the config; secrets are removed before staging.
   */
  @Value.Auxiliary
  public abstract Map<String, Object> userSections();

  @Value.Check
  void check() {
    Checks.require(!provider().isBlank(), "provider", "must not be blank");
    maxCostUsd().ifPresent(c -> Checks.require(c.signum() > 0, "max_cost_usd",
        "must be more than 0 USD, was " + c.toPlainString()));
    expectedHours().ifPresent(h -> Checks.require(h.signum() > 0, "expected_hours",
        "must be more than 0 hours, was " + h.toPlainString()));
  }

  /** Builds {@link CloudConfig} values. */
  public static final class Builder extends ImmutableCloudConfig.Builder {
    Builder() {}

    /** Sets a provider-declared setting, e.g. {@code set(LambdaSettings.REGION, "us-west-1")}. */
    public <T> Builder set(Setting<T> setting, T value) {
      SettingValues.checkType(setting, value);
      putSettingValues(setting, value);
      return this;
    }
  }
}
