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

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(source());
    line().ifPresent(l -> b.append(':').append(l));
    column().ifPresent(c -> b.append(':').append(c));
    return b.append(": ").append(keyPath()).append(": ").append(message()).toString();
  }

  /** Builds {@link ConfigProblem} values. */
  public static final class Builder extends ImmutableConfigProblem.Builder {
    Builder() {}
  }
}
