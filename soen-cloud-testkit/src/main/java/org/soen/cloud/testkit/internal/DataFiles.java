package org.soen.cloud.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.soen.cloud.CloudConfig;

/** The data files a provider would stage for a config. Not API. */
public final class DataFiles {
  private DataFiles() {}

  /** Where {@code cloud.data} points locally, or empty when it is unset or remote. */
  public static Optional<Path> localRoot(CloudConfig config) {
    return config.data()
        .filter(d -> !isRemote(d))
        .map(d -> config.baseDirectory().resolve(d).toAbsolutePath().normalize());
  }

  /** Whether {@code data} names remote data ({@code s3://} and similar) that is not uploaded. */
  public static boolean isRemote(String data) {
    return data.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
  }

  /** The total size in bytes of {@code files}, as {@link #list(CloudConfig)} named them. */
  public static long bytes(CloudConfig config, List<String> files) {
    Optional<Path> root = localRoot(config);
    if (root.isEmpty()) {
      return 0;
    }
    long total = 0;
    try {
      if (Files.isRegularFile(root.get())) {
        return Files.size(root.get());
      }
      for (String f : files) {
        total += Files.size(root.get().resolve(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of the data under " + root.get(), e);
    }
    return total;
  }

  /**
   * The regular files under {@code cloud.data}, relative to it, with forward slashes, sorted: the
   * keys they would have under the staging folder's {@code data/}. A single file is listed by its
   * name. Symbolic links are not followed. Empty when there is no local data.
   */
  public static List<String> list(CloudConfig config) {
    Optional<Path> root = localRoot(config);
    if (root.isEmpty() || !Files.exists(root.get())) {
      return List.of();
    }
    Path r = root.get();
    if (Files.isRegularFile(r)) {
      return List.of(r.getFileName().toString());
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(r)) {
      walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(p -> r.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
          .sorted()
          .forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list data files under " + r, e);
    }
    return List.copyOf(out);
  }
}
