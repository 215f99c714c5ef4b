package org.soen.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.spi.JobRecord;

class JobEventsTest {
  private static final Instant T0 = Instant.parse("2026-12-05T01:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir
  Path home;

  private final List<JobEvent> seen = new ArrayList<>();

  private FileJobJournal journal() {
    return new FileJobJournal(home.resolve("jobs"), CLOCK, r -> {
      throw new UnsupportedOperationException("no config in these tests");
    });
  }

  private static JobRecord record(String id, JobState state) {
    return JobRecord.builder().handle(JobHandle.builder().id(id).provider("local").submittedAt(T0).build())
        .state(state).updatedAt(T0).configYaml("cloud: {}\n").build();
  }

  private static JobStatus status(String id, JobState state, String message) {
    JobStatus.Builder b = JobStatus.builder().jobId(id).provider("local").state(state).observedAt(T0);
    if (message != null) {
      b.message(message);
    }
    return b.build();
  }

  private List<String> states() {
    return seen.stream().filter(e -> e.kind() == JobEvent.Kind.STATE)
        .map(e -> e.state().orElseThrow() + ":" + e.message()).toList();
  }

  @Test
  void observed_announcesEachChangeOnce_andRecordsItInTheJournal() {
    FileJobJournal journal = journal();
    journal.create(record("job-1", JobState.PENDING));
    JobEvents events = new JobEvents(List.of(seen::add), CLOCK, journal);
    events.known("job-1", JobState.PENDING);

    events.observed("job-1", status("job-1", JobState.PENDING, null));
    events.observed("job-1", status("job-1", JobState.RUNNING, "started"));
    events.observed("job-1", status("job-1", JobState.RUNNING, "still running"));
    events.observed("job-1", status("job-1", JobState.FAILED, null));

    assertThat(states()).containsExactly("RUNNING:started", "FAILED:FAILED");
    assertThat(journal.find("job-1").orElseThrow().state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void announced_whenTheStateWasNotKnownBefore_tellsNobody_thenTellsEachChange() {
    JobEvents events = new JobEvents(List.of(seen::add), CLOCK, journal());

    events.announced(record("job-2", JobState.STAGING));
    events.announced(record("job-2", JobState.STAGING));
    events.announced(record("job-2", JobState.RUNNING));

    assertThat(states()).containsExactly("RUNNING:running");
    assertThat(seen.get(0).at()).isEqualTo(T0);
  }

  @Test
  void emit_whenAListenerThrows_skipsItAndTellsTheOthers() {
    JobListener failing = e -> {
      throw new IllegalStateException("listener bug");
    };
    JobEvents events = new JobEvents(List.of(failing, seen::add), CLOCK, journal());

    events.state("job-3", JobState.STOPPED, null);

    assertThat(states()).containsExactly("STOPPED:STOPPED");
  }
}
