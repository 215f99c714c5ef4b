package org.soen.cloud.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobListener;

/**
 * Renders a followed job's events: phase changes, progress bars (terminal only), log lines,
 * epoch metrics and notices. Keeps the metrics for the final report and {@code --json}.
 */
final class Follower implements JobListener {
  private static final int BAR_WIDTH = 24;

  private final Output out;
  private final List<Map<String, Object>> metrics = new ArrayList<>();
  private volatile String jobId;
  private Instant progressStart;
  private long progressStartBytes;
  private boolean barOpen;
  private long finishedBytes = -1;
  private boolean paused;
  private final List<String> held = new ArrayList<>();

  Follower(Output out) {
    this.out = out;
  }

  /** Only events of {@code id} are shown from now on. */
  void follow(String id) {
    this.jobId = id;
  }

  synchronized List<Map<String, Object>> metrics() {
    return List.copyOf(metrics);
  }

  synchronized Map<String, Object> lastMetrics() {
    return metrics.isEmpty() ? Map.of() : metrics.get(metrics.size() - 1);
  }

  @Override
  public synchronized void onEvent(JobEvent e) {
    if (jobId != null && !jobId.equals(e.jobId())) {
      return;
    }
    switch (e.kind()) {
      case METRICS -> {
        Map<String, Object> m = new LinkedHashMap<>();
        e.epoch().ifPresent(ep -> m.put("epoch", ep));
        m.putAll(e.metrics());
        metrics.add(m);
        if (out.verbose()) {
          print("  " + out.bold("epoch " + e.epoch().map(String::valueOf).orElse("?")) + "  "
              + e.metrics().entrySet().stream()
                  .map(x -> x.getKey() + "=" + String.format(Locale.ROOT, "%.4f", x.getValue()))
                  .collect(Collectors.joining("  ")));
        }
      }
      case STATE -> printUnlessQuiet(out.bold("==> ") + e.state().map(out::state).orElse("?")
          + (e.message().isBlank() || e.state().map(s -> s.name().equals(e.message())).orElse(false)
              ? "" : "  " + e.message()));
      case LOG -> printUnlessQuiet("  | " + e.message());
      case NOTICE -> printUnlessQuiet(out.yellow("note: ") + e.message());
      case PROGRESS -> progress(e);
      default -> { }
    }
  }

  /**
   * Holds every line back until {@link #resume()}, so that a question put to the person at the
   * terminal is not buried under the job's streaming log.
   */
  synchronized void pause() {
    closeBar();
    paused = true;
  }

  /** Prints what was held back while paused, then prints as events come again. */
  synchronized void resume() {
    paused = false;
    held.forEach(this::print);
    held.clear();
  }

  private void printUnlessQuiet(String line) {
    if (!out.quiet()) {
      print(line);
    }
  }

  private void print(String line) {
    if (out.json()) {
      return;
    }
    if (paused) {
      held.add(line);
      return;
    }
    closeBar();
    out.out().println(line);
  }

  private void progress(JobEvent e) {
    if (out.json() || out.quiet() || paused || e.bytesDone().isEmpty()) {
      return;
    }
    long done = e.bytesDone().get();
    long total = e.bytesTotal().orElse(-1L);
    if (progressStart == null && total > 0 && done >= total && done == finishedBytes) {
      return; // the end of a transfer already drawn, told again
    }
    if (progressStart == null || done < progressStartBytes) {
      progressStart = e.at();
      progressStartBytes = done;
    }
    if (!out.terminal()) {
      if (out.verbose() && total > 0 && done >= total) {
        out.out().println("  transferred " + Output.bytes(done));
      }
      return;
    }
    double seconds = Math.max(0.001, Duration.between(progressStart, e.at()).toMillis() / 1000.0);
    double rate = (done - progressStartBytes) / seconds;
    StringBuilder b = new StringBuilder("\r  ");
    if (total > 0) {
      int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
      b.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", 100 * done / total))
          .append(Output.bytes(done)).append('/').append(Output.bytes(total));
    } else {
      b.append(Output.bytes(done));
    }
    boolean finished = total > 0 && done >= total;
    if (!finished && progressStart.isBefore(e.at())) {
      b.append("  ").append(Output.bytes((long) rate)).append("/s");
      if (total > 0 && rate > 0) {
        b.append("  ETA ").append(Output.duration(Duration.ofSeconds((long) ((total - done) / rate))));
      }
    } else if (finished && done > progressStartBytes && progressStart.isBefore(e.at())) {
      // The whole transfer's average, not the rate of its last step (often 0 B/s at 100%).
      b.append("  avg ").append(Output.bytes((long) rate)).append("/s in ")
          .append(Output.duration(Duration.between(progressStart, e.at())));
    }
    out.out().print(b);
    out.out().flush();
    barOpen = true;
    if (finished) {
      closeBar();
      progressStart = null;
      finishedBytes = done;
    }
  }

  private void closeBar() {
    if (barOpen) {
      out.out().println();
      barOpen = false;
    }
  }
}
