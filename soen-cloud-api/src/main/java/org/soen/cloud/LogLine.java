package org.soen.cloud;

import java.time.Instant;
import org.immutables.value.Value;

/** One line of a job's log. */
@Value.Immutable
public abstract class LogLine {
  LogLine() {}

  /** A line from {@code stream} at {@code at}. */
  public static LogLine of(Instant at, String stream, String message) {
    return ImmutableLogLine.builder().at(at).stream(stream).message(message).build();
  }

  /** When the line was written (or read, when the provider gives no time). */
  public abstract Instant at();

  /** The log stream, e.g. {@code algo-1} on SageMaker, {@code stdout} locally. */
  public abstract String stream();

  /** The line, without its line break. */
  public abstract String message();
}
