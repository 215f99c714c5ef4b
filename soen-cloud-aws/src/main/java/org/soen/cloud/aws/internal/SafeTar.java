package org.soen.cloud.aws.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.soen.cloud.TransferException;

/**
 * Extracts a {@code .tar.gz} (ustar, with GNU long names and pax headers skipped) into a folder
 * as a stream, refusing any entry that would land outside it (absolute paths, {@code ..}, links).
 */
public final class SafeTar {
  private SafeTar() {}

  /** Extracts {@code archive} into {@code target}; returns the files written. */
  public static List<Path> extract(InputStream archive, Path target, String what) throws IOException {
    return extract(archive, target, what, relative -> true);
  }

  /**
   * Extracts the entries of {@code archive} whose path (relative to {@code target}) {@code keep}
   * accepts; every entry is still checked, so an unsafe one is refused even when it is not wanted.
   */
  public static List<Path> extract(InputStream archive, Path target, String what, Predicate<Path> keep)
      throws IOException {
    Path root = target.toAbsolutePath().normalize();
    Files.createDirectories(root);
    List<Path> written = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(archive, 1 << 16)) {
      byte[] header = new byte[512];
      String longName = null;
      while (true) {
        if (in.readNBytes(header, 0, 512) < 512) {
          throw new TransferException(what + " is truncated: a tar header is incomplete");
        }
        if (allZero(header)) {
          break;
        }
        String name = longName != null ? longName : name(header);
        longName = null;
        long size = octal(header, 124, 12, what);
        char type = (char) header[156];
        if (type == 'L') {
          longName = new String(readExactly(in, size, what), StandardCharsets.UTF_8).replace("\u0000", "");
          skipPadding(in, size);
          continue;
        }
        if (type == 'x' || type == 'g') {
          skip(in, size, what);
          skipPadding(in, size);
          continue;
        }
        Path out = resolve(root, name, what);
        boolean wanted = keep.test(root.relativize(out));
        if (type == '5') {
          if (wanted) {
            Files.createDirectories(out);
          }
        } else if ((type == '0' || type == '\u0000' || type == '7') && !wanted) {
          skip(in, size, what);
          skipPadding(in, size);
        } else if (type == '0' || type == '\u0000' || type == '7') {
          Files.createDirectories(out.getParent());
          try (OutputStream os = Files.newOutputStream(out)) {
            copy(in, os, size, what);
          }
          skipPadding(in, size);
          written.add(out);
        } else {
          throw new TransferException(what + " holds entry \"" + name + "\" of type '" + type
              + "' (a link or device); only files and folders are extracted");
        }
      }
    }
    return written;
  }

  static Path resolve(Path root, String name, String what) {
    String clean = name.replace('\\', '/');
    while (clean.startsWith("./")) {
      clean = clean.substring(2);
    }
    if (clean.isEmpty() || clean.startsWith("/") || clean.matches("^[A-Za-z]:.*")) {
      throw new TransferException(what + " holds entry \"" + name + "\" with an absolute path; refusing to extract outside " + root);
    }
    Path out = root.resolve(clean).normalize();
    if (!out.startsWith(root) || out.equals(root) && !clean.endsWith("/")) {
      throw new TransferException(what + " holds entry \"" + name + "\" that would be written outside " + root + "; refusing");
    }
    return out;
  }

  private static String name(byte[] h) {
    String name = cString(h, 0, 100);
    String prefix = cString(h, 345, 155);
    boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
  }

  private static String cString(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] h, int off, int len, String what) {
    String s = cString(h, off, len).trim();
    try {
      return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new TransferException(what + " is not a valid tar archive (bad size field \"" + s + "\")");
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] readExactly(InputStream in, long size, String what) throws IOException {
    if (size > 1 << 20) {
      throw new TransferException(what + " holds a long name of " + size + " bytes; refusing");
    }
    byte[] b = in.readNBytes((int) size);
    if (b.length < size) {
      throw new TransferException(what + " is truncated");
    }
    return b;
  }

  private static void copy(InputStream in, OutputStream out, long size, String what) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new TransferException(what + " is truncated: an entry ends early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long size, String what) throws IOException {
    copy(in, OutputStream.nullOutputStream(), size, what);
  }

  private static void skipPadding(InputStream in, long size) throws IOException {
    long pad = (512 - size % 512) % 512;
    in.readNBytes((int) pad);
  }
}
