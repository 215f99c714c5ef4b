package org.soen.cloud.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobListener;

/**
 * The events of the jobs the web console follows, kept per job from the first line on, so that a
 * page opened late, reloaded, or reconnecting after a dropped network (an {@code EventSource}
 * sends the last id it saw) gets every line and every epoch exactly once. Receives the console
 * trainer's events: log lines, parsed epoch metrics, state changes and notices.
 */
final class ConsoleFeeds implements JobListener {
  /** One event as the page receives it: its number in the job's feed, its kind and its fields. */
  record Entry(long id, String kind, Map<String, Object> data) {}

  private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

  @Override
  public void onEvent(JobEvent e) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("at", e.at().toString());
    String kind;
    switch (e.kind()) {
      case LOG -> {
        kind = "log";
        data.put("line", e.message());
      }
      case METRICS -> {
        kind = "metrics";
        e.epoch().ifPresent(ep -> data.put("epoch", ep));
        data.put("metrics", new LinkedHashMap<>(e.metrics()));
      }
      case STATE -> {
        kind = "state";
        e.state().ifPresent(s -> data.put("state", s.name()));
        data.put("message", e.message());
      }
      case NOTICE -> {
        kind = "notice";
        data.put("message", e.message());
      }
      default -> {
        return;
      }
    }
    feed(e.jobId()).add(kind, data);
  }

  /** The feed of {@code jobId}, made empty on first use. */
  Feed feed(String jobId) {
    return feeds.computeIfAbsent(jobId, id -> new Feed());
  }

  /** One job's events, in order; readers wait for what comes after the last id they saw. */
  static final class Feed {
    private final List<Entry> entries = new ArrayList<>();
    private boolean ended;

    synchronized void add(String kind, Map<String, Object> data) {
      entries.add(new Entry(entries.size() + 1L, kind, data));
      notifyAll();
    }

    /** No more events come: the job ended, or following it failed with {@code message}. */
    synchronized void end(String kind, Map<String, Object> data) {
      add(kind, data);
      ended = true;
      notifyAll();
    }

    /** Whether the job was followed to its end (or following it failed). */
    synchronized boolean ended() {
      return ended;
    }

    /** Follow again after a failure: new events append after the old ones. */
    synchronized void reopen() {
      ended = false;
    }

    /**
     * The entries after id {@code after}, waiting up to {@code wait} for one when there are none
     * and the feed has not ended; empty when nothing came.
     */
    synchronized List<Entry> after(long after, Duration wait) throws InterruptedException {
      long deadline = System.nanoTime() + wait.toNanos();
      while (entries.size() <= after && !ended) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return List.of();
        }
        Duration d = Duration.ofNanos(left);
        wait(Math.max(1, d.toMillis()));
      }
      int from = (int) Math.min(Math.max(after, 0), entries.size());
      return List.copyOf(entries.subList(from, entries.size()));
    }

    /** Every entry so far. */
    synchronized List<Entry> all() {
      return List.copyOf(entries);
    }
  }
}
