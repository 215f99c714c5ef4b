package org.soen.cloud.aws.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.spi.AtomicFiles;

/**
 * The file digests of one data root remembered between runs, keyed by key, size, modification time
 * and part size ({@code aws s3 sync}'s test), so that an unchanged file is never read again.
 *
 * <p>One tab-separated file per data root, named by the SHA-256 of the root's absolute path; a line
 * is {@code <key>\t<size>\t<mtime nanos>\t<partSize>\t<sha256>\t<md5>\t}, where a file sent in parts
 * has its parts' MD5s joined by commas in the md5 column ({@code -} when they are not known: the
 * upload computes them). An unreadable file or a damaged line is a miss, never an error.
 */
final class DigestCache {
  private static final Logger LOG = LoggerFactory.getLogger(DigestCache.class);

  private final Optional<Path> file;
  private final Map<String, String[]> lines;

  private DigestCache(Optional<Path> file, Map<String, String[]> lines) {
    this.file = file;
    this.lines = lines;
  }

  /** The cache of {@code root} kept in {@code folder}, or an empty one that keeps nothing. */
  static DigestCache open(Optional<Path> folder, Path root) {
    Optional<Path> file = folder.map(dir -> dir.resolve(HexFormat.of().formatHex(StagingDigests.digest("SHA-256")
        .digest(root.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8))) + ".tsv"));
    return new DigestCache(file, file.map(DigestCache::read).orElse(Map.of()));
  }

  /** The remembered digests of {@code l}, or null when it is not remembered (or its line is damaged). */
  FileEntry lookup(ListedFile l) {
    String[] line = lines.get(l.stamp());
    if (line == null) {
      return null;
    }
    String sha = line[0];
    byte[] md5 = null;
    if (!l.multipart() && line[1].length() == 32) {
      md5 = hex(line[1], 16);
    }
    if (sha.length() != 64 || hex(sha, 32) == null || (!l.multipart() && md5 == null)) {
      return null;
    }
    return new FileEntry(l, sha, md5, l.multipart() ? partMd5s(line[1], l) : null);
  }

  /** The part MD5s of a multipart file's md5 column, or null when the column does not hold one for each part. */
  private static List<byte[]> partMd5s(String column, ListedFile l) {
    String[] hexes = column.split(",", -1);
    if (hexes.length != l.parts()) {
      return null;
    }
    List<byte[]> out = new ArrayList<>();
    for (String h : hexes) {
      byte[] md5 = hex(h, 16);
      if (md5 == null) {
        return null;
      }
      out.add(md5);
    }
    return out;
  }

  /**
   * Remembers {@code entries} in place of what was there, unless nothing changed ({@code hashed} is
   * how many were read this time).
   */
  void save(List<FileEntry> entries, int hashed) {
    if (hashed == 0 && lines.size() == entries.size()) {
      return;
    }
    file.ifPresent(f -> write(f, entries));
  }

  /** {@code s} as {@code bytes} bytes, or null when it is not that many bytes of hex (a damaged cache line). */
  private static byte[] hex(String s, int bytes) {
    if (s.length() != bytes * 2 || !s.chars().allMatch(HexFormat::isHexDigit)) {
      return null;
    }
    return HexFormat.of().parseHex(s);
  }

  /** The cache's lines by their first four columns, each to its sha256 and md5 columns. */
  private static Map<String, String[]> read(Path file) {
    Map<String, String[]> out = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split("\t", -1);
        if (f.length == 7) {
          out.put(f[0] + '\t' + f[1] + '\t' + f[2] + '\t' + f[3], new String[] {f[4], f[5]});
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("ignoring unreadable digest cache {}: {}", file, e.getMessage());
    }
    return out;
  }

  private static String md5Column(FileEntry e) {
    if (e.md5() != null) {
      return HexFormat.of().formatHex(e.md5());
    }
    if (e.partMd5s() != null) {
      return e.partMd5s().stream().map(HexFormat.of()::formatHex).collect(Collectors.joining(","));
    }
    return "-";
  }

  /** Writes the cache a line at a time (a data set of a million files must not be held as one text). */
  private static void write(Path file, List<FileEntry> entries) {
    try {
      AtomicFiles.write(file, out -> {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (FileEntry e : entries) {
          // the mtime seen when listing, before hashing: an edit during hashing shows as a miss next time
          w.write(e.key() + '\t' + e.size() + '\t' + e.mtime() + '\t' + e.partSize() + '\t' + e.sha256() + '\t'
              + md5Column(e) + "\t\n");
        }
        w.flush();
      });
    } catch (IOException e) {
      LOG.debug("could not write digest cache {}: {}", file, e.getMessage());
    }
  }
}
