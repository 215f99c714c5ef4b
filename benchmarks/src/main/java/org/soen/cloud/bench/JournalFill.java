package org.soen.cloud.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A journal of many jobs for timing {@code soen-cloud list}: copies of one job that a benchmark run
 * journalled, each under a name of its own (the last four characters, SageMaker's random suffix,
 * replaced by a counter) and finished ({@code COMPLETED}), as most of a journal's jobs are.
 */
final class JournalFill {
  private JournalFill() {}

  /** A SOEN_HOME under {@code target} whose journal holds {@code count} jobs, cloned from one under {@code runs}. */
  static Path fill(Path runs, Path target, int count) throws IOException {
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
    return target;
  }

  private static Optional<Path> sample(Path runs) throws IOException {
    try (Stream<Path> files = Files.walk(runs)) {
      return files.filter(p -> p.getParent().getFileName().toString().equals("jobs")
          && p.getFileName().toString().startsWith("soen-") && p.toString().endsWith(".json")).findFirst();
    }
  }
}
