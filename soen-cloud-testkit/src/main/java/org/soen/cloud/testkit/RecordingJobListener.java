package org.soen.cloud.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobState;

/**
 * A {@link JobListener} that keeps every event, for assertions on what a trainer reported.
 * Thread-safe.
 *
 * <pre>{@code
 * RecordingJobListener events = new RecordingJobListener();
 * CloudTrainer trainer = CloudTrainer.builder().listener(events) ... .build();
 * trainer.await(trainer.submit(config));
 * assertThat(events.messages(JobEvent.Kind.LOG)).contains("epoch 1: loss=0.5000");
 * assertThat(events.states()).endsWith(JobState.COMPLETED);
 * }</pre>
 */
public final class RecordingJobListener implements JobListener {
  private final List<JobEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(JobEvent event) {
    events.add(event);
  }

  /** Every event so far, oldest first. */
  public synchronized List<JobEvent> events() {
    return List.copyOf(events);
  }

  /** The events of {@code kind}, oldest first. */
  public synchronized List<JobEvent> events(JobEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).collect(Collectors.toUnmodifiableList());
  }

  /** The messages of the events of {@code kind}, oldest first. */
  public List<String> messages(JobEvent.Kind kind) {
    return events(kind).stream().map(JobEvent::message).collect(Collectors.toUnmodifiableList());
  }

  /** The states of the {@code STATE} events, oldest first. */
  public List<JobState> states() {
    return events(JobEvent.Kind.STATE).stream().flatMap(e -> e.state().stream())
        .collect(Collectors.toUnmodifiableList());
  }

  /** Forget every event so far. */
  public synchronized void clear() {
    events.clear();
  }

  @Override
  public synchronized String toString() {
    return "RecordingJobListener[" + events.size() + " events]";
  }
}
