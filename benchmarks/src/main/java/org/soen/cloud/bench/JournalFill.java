package org.soen.cloud.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A journal of many jobs for timing {@code soen-cloud list}: copies of one job that a benchmark run
 * journalled, each under a name of its own (the last four characters, SageMaker's random suffix,
 * replaced by a counter) and finished ({@code COMPLETED}), as most of a journal's jobs are; on request
 * also the job itself, as journalled, so that {@code status} has one the FakeSageMaker knows (in
 * whatever state it is, which {@code list} would then ask the provider for).
 */
final class JournalFill {
  private JournalFill() {}

  /** A filled SOEN_HOME and the one job in it that the provider knows. */
  record Filled(Path home, String knownJob) {}

  /**
   * A SOEN_HOME under {@code target} whose journal holds {@code count} clones of one job under
   * {@code runs}, and that job too when {@code withSource}.
   */
  static Filled fill(Path runs, Path target, int count, boolean withSource) throws IOException {
    Path jobs = Files.createDirectories(target.resolve("jobs"));
    Path source = sample(runs).orElseThrow(() -> new IllegalStateException("no journalled job under " + runs
        + "; the staging rounds journal one"));
    String id = source.getFileName().toString().replaceFirst("\\.json$", "");
    String record = Files.readString(source, StandardCharsets.UTF_8)
        .replaceAll("\"state\"\\s*:\\s*\"[A-Z_]+\"", "\"state\":\"COMPLETED\"");
    for (int i = 0; i < count; i++) {
      String clone = id.substring(0, id.length() - 4) + String.format(Locale.ROOT, "%4s",
          Integer.toString(i, 36)).replace(' ', '0');
      Files.writeString(jobs.resolve(clone + ".json"), record.replace(id, clone), StandardCharsets.UTF_8);
    }
    if (withSource) {
      Files.copy(source, jobs.resolve(source.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return new Filled(target, id);
  }

  /**
   * The job journalled last under {@code runs}: one this run submitted (the warm-up's), which the
   * FakeSageMaker of this run knows, even when the work folder keeps jobs of earlier runs.
   */
  private static Optional<Path> sample(Path runs) throws IOException {
    try (Stream<Path> files = Files.walk(runs)) {
      return files.filter(p -> p.getParent().getFileName().toString().equals("jobs")
              && p.getFileName().toString().startsWith("soen-") && p.toString().endsWith(".json"))
          .max(Comparator.comparing(JournalFill::modified));
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
