package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.TransferException;

/**
 * What a Lambda job left in its folder on this machine ({@link Ledger#localDir}), read back for the
 * trainer: the kept log, paged by line number, and the collected artifacts, copied where asked.
 */
final class KeptOutputs {
  private final Path dir;

  /** The outputs kept in {@code dir}, one job's local folder. */
  KeptOutputs(Path dir) {
    this.dir = dir;
  }

  /**
   * The kept log's lines from line {@code cursor} on (from the start when empty); the next cursor
   * is the line after the last one read, and the page is the last when {@code ended}. A line not
   * of the form {@code stream<TAB>instant<TAB>text} is skipped; no log yet is an empty page.
   */
  LogPage logs(String cursor, boolean ended) {
    Path file = dir.resolve("run.log");
    int from = cursor == null || cursor.isEmpty() ? 0 : Integer.parseInt(cursor);
    List<LogLine> lines = new ArrayList<>();
    int next = from;
    if (Files.isRegularFile(file)) {
      try {
        List<String> all = Files.readAllLines(file);
        for (int i = from; i < all.size(); i++) {
          String[] f = all.get(i).split("\t", 3);
          if (f.length == 3) {
            lines.add(LogLine.of(Instant.parse(f[1]), f[0], f[2]));
          }
        }
        next = Math.max(from, all.size());
      } catch (IOException e) {
        throw new TransferException("cannot read the kept log " + file + ": " + e.getMessage(), e);
      }
    }
    return LogPage.of(lines, Integer.toString(next), ended);
  }

  /**
   * Copies the kept artifacts named in {@code listing} (relative paths, one a line, as the journal
   * holds them) to the same paths under {@code targetDirectory}, replacing what is there; a path
   * that would resolve outside either folder is refused.
   */
  List<Path> copyArtifacts(String listing, Path targetDirectory) {
    Path kept = dir.resolve("artifacts");
    List<Path> out = new ArrayList<>();
    for (String rel : listing.split("\n")) {
      if (rel.isEmpty()) {
        continue;
      }
      Path to = ArtifactFetcher.inside(targetDirectory, rel);
      try {
        Files.createDirectories(to.getParent());
        Files.copy(ArtifactFetcher.inside(kept, rel), to, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new TransferException("cannot copy artifact " + rel + " to " + to + ": " + e.getMessage(), e);
      }
      out.add(to);
    }
    return out;
  }
}
