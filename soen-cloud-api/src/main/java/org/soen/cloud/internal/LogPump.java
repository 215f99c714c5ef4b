package org.soen.cloud.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.Sleeper;

/**
 * Reads a followed job's log on from where it was last read and sends each line (and the epoch
 * metrics parsed from it) to the listeners as LOG and METRICS events, in order.
 */
final class LogPump {
  private static final Logger LOG = LoggerFactory.getLogger(LogPump.class);
  private static final int MAX_LOG_PAGES_PER_POLL = 64;
  private static final int MAX_DRAIN_ROUNDS = 8;

  private final BiFunction<JobHandle, String, LogPage> logs;
  private final Consumer<JobEvent> emit;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final Map<String, String> cursors = new ConcurrentHashMap<>();

  LogPump(BiFunction<JobHandle, String, LogPage> logs, Consumer<JobEvent> emit, Sleeper sleeper, Duration pollInterval) {
    this.logs = logs;
    this.emit = emit;
    this.sleeper = sleeper;
    this.pollInterval = pollInterval;
  }

  /** Sends the lines logged since the last call (a bounded number of pages); a log that cannot be read is skipped. */
  void pump(JobHandle job) {
    for (int i = 0; i < MAX_LOG_PAGES_PER_POLL; i++) {
      LogPage page;
      try {
        page = logs.apply(job, cursors.getOrDefault(job.id(), ""));
      } catch (SoenCloudException e) {
        LOG.warn("cannot read the log of {}: {}", job.id(), e.getMessage());
        return;
      }
      cursors.put(job.id(), page.cursor());
      for (LogLine line : page.lines()) {
        emit.accept(JobEvent.builder().jobId(job.id()).at(line.at()).kind(JobEvent.Kind.LOG).message(line.message()).build());
        MetricsParser.parse(line.message()).ifPresent(m -> emit.accept(JobEvent.builder().jobId(job.id()).at(line.at())
            .kind(JobEvent.Kind.METRICS).epoch(m.epoch()).metrics(m.values()).message(line.message()).build()));
      }
      if (page.lines().isEmpty() || page.complete()) {
        return;
      }
    }
  }

  /** Sends what is left of the log of a job that ended, waiting a few polls for late lines. */
  void drain(JobHandle job) {
    for (int i = 0; i < MAX_DRAIN_ROUNDS; i++) {
      pump(job);
      try {
        if (logs.apply(job, cursors.getOrDefault(job.id(), "")).complete()) {
          return;
        }
        sleeper.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SoenCloudException e) {
        return;
      }
    }
  }
}
