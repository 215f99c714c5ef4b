package org.soen.cloud.lambdalabs.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.TransferException;

/**
 * Streams a folder as tar straight into an SSH channel: no archive on either disk. Gzip is used
 * only when most of the bytes would compress; images and archives are sent as they are.
 *
 * <p>The folder is scanned once (one lstat per entry); each entry is then one ustar header
 * (plus a PAX header only for a long name or a file over 8 GiB) with the name, size and
 * whole-second mtime seen by that scan, mode 0644 or 0755, and no owner (the remote user owns
 * what it unpacks). File contents are read in large blocks and written straight to the output
 * the caller gives, with no thread or pipe in between.
 */
final class TarStream {
  private static final Set<String> COMPRESSED = Set.of("jpg", "jpeg", "png", "gif", "webp", "avif", "heic",
      "mp4", "mkv", "mov", "webm", "mp3", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "npz", "pt", "pth",
      "onnx", "parquet", "jxl");
  /** Tar block size: the tar output reaches the channel in writes of this size. */
  private static final int BLOCK = 64 * 1024;
  /** Buffer for reading a file; most dataset files fit in one read. */
  private static final int READ = 256 * 1024;

  private final Path root;
  private final List<Entry> files;
  private final long totalBytes;
  private final boolean gzip;

  /** A folder or file as the scan saw it; {@code size} is 0 for anything but a regular file. */
  private record Entry(Path path, boolean dir, long size, long mtimeSeconds) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      return path.compareTo(o.path);
    }
  }

  private TarStream(Path root, List<Entry> files, long totalBytes, boolean gzip) {
    this.root = root;
    this.files = files;
    this.totalBytes = totalBytes;
    this.gzip = gzip;
  }

  /** Scans {@code root} (a folder); symbolic links are refused so nothing outside it is sent. */
  static TarStream of(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new ConfigurationException("data", root + " is not a folder; cloud.data must name the dataset folder");
    }
    List<Entry> files = new ArrayList<>();
    long[] total = new long[1];
    long[] compressible = new long[1];
    // one lstat per entry (the visitor is handed the attributes), links are not followed
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root)) {
          files.add(new Entry(dir, true, 0, attrs.lastModifiedTime().to(TimeUnit.SECONDS)));
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
          throw new ConfigurationException("data", "symbolic link " + p + " in the dataset; copy the file in instead");
        }
        files.add(new Entry(p, false, attrs.isRegularFile() ? attrs.size() : 0,
            attrs.lastModifiedTime().to(TimeUnit.SECONDS)));
        if (attrs.isRegularFile()) {
          total[0] += attrs.size();
          if (!COMPRESSED.contains(extension(p))) {
            compressible[0] += attrs.size();
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(null);
    return new TarStream(root, files, total[0], total[0] > 0 && compressible[0] * 2 > total[0]);
  }

  private static String extension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  boolean gzip() {
    return gzip;
  }

  long totalBytes() {
    return totalBytes;
  }

  int fileCount() {
    return files.size();
  }

  /** A regular file's size and whole-second mtime, as the scan saw them and the tar header carries them. */
  record FileState(long size, long mtimeSeconds) {}

  /** The regular files by name relative to the root ({@code /}-separated, as in the tar stream). */
  Map<String, FileState> regularFiles() {
    Map<String, FileState> out = new HashMap<>();
    for (Entry f : files) {
      if (!f.dir()) {
        out.put(name(f), new FileState(f.size(), f.mtimeSeconds()));
      }
    }
    return out;
  }

  /**
   * This stream without the regular files named in {@code names} (folders are kept, so the
   * folder tree is complete); the compression choice stays that of the whole folder.
   */
  TarStream without(Set<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    List<Entry> kept = files.stream().filter(f -> f.dir() || !names.contains(name(f))).toList();
    return new TarStream(root, kept, kept.stream().mapToLong(Entry::size).sum(), gzip);
  }

  private String name(Entry f) {
    return root.relativize(f.path()).toString().replace('\\', '/');
  }

  /** The remote command that unpacks this stream into {@code remoteFolder}. */
  String extractCommand(String remoteFolder) {
    return "mkdir -p -- " + Shell.quote(remoteFolder) + " && tar -x" + (gzip ? "z" : "") + "f - -C "
        + Shell.quote(remoteFolder);
  }

  /**
   * Writes the tar stream to {@code out} and closes it, reporting file bytes done. An
   * IOException comes from {@code out}; a dataset file that cannot be read, or that shrinks
   * while it is sent, is a {@link TransferException}.
   */
  void writeTo(OutputStream out, LongConsumer progress) throws IOException {
    OutputStream sink = new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }
    };
    OutputStream stream = gzip ? new GZIPOutputStream(sink, BLOCK) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    } : sink;
    long done = 0;
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(stream, BLOCK)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      byte[] buf = new byte[READ];
      for (Entry f : files) {
        String name = name(f);
        TarArchiveEntry entry = new TarArchiveEntry(f.dir() ? name + "/" : name);
        // whole seconds: a fractional mtime would add a PAX header to every entry
        entry.setModTime(FileTime.from(f.mtimeSeconds(), TimeUnit.SECONDS));
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setSize(f.size());
        tar.putArchiveEntry(entry);
        if (f.size() > 0) {
          done += copy(f.path(), f.size(), buf, tar);
        }
        if (!f.dir()) {
          progress.accept(done);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }

  /** Copies exactly {@code size} bytes of {@code p} (its size when the header was written). */
  private static long copy(Path p, long size, byte[] buf, OutputStream tar) throws IOException {
    InputStream in = read(p, () -> Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS));
    try (in) {
      long left = size;
      while (left > 0) {
        int want = (int) Math.min(buf.length, left);
        int n = read(p, () -> in.read(buf, 0, want));
        if (n < 0) {
          throw new TransferException("the dataset file " + p + " shrank from " + size + " to " + (size - left)
              + " bytes while it was being uploaded; upload again once it is complete");
        }
        tar.write(buf, 0, n);
        left -= n;
      }
    }
    return size;
  }

  @FunctionalInterface
  private interface LocalRead<T> {
    T get() throws IOException;
  }

  /** Runs a read of a local dataset file: its failure is not a lost connection, so not retried. */
  private static <T> T read(Path p, LocalRead<T> read) {
    try {
      return read.get();
    } catch (IOException e) {
      throw new TransferException("cannot read the dataset file " + p + ": " + e, e);
    }
  }
}
