package org.soen.cloud;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * One thing wrong with a configuration: where (file or other source, key path, line and column
 * when known), what was wrong and what is allowed. {@link #toString()} renders it the way the
 * command line prints it, for example:
 *
 * <pre>
 * train.yaml:7:22: cloud.instance.max_runtime_hours: must be a number of hours, was "abc"
 * </pre>
 *
 * <p>A problem with no key path (one with a whole file) leaves it out: {@code train.yaml: the file is empty}.
 */
@Value.Immutable
public abstract class ConfigProblem {
  ConfigProblem() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the value came from: a file path, {@code environment}, {@code flag} or {@code value}. */
  public abstract String source();

  /** The full key path, for example {@code cloud.instance.max_runtime_hours}. */
  public abstract String keyPath();

  /** 1-based line in {@link #source()}, when it is a file and the line is known. */
  public abstract Optional<Integer> line();

  /** 1-based column in {@link #source()}, when known. */
  public abstract Optional<Integer> column();

  /** What is wrong, including what is allowed and, for unknown names, a did-you-mean. */
  public abstract String message();

  /**
   * A stable code for scripts ({@code --json}), one of the {@code CODE_*} constants or a
   * provider's own {@code config.*} code; never a Java class name.
   */
  @Value.Default
  public String code() {
    return CODE_INVALID_VALUE;
  }

  /** A name that is not a setting (or section) here. */
  public static final String CODE_UNKNOWN_KEY = "config.unknown_key";
  /** A value of the wrong type, out of range, or not of the allowed form. */
  public static final String CODE_INVALID_VALUE = "config.invalid_value";
  /** A setting the provider needs is not set anywhere. */
  public static final String CODE_MISSING = "config.missing_value";
  /** One setting given twice (duplicate key, or nested and flat spellings with different values). */
  public static final String CODE_DUPLICATE = "config.duplicate_key";
  /** The file is not YAML, not UTF-8, or its structure is not a mapping. */
  public static final String CODE_SYNTAX = "config.syntax";
  /** The file itself: missing, empty, a directory, a device, too large, unreadable. */
  public static final String CODE_FILE = "config.file";
  /** Settings that contradict each other (spot wait shorter than the runtime, a budget too small). */
  public static final String CODE_CONFLICT = "config.conflict";
  /** {@code cloud.provider} names no installed provider. */
  public static final String CODE_UNKNOWN_PROVIDER = "config.unknown_provider";

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(source());
    line().ifPresent(l -> b.append(':').append(l));
    column().ifPresent(c -> b.append(':').append(c));
    b.append(": ");
    if (!keyPath().isEmpty()) {
      b.append(keyPath()).append(": ");
    }
    return b.append(message()).toString();
  }

  /** Builds {@link ConfigProblem} values. */
  public static final class Builder extends ImmutableConfigProblem.Builder {
    Builder() {}
  }
}
