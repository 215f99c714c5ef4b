package org.soen.cloud.lambdalabs.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.soen.cloud.ConfigurationException;

/**
 * Streams a folder as tar straight into an SSH channel: no archive on either disk. Gzip is used
 * only when most of the bytes would compress; images and archives are sent as they are.
 */
final class TarStream {
  private static final Set<String> COMPRESSED = Set.of("jpg", "jpeg", "png", "gif", "webp", "avif", "heic",
      "mp4", "mkv", "mov", "webm", "mp3", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "npz", "pt", "pth",
      "onnx", "parquet", "jxl");

  private final Path root;
  private final List<Path> files;
  private final long totalBytes;
  private final boolean gzip;

  private TarStream(Path root, List<Path> files, long totalBytes, boolean gzip) {
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
    List<Path> files = new ArrayList<>();
    long total = 0;
    long compressible = 0;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        if (Files.isSymbolicLink(p)) {
          throw new ConfigurationException("data", "symbolic link " + p + " in the dataset; copy the file in instead");
        }
        if (p.equals(root)) {
          continue;
        }
        files.add(p);
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          long size = Files.size(p);
          total += size;
          if (!COMPRESSED.contains(extension(p))) {
            compressible += size;
          }
        }
      }
    }
    return new TarStream(root, files, total, total > 0 && compressible * 2 > total);
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

  /** The remote command that unpacks this stream into {@code remoteFolder}. */
  String extractCommand(String remoteFolder) {
    return "mkdir -p -- " + Shell.quote(remoteFolder) + " && tar -x" + (gzip ? "z" : "") + "f - -C "
        + Shell.quote(remoteFolder);
  }

  /** Writes the tar stream to {@code out}, reporting file bytes done. */
  void writeTo(OutputStream out, LongConsumer progress) throws IOException {
    OutputStream sink = new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }
    };
    OutputStream stream = gzip ? new GZIPOutputStream(sink, 64 * 1024) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    } : sink;
    long done = 0;
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(stream, 64 * 1024)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      byte[] buf = new byte[64 * 1024];
      for (Path p : files) {
        String name = root.relativize(p).toString().replace('\\', '/');
        TarArchiveEntry entry = new TarArchiveEntry(p.toFile(), name);
        tar.putArchiveEntry(entry);
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
              tar.write(buf, 0, n);
              done += n;
            }
          }
          progress.accept(done);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }

  /** The stream as an InputStream, written by a background thread (for an SSH channel's stdin). */
  InputStream open(LongConsumer progress) throws IOException {
    PipedInputStream in = new PipedInputStream(256 * 1024);
    PipedOutputStream out = new PipedOutputStream(in);
    Thread writer = new Thread(() -> {
      try (out) {
        writeTo(out, progress);
      } catch (IOException e) {
        // the reader went away (connection dropped); the upload fails on the reading side
      }
    }, "soen-lambda-tar");
    writer.setDaemon(true);
    writer.start();
    return in;
  }
}
