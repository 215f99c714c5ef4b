package org.soen.cloud.internal;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.spi.JobRecord;

/**
 * Tells the trainer's listeners what happens to jobs: each change of a job's state once, as a
 * STATE event, whether a status showed it or a backend recorded it, and every other event as it is;
 * a listener that fails is logged and skipped. A state a status shows is also recorded in the journal.
 */
final class JobEvents {
  private static final Logger LOG = LoggerFactory.getLogger(JobEvents.class);

  private final List<JobListener> listeners;
  private final Clock clock;
  private final FileJobJournal journal;
  private final Map<String, JobState> lastStates = new ConcurrentHashMap<>();

  JobEvents(List<JobListener> listeners, Clock clock, FileJobJournal journal) {
    this.listeners = listeners;
    this.clock = clock;
    this.journal = journal;
  }

  /** Notes {@code state} as the job's last known one, without telling anyone (it was told otherwise). */
  void known(String jobId, JobState state) {
    lastStates.put(jobId, state);
  }

  /** A status seen: recorded in the journal when its state differs, announced when it changed. */
  void observed(String jobId, JobStatus status) {
    JobState before = lastStates.put(jobId, status.state());
    Optional<JobRecord> record = journal.find(jobId);
    if (record.isPresent() && record.get().state() != status.state()) {
      journal.recordState(jobId, status.state());
    }
    if (before != status.state()) {
      state(jobId, status.state(), status.message().orElse(status.detail()));
    }
  }

  /** A state a backend recorded in the journal reaches the listeners as a STATE event, once. */
  void announced(JobRecord record) {
    JobState before = lastStates.put(record.id(), record.state());
    if (before != null && before != record.state()) {
      state(record.id(), record.state(), record.state().name().toLowerCase(Locale.ROOT));
    }
  }

  /** A STATE event of {@code jobId}, now; its message the state's name when {@code message} is null. */
  void state(String jobId, JobState state, String message) {
    emit(JobEvent.builder().jobId(jobId).at(clock.instant()).kind(JobEvent.Kind.STATE).state(state)
        .message(message == null ? state.name() : message).build());
  }

  /** {@code event} to every listener, in order; one that throws is logged and skipped. */
  void emit(JobEvent event) {
    for (JobListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("a job listener failed on a {} event and was skipped", event.kind(), e);
      }
    }
  }
}
