package org.soen.cloud.aws.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.TransferException;

/**
 * Lists a local data set and finds each file's digests: the SHA-256 that addresses it and, for a
 * file sent in one request, its MD5, in one read; for a file sent in parts, each part's MD5 on other
 * threads while the SHA-256 is read, so a large file's digests take the time of one of them on a
 * machine with two cores. Digests remembered in the {@link DigestCache} are not read again. Also the
 * data set's own address and the MD5 of a part.
 */
final class DataSetHasher {
  private static final int MAX_PARTS = 10_000;
  private static final int HASH_BUFFER = 256 * 1024;
  private static final int MAX_REFUSED_NAMED = 20;

  private final int parallelism;
  private final long partSize;
  private final Optional<Path> hashCache;

  /** Hashes on up to {@code parallelism} threads, remembering digests in the folder {@code hashCache}. */
  DataSetHasher(int parallelism, long partSize, Optional<Path> hashCache) {
    this.parallelism = Math.max(1, parallelism);
    this.partSize = partSize;
    this.hashCache = hashCache;
  }

  /**
   * The files under {@code root} sorted by key, with their digests. Every name is checked before any
   * file is read: one that cannot be a key below {@code prefixBytes} bytes of prefix is refused,
   * naming it.
   */
  List<FileEntry> hashAll(Path root, int prefixBytes) {
    Path base = Files.isDirectory(root) ? root : root.getParent();
    List<String> refused = new ArrayList<>();
    List<ListedFile> listed = list(root, base, prefixBytes, refused);
    if (!refused.isEmpty()) {
      String named = String.join("; ", refused.subList(0, Math.min(MAX_REFUSED_NAMED, refused.size())))
          + (refused.size() > MAX_REFUSED_NAMED ? "; and " + (refused.size() - MAX_REFUSED_NAMED) + " more" : "");
      throw new ConfigurationException("cloud.data", "the container sees data files under their exact "
          + "names, and " + refused.size() + " under " + root + " cannot be kept; rename them (nothing was uploaded): "
          + named);
    }
    if (listed.isEmpty()) {
      throw new ConfigurationException("cloud.data", "data path " + root + " holds no files");
    }
    DigestCache cache = DigestCache.open(hashCache, root);
    FileEntry[] out = new FileEntry[listed.size()];
    List<Integer> misses = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      out[i] = cache.lookup(listed.get(i));
      if (out[i] == null) {
        misses.add(i);
      }
    }
    if (!misses.isEmpty()) {
      int tasks = misses.stream().map(listed::get).mapToInt(l -> l.multipart() ? 1 + l.parts() : 1).sum();
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(Math.min(parallelism, tasks),
          Runtime.getRuntime().availableProcessors() + 1));
      try {
        List<Future<FileEntry>> futures = new ArrayList<>();
        List<List<Future<byte[]>>> parts = new ArrayList<>();
        for (int i : misses) {
          ListedFile l = listed.get(i);
          futures.add(pool.submit(() -> hash(l)));
          parts.add(l.multipart() ? partMd5s(pool, l) : List.of());
        }
        for (int j = 0; j < misses.size(); j++) {
          FileEntry entry = StagingDigests.await(futures.get(j));
          if (entry.multipart()) {
            List<byte[]> md5s = new ArrayList<>();
            for (Future<byte[]> part : parts.get(j)) {
              md5s.add(StagingDigests.await(part));
            }
            entry = entry.withPartMd5s(md5s);
          }
          out[misses.get(j)] = entry;
        }
      } finally {
        pool.shutdownNow();
      }
    }
    List<FileEntry> entries = List.of(out);
    cache.save(entries, misses.size());
    return entries;
  }

  /**
   * The regular files under {@code root} (symbolic links are not followed), sorted by key; one stat
   * each. A file whose relative path cannot be a key below {@code prefixBytes} is added to
   * {@code refused} instead.
   */
  private List<ListedFile> list(Path root, Path base, int prefixBytes, List<String> refused) {
    List<ListedFile> out = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            List<String> segments = new ArrayList<>();
            base.relativize(file).forEach(s -> segments.add(s.toString()));
            Optional<String> why = S3Keys.unholdable(segments, prefixBytes);
            if (why.isPresent()) {
              refused.add(file + ": " + why.get());
              return FileVisitResult.CONTINUE;
            }
            long size = attrs.size();
            out.add(new ListedFile(S3Keys.relative(segments), file, size,
                attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), partSizeFor(size)));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          throw e;
        }
      });
    } catch (IOException e) {
      throw new TransferException("cannot list data folder " + root + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(ListedFile::key));
    return out;
  }

  /** The MD5 of each part of {@code l}, each read on its own task of {@code pool}. */
  private static List<Future<byte[]>> partMd5s(ExecutorService pool, ListedFile l) {
    List<Future<byte[]>> out = new ArrayList<>();
    for (long offset = 0; offset < l.size(); offset += l.partSize()) {
      long from = offset;
      long length = Math.min(l.partSize(), l.size() - offset);
      out.add(pool.submit(() -> md5(l.path(), from, length)));
    }
    return out;
  }

  /**
   * Reads the file once for its SHA-256 (the content address) and, when it goes in one request, its
   * MD5 in the same read; a multipart file's part MD5s are read by other tasks ({@link #partMd5s}).
   */
  private static FileEntry hash(ListedFile l) throws IOException {
    MessageDigest sha = StagingDigests.digest("SHA-256");
    MessageDigest md5 = l.multipart() ? null : StagingDigests.digest("MD5");
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(HASH_BUFFER, Math.max(1, l.size())));
    long read = 0;
    try (FileChannel channel = FileChannel.open(l.path(), StandardOpenOption.READ)) {
      int n;
      while ((n = channel.read(buffer)) >= 0) {
        if (n > 0) {
          buffer.flip();
          sha.update(buffer);
          if (md5 != null) {
            buffer.rewind();
            md5.update(buffer);
          }
          buffer.clear();
          read += n;
        }
      }
    }
    if (read != l.size()) {
      throw new TransferException("data file " + l.path() + " changed while it was read (" + l.size() + " bytes listed, "
          + read + " read); retry when it is complete");
    }
    return new FileEntry(l, HexFormat.of().formatHex(sha.digest()), md5 == null ? null : md5.digest(), null);
  }

  /** The MD5 of {@code length} bytes of {@code path} from {@code offset}: one request's Content-MD5. */
  static byte[] md5(Path path, long offset, long length) {
    MessageDigest md5 = StagingDigests.digest("MD5");
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(HASH_BUFFER, Math.max(1, length)));
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long position = offset;
      long end = offset + length;
      while (position < end) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new TransferException("data file " + path + " shrank while it was uploaded; retry when it is complete");
        }
        buffer.flip();
        md5.update(buffer);
        position += n;
      }
    } catch (IOException e) {
      throw new TransferException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return md5.digest();
  }

  /** The part size for a file of {@code size} bytes: the configured one, doubled until at most 10,000 parts. */
  long partSizeFor(long size) {
    long ps = partSize;
    while (size / ps >= MAX_PARTS) {
      ps *= 2;
    }
    return ps;
  }

  /** The data set's address: a SHA-256 over every file's key, size and SHA-256, in key order. */
  static String datasetHash(List<FileEntry> files) {
    MessageDigest sha = StagingDigests.digest("SHA-256");
    for (FileEntry f : files) {
      sha.update((f.key() + '\t' + f.size() + '\t' + f.sha256() + '\n').getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
