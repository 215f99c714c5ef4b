package org.soen.cloud.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes a fake job's artifacts the way the real providers download theirs. Not API. */
public final class FakeArtifacts {
  private FakeArtifacts() {}

  /**
   * Write the {@code files} matching {@code globs} ({@code cloud.artifacts}; every file when it is
   * empty) under {@code target}, never outside it; returns the files written.
   */
  public static List<Path> write(String jobId, Map<String, byte[]> files, List<String> globs,
      Path target) {
    List<PathMatcher> wanted = new ArrayList<>();
    globs.forEach(g -> wanted.add(FileSystems.getDefault().getPathMatcher("glob:" + g)));
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(target);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path rel = Path.of(f.getKey());
        if (!wanted.isEmpty() && wanted.stream().noneMatch(m -> m.matches(rel))) {
          continue;
        }
        Path file = SafePaths.resolveInside(target, f.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, f.getValue());
        written.add(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write artifacts of " + jobId + " into " + target, e);
    }
    return List.copyOf(written);
  }
}
