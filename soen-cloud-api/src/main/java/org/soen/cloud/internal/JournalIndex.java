package org.soen.cloud.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.JobState;
import org.soen.cloud.spi.AtomicFiles;
import org.soen.cloud.spi.JobRecord;

/**
 * A one-file summary of the journal (id, provider, state, submitted and updated times of every job),
 * so that {@code list} reads one small file instead of every record. The records stay authoritative:
 * the index is a cache derived from them, never the only copy of a fact, and a missing, unreadable
 * or stale index is rebuilt from them.
 *
 * <p>Staleness without reading the records: every record write renames a file into the jobs folder,
 * which changes the folder's modification time, so the index is current while the folder's time and
 * identity are those it was built at. When they differ, the records are listed and only those whose
 * size or modification time changed are read again. A time too close to the present to be told
 * apart from a write in the same clock tick is not trusted ({@link #SETTLE}): such a folder or record
 * is looked at again next time. Nobody needs a lock: the index is replaced atomically, and any
 * snapshot written is one the records held at the time it names. It lives beside the jobs folder
 * ({@code <home>/jobs.index}), since writing it inside would change the time it keys on.
 */
final class JournalIndex {
  private static final Logger LOG = LoggerFactory.getLogger(JournalIndex.class);
  private static final String MAGIC = "soen-cloud journal index 1";
  /** A file time younger than this when looked at may yet be shared by a write in the same tick. */
  static final Duration SETTLE = Duration.ofSeconds(2);
  private static final long UNTRUSTED = -1;
  /** The key of a folder changed too recently to trust: its index is always brought up to date. */
  private static final String UNSETTLED = "unsettled";

  /** What {@code list} needs of one job, as its record holds it. */
  record Entry(String id, String provider, JobState state, Instant submittedAt, Instant updatedAt) {
    static Entry of(JobRecord r) {
      return new Entry(r.id(), r.handle().provider(), r.state(), r.handle().submittedAt(), r.updatedAt());
    }
  }

  /** An entry with the size and time of the record it was read from ({@link #UNTRUSTED}: read again). */
  private record Known(Entry entry, long size, long modified) {}

  private final Path directory;
  private final Path file;
  private final Function<Path, JobRecord> reader;
  private final Supplier<Instant> now;

  /**
   * The index of the records in {@code directory}, read with {@code reader} (which throws on an
   * unreadable record); {@code now} is the wall clock that file times are compared with.
   */
  JournalIndex(Path directory, Function<Path, JobRecord> reader, Supplier<Instant> now) {
    this.directory = directory;
    this.file = directory.resolveSibling(directory.getFileName() + ".index");
    this.reader = reader;
    this.now = now;
  }

  /** Where the index lives. */
  Path file() {
    return file;
  }

  /** Every job's entry, newest submitted first, then by id; brought up to date first when stale. */
  List<Entry> entries() {
    BasicFileAttributes folder;
    try {
      folder = Files.readAttributes(directory, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal folder " + directory, e);
    }
    String key = key(folder);
    Map<String, Known> known = new HashMap<>();
    Optional<String> indexedKey = read(known);
    if (key.equals(UNSETTLED) || !indexedKey.equals(Optional.of(key))) {
      refresh(known);
      write(known, key);
    }
    List<Entry> out = new ArrayList<>(known.size());
    known.values().forEach(k -> out.add(k.entry()));
    out.sort(Comparator.comparing(Entry::submittedAt).reversed().thenComparing(Entry::id));
    return out;
  }

  /** The folder's identity and time, or {@link #UNSETTLED} when the time is too recent to trust. */
  private String key(BasicFileAttributes folder) {
    long modified = trusted(folder.lastModifiedTime().toInstant());
    return modified == UNTRUSTED ? UNSETTLED : folder.fileKey() + "@" + modified;
  }

  /** Nanoseconds since the epoch of {@code time}, or {@link #UNTRUSTED} when it is within {@link #SETTLE} of now. */
  private long trusted(Instant time) {
    if (Duration.between(time, now.get()).compareTo(SETTLE) < 0) {
      return UNTRUSTED;
    }
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  /** Reads the index into {@code known}; its key, or empty when there is none or it is unreadable. */
  private Optional<String> read(Map<String, Known> known) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.debug("cannot read the journal index {}, rebuilding it: {}", file, e.getMessage());
      return Optional.empty();
    }
    if (lines.size() < 2 || !lines.get(0).equals(MAGIC)) {
      return Optional.empty();
    }
    int tab = lines.get(1).lastIndexOf('\t');
    try {
      if (tab < 0 || Integer.parseInt(lines.get(1).substring(tab + 1)) != lines.size() - 2) {
        return Optional.empty();
      }
      for (String line : lines.subList(2, lines.size())) {
        String[] f = line.split("\t", -1);
        Entry e = new Entry(f[1], f[2], JobState.valueOf(f[3]), instant(f[4]), instant(f[5]));
        known.put(f[0], new Known(e, Long.parseLong(f[6]), Long.parseLong(f[7])));
      }
    } catch (RuntimeException e) {
      LOG.debug("the journal index {} is damaged, rebuilding it: {}", file, e.toString());
      known.clear();
      return Optional.empty();
    }
    return Optional.of(lines.get(1).substring(0, tab));
  }

  /** Brings {@code known} in line with the records: new and changed ones read, removed ones dropped. */
  private void refresh(Map<String, Known> known) {
    Map<String, Known> current = new HashMap<>();
    try (DirectoryStream<Path> records = Files.newDirectoryStream(directory, "*.json")) {
      for (Path record : records) {
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(record, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (!a.isRegularFile()) {
          continue;
        }
        String name = record.getFileName().toString();
        String id = name.substring(0, name.length() - ".json".length());
        long modified = trusted(a.lastModifiedTime().toInstant());
        Known before = known.get(id);
        if (before != null && modified != UNTRUSTED && before.modified() == modified && before.size() == a.size()) {
          current.put(id, before);
          continue;
        }
        try {
          current.put(id, new Known(Entry.of(reader.apply(record)), a.size(), modified));
        } catch (RuntimeException e) {
          if (Files.exists(record)) {
            LOG.warn("skipping unreadable journal entry {}: {}", record, e.getMessage());
          }
        }
      }
    } catch (NoSuchFileException e) {
      current.clear();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the journal " + directory, e);
    }
    known.clear();
    known.putAll(current);
  }

  /** Replaces the index with {@code known} under {@code key}; a journal it cannot write to keeps working without. */
  private void write(Map<String, Known> known, String key) {
    StringBuilder text = new StringBuilder(MAGIC).append('\n').append(key).append('\t').append(known.size()).append('\n');
    for (Map.Entry<String, Known> line : known.entrySet()) {
      Known k = line.getValue();
      Entry e = k.entry();
      if (!plain(line.getKey()) || !plain(e.id()) || !plain(e.provider())) {
        LOG.debug("not indexing the journal: a record's name, id or provider holds a tab or line break");
        return;
      }
      text.append(line.getKey()).append('\t').append(e.id()).append('\t').append(e.provider()).append('\t')
          .append(e.state().name()).append('\t').append(text(e.submittedAt())).append('\t').append(text(e.updatedAt()))
          .append('\t').append(k.size()).append('\t').append(k.modified()).append('\n');
    }
    try {
      AtomicFiles.writeString(file, text);
    } catch (IOException e) {
      LOG.debug("cannot write the journal index {}: {}", file, e.getMessage());
    }
  }

  private static boolean plain(String field) {
    return field.indexOf('\t') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0;
  }

  private static String text(Instant t) {
    return t.getEpochSecond() + "." + t.getNano();
  }

  private static Instant instant(String text) {
    int dot = text.indexOf('.');
    return Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
  }
}
