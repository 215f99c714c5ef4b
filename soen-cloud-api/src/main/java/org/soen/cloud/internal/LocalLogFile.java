package org.soen.cloud.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.TransferException;

/**
 * A local job's log file read in pages: the cursor is the byte offset read so far, and a page ends
 * at a whole line unless the job has ended and the file is read to its end.
 */
final class LocalLogFile {
  private static final int MAX_PAGE_BYTES = 256 * 1024;

  private LocalLogFile() {}

  /** The offset a cursor this class gave out stands for ({@code ""} or null: the start). */
  static long offset(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      long v = Long.parseLong(cursor);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a log cursor of the local provider: " + cursor);
    }
  }

  /** The lines of {@code log} from {@code offset}, stamped {@code now}; none if there is no log yet. */
  static LogPage page(Path log, long offset, boolean terminal, Instant now) {
    if (log == null || !Files.exists(log)) {
      return LogPage.of(List.of(), Long.toString(offset), terminal);
    }
    try (InputStream in = Files.newInputStream(log)) {
      long size = Files.size(log);
      in.skipNBytes(Math.min(offset, size));
      byte[] buf = in.readNBytes((int) Math.min(MAX_PAGE_BYTES, Math.max(0, size - offset)));
      int end = buf.length;
      boolean lastChunk = offset + buf.length >= size;
      if (!(terminal && lastChunk)) {
        end = lastIndexOf(buf, (byte) '\n') + 1;
      }
      List<LogLine> lines = new ArrayList<>();
      String text = new String(buf, 0, end, StandardCharsets.UTF_8);
      for (String line : text.split("\n", -1)) {
        lines.add(LogLine.of(now, "stdout", line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
      }
      if (!lines.isEmpty() && lines.get(lines.size() - 1).message().isEmpty() && (text.isEmpty() || text.endsWith("\n"))) {
        lines.remove(lines.size() - 1);
      }
      long next = offset + end;
      return LogPage.of(lines, Long.toString(next), terminal && next >= size);
    } catch (IOException e) {
      throw new TransferException("cannot read the log " + log + ": " + e.getMessage(), e);
    }
  }

  /** {@code "; last log line: ..."} for a failure message, or {@code ""} when there is none. */
  static String lastLineNote(Path log) {
    try {
      if (log == null || !Files.exists(log)) {
        return "";
      }
      List<String> lines = tail(log, 4096);
      return lines.isEmpty() ? "" : "; last log line: " + lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "";
    }
  }

  private static List<String> tail(Path log, int bytes) throws IOException {
    long size = Files.size(log);
    try (var ch = Files.newByteChannel(log)) {
      ch.position(Math.max(0, size - bytes));
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(bytes, size));
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // read the tail
      }
      String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(List.of(text.split("\n")));
      lines.removeIf(String::isBlank);
      return lines;
    }
  }

  private static int lastIndexOf(byte[] buf, byte b) {
    for (int i = buf.length - 1; i >= 0; i--) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
