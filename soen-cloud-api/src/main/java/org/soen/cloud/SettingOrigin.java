package org.soen.cloud;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * Where one effective setting came from, for {@code soen-cloud config show}. Secret values are
 * already masked in {@link #displayValue()}.
 */
@Value.Immutable
public abstract class SettingOrigin {
  /** The precedence layers, highest first. */
  public enum Layer {
    /** An explicit override: a builder call or a command-line flag. */
    FLAG,
    /** The training YAML's {@code cloud:} section. */
    YAML,
    /** An environment variable. */
    ENVIRONMENT,
    /** {@code ~/.soen/cloud_config.yaml}. */
    USER_CONFIG,
    /** Built in. */
    DEFAULT
  }

  SettingOrigin() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The key path under {@code cloud.}, e.g. {@code instance.instance_type}. */
  public abstract String key();

  /** The value as text, {@code ****} for secrets. */
  public abstract String displayValue();

  /** The layer it came from. */
  public abstract Layer layer();

  /** The file, variable or flag name within the layer. */
  public abstract Optional<String> where();

  /** The key path as the source wrote it ({@code cloud.instance_count} for the flat spelling), if known. */
  public abstract Optional<String> path();

  /** 1-based line in the file it came from, when it came from a file. */
  public abstract Optional<Integer> line();

  /** 1-based column in the file it came from, when it came from a file. */
  public abstract Optional<Integer> column();

  /**
   * A problem with this setting, reported where the value was written: {@code file:line:col},
   * the environment variable, or the flag.
   */
  public ConfigProblem problem(String keyPath, String message, String code) {
    String shown = path().filter(p -> keyPath.equals("cloud." + key())).orElse(keyPath);
    return ConfigProblem.builder().source(where().orElse(layer().name().toLowerCase(java.util.Locale.ROOT)))
        .line(line()).column(column()).keyPath(shown).message(message).code(code).build();
  }

  /** Builds {@link SettingOrigin} values. */
  public static final class Builder extends ImmutableSettingOrigin.Builder {
    Builder() {}
  }
}
