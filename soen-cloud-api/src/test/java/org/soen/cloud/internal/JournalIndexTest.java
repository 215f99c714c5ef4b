package org.soen.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.spi.JobRecord;

class JournalIndexTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir
  Path home;

  private FileJobJournal journal() {
    return new FileJobJournal(home.resolve("jobs"), CLOCK, r -> {
      throw new UnsupportedOperationException("no config in these tests");
    });
  }

  private static JobRecord record(String id, int minute, JobState state) {
    return JobRecord.builder()
        .handle(JobHandle.builder().id(id).provider("local").submittedAt(T0.plusSeconds(60L * minute)).build())
        .state(state).updatedAt(T0.plusSeconds(60L * minute + 1)).configYaml("cloud: {}\n").build();
  }

  /** The index as the records themselves say it should be. */
  private static List<JournalIndex.Entry> fromRecords(FileJobJournal journal) {
    return journal.all().stream().map(JournalIndex.Entry::of).toList();
  }

  /** Sets the time of the jobs folder and every record to an hour ago, as if nothing had been written since. */
  private void ageEverything() throws IOException {
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    try (Stream<Path> files = Files.list(home.resolve("jobs"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.setLastModifiedTime(f, hourAgo);
      }
    }
    Files.setLastModifiedTime(home.resolve("jobs"), hourAgo);
  }

  @Test
  void summaries_whenNoJournalFolder_areEmptyAndWriteNothing() {
    assertThat(journal().summaries()).isEmpty();
    assertThat(home.resolve("jobs.index")).doesNotExist();
  }

  @Test
  void summaries_afterCreatesAndUpdates_matchTheRecordsNewestFirst() {
    FileJobJournal journal = journal();
    journal.create(record("job-a", 1, JobState.RUNNING));
    journal.create(record("job-b", 2, JobState.PENDING));
    assertThat(journal.summaries()).extracting(JournalIndex.Entry::id).containsExactly("job-b", "job-a");

    journal.recordState("job-a", JobState.COMPLETED);
    journal.create(record("job-c", 3, JobState.STAGING));

    assertThat(journal.summaries()).isEqualTo(fromRecords(journal));
    assertThat(journal.summaries()).extracting(JournalIndex.Entry::state)
        .containsExactly(JobState.STAGING, JobState.PENDING, JobState.COMPLETED);
    assertThat(home.resolve("jobs.index")).exists();
  }

  @Test
  void summaries_whenTheFolderIsUnchangedSinceIndexed_comeFromTheIndexWithoutReadingRecords() throws IOException {
    FileJobJournal journal = journal();
    journal.create(record("job-a", 1, JobState.RUNNING));
    ageEverything();
    assertThat(journal.summaries()).extracting(JournalIndex.Entry::state).containsExactly(JobState.RUNNING);

    // An edit in place (no rename, same size, times put back) is invisible to the index: proof it was not read.
    Path file = home.resolve("jobs/job-a.json");
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, Files.readString(file).replace("\"RUNNING\"", "\"STOPPED\""));
    ageEverything();
    Files.setLastModifiedTime(file, before);

    assertThat(journal.summaries()).extracting(JournalIndex.Entry::state).containsExactly(JobState.RUNNING);
    assertThat(journal.find("job-a").orElseThrow().state()).isEqualTo(JobState.STOPPED);
  }

  @Test
  void summaries_whenARecordChangesAfterIndexed_readItAgain() throws IOException {
    FileJobJournal journal = journal();
    journal.create(record("job-a", 1, JobState.RUNNING));
    journal.create(record("job-b", 2, JobState.RUNNING));
    ageEverything();
    journal.summaries();

    journal.recordState("job-b", JobState.FAILED);

    assertThat(journal.summaries()).extracting(JournalIndex.Entry::id, JournalIndex.Entry::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("job-b", JobState.FAILED),
            org.assertj.core.groups.Tuple.tuple("job-a", JobState.RUNNING));
  }

  @Test
  void summaries_whenARecordIsRemoved_dropIt() throws IOException {
    FileJobJournal journal = journal();
    journal.create(record("job-a", 1, JobState.COMPLETED));
    journal.create(record("job-b", 2, JobState.COMPLETED));
    ageEverything();
    journal.summaries();

    Files.delete(home.resolve("jobs/job-a.json"));

    assertThat(journal.summaries()).extracting(JournalIndex.Entry::id).containsExactly("job-b");
  }

  @Test
  void summaries_whenTheIndexIsMissingOrDamaged_areRebuiltFromTheRecords() throws IOException {
    FileJobJournal journal = journal();
    journal.create(record("job-a", 1, JobState.COMPLETED));
    journal.create(record("job-b", 2, JobState.FAILED));
    ageEverything();
    List<JournalIndex.Entry> expected = fromRecords(journal);
    assertThat(journal.summaries()).isEqualTo(expected);
    Path index = home.resolve("jobs.index");
    String good = Files.readString(index);

    Files.delete(index);
    assertThat(journal.summaries()).isEqualTo(expected);

    Files.writeString(index, good.replace("COMPLETED", "NOT_A_STATE"));
    assertThat(journal.summaries()).isEqualTo(expected);

    Files.writeString(index, good.substring(0, good.length() / 2));
    assertThat(journal.summaries()).isEqualTo(expected);

    Files.writeString(index, "something else\n");
    assertThat(journal.summaries()).isEqualTo(expected);
    assertThat(Files.readString(index)).isEqualTo(good);
  }

  @Test
  void summaries_whenARecordIsUnreadable_skipItAndListTheRest() throws IOException {
    FileJobJournal journal = journal();
    journal.create(record("job-a", 1, JobState.COMPLETED));
    Files.writeString(home.resolve("jobs/job-bad.json"), "{ not json", StandardCharsets.UTF_8);

    assertThat(journal.summaries()).extracting(JournalIndex.Entry::id).containsExactly("job-a");
  }

  @Test
  void summaries_whenTwoLaunchersWriteAtOnce_agreeWithTheRecordsAfterwards() {
    // Two journals on one folder share no lock in this process, as two launcher processes would not.
    FileJobJournal first = journal();
    FileJobJournal second = journal();
    FileJobJournal lister = journal();
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (FileJobJournal j : List.of(first, second)) {
      String prefix = j == first ? "one-" : "two-";
      writers.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 40; i++) {
          j.create(record(prefix + i, i, JobState.PENDING));
          j.recordState(prefix + i, JobState.RUNNING);
          if (i % 3 == 0) {
            j.recordState(prefix + i, JobState.COMPLETED);
          }
        }
      }));
    }
    CompletableFuture<Void> listing = CompletableFuture.runAsync(() -> {
      while (writers.stream().anyMatch(w -> !w.isDone())) {
        assertThat(lister.summaries()).allSatisfy(e -> assertThat(e.id()).matches("(one|two)-\\d+"));
      }
    });
    CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();
    listing.join();

    assertThat(lister.summaries()).hasSize(80).isEqualTo(fromRecords(lister));
    assertThat(first.summaries()).isEqualTo(fromRecords(first));
  }
}
