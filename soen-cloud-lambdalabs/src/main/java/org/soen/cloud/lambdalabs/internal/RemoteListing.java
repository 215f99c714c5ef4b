package org.soen.cloud.lambdalabs.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the upload's target folder on the instance already holds, so that an upload resumed after
 * a drop (or rerun after a launcher restart) sends only what is missing, as {@code rsync -a} does
 * by default: one {@code find} lists every regular file under the folder with its size and mtime,
 * and a file whose relative path, size and whole-second mtime equal the local file's is not sent
 * again. The tar stream gives each file its whole-second mtime once the file is complete, so a
 * file cut off mid-write differs in size (or mtime) and is sent again.
 *
 * <p>The listing is NUL-separated, so any name (tabs and newlines included) reads back as it is.
 * It is parsed as it arrives and only the names of local files that match are kept: memory is
 * bounded by the dataset, not by what the folder holds. A field longer than any path or number,
 * or one that does not parse, makes the whole listing untrusted, and everything is sent.
 */
final class RemoteListing extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteListing.class);
  /** Longer than any path (PATH_MAX is 4096 bytes) or number {@code find} prints. */
  static final int MAX_FIELD = 16 * 1024;

  private final Map<String, TarStream.FileState> local;
  private final Set<String> unchanged = new HashSet<>();
  private final ByteArrayOutputStream field = new ByteArrayOutputStream();
  private final String[] record = new String[3];
  private int fieldIndex;
  private boolean untrusted;

  /** @param local the local regular files by relative name, as {@link TarStream#regularFiles()} gives them */
  RemoteListing(Map<String, TarStream.FileState> local) {
    this.local = local;
  }

  /**
   * The command listing {@code folder}: for each regular file below it, its path relative to the
   * folder, its size in bytes and its mtime in seconds (with a fraction), each followed by NUL.
   * A folder that does not exist lists nothing.
   */
  static String command(String folder) {
    String q = Shell.quote(folder);
    return "if [ -d " + q + " ]; then find -H " + q + " -type f -printf '%P\\0%s\\0%T@\\0'; fi";
  }

  /**
   * Of {@code tar}, the part that {@code folder} on the instance does not hold yet: lists the folder
   * over {@code r} and leaves out the files already there. A listing that fails or cannot be
   * trusted leaves out nothing. An IOException means the connection was lost.
   */
  static TarStream missing(SshRunner r, TarStream tar, String folder) throws IOException {
    RemoteListing listing = new RemoteListing(tar.regularFiles());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = r.exec(command(folder), null, listing, err);
    if (code != 0) {
      LOG.debug("listing {} failed with exit code {} ({}); sending every file", folder, code,
          RemoteSession.tail(err.toString(StandardCharsets.UTF_8)));
      return tar;
    }
    return tar.without(listing.unchanged());
  }

  /** The names of the local files the folder holds with the same size and whole-second mtime. */
  Set<String> unchanged() {
    if (untrusted || fieldIndex != 0 || field.size() != 0) {
      return Set.of();
    }
    return Set.copyOf(unchanged);
  }

  @Override
  public void write(int b) {
    if (untrusted) {
      return;
    }
    if (b != 0) {
      if (field.size() >= MAX_FIELD) {
        untrusted = true;
        return;
      }
      field.write(b);
      return;
    }
    record[fieldIndex++] = field.toString(StandardCharsets.UTF_8);
    field.reset();
    if (fieldIndex == record.length) {
      fieldIndex = 0;
      accept(record[0], record[1], record[2]);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  private void accept(String name, String size, String mtime) {
    try {
      long bytes = Long.parseLong(size);
      long seconds = wholeSeconds(mtime);
      TarStream.FileState mine = local.get(name);
      if (mine != null && mine.size() == bytes && mine.mtimeSeconds() == seconds) {
        unchanged.add(name);
      }
    } catch (NumberFormatException e) {
      untrusted = true;
    }
  }

  /** {@code find}'s {@code %T@} (seconds since the epoch, with a fraction) rounded down to whole seconds. */
  static long wholeSeconds(String t) {
    int dot = t.indexOf('.');
    long whole = Long.parseLong(dot < 0 ? t : t.substring(0, dot));
    String fraction = dot < 0 ? "" : t.substring(dot + 1);
    if (!fraction.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new NumberFormatException("not a fraction of a second: " + fraction);
    }
    boolean belowWhole = fraction.chars().anyMatch(c -> c != '0');
    return t.startsWith("-") && belowWhole ? whole - 1 : whole;
  }
}
