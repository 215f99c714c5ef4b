package org.soen.cloud;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A page of log lines and the cursor to ask for the next page. Following a log means calling
 * {@code logs(job, page.cursor())} until {@link #complete()}: no line is returned twice and none is
 * skipped.
 */
@Value.Immutable
public abstract class LogPage {
  LogPage() {}

  /** A page. */
  public static LogPage of(List<LogLine> lines, String cursor, boolean complete) {
    return ImmutableLogPage.builder().lines(lines).cursor(cursor).complete(complete).build();
  }

  /** The lines, oldest first. */
  public abstract List<LogLine> lines();

  /** An opaque cursor to pass to the next call; empty means "from the start". */
  public abstract String cursor();

  /** True when the job is over and every line has been returned. */
  public abstract boolean complete();

  /** The last line of this page, if any. */
  public Optional<LogLine> last() {
    return lines().isEmpty() ? Optional.empty() : Optional.of(lines().get(lines().size() - 1));
  }
}
