package org.soen.cloud.aws.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Builds S3 keys from user-controlled names (project, experiment, relative file paths) so that
 * distinct inputs always give distinct keys (the encoding is reversible) and no key can escape
 * its prefix: every segment is non-empty, never {@code .} or {@code ..}, never starts with a dot
 * (so it cannot collide with the reserved {@code .datasets} folder), and holds only
 * {@code [A-Za-z0-9._-]} plus {@code ~XX} escapes for every other UTF-8 byte.
 */
public final class S3Keys {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private S3Keys() {}

  /** One key segment for {@code name}; an empty name becomes {@code ~}. */
  public static String segment(String name) {
    if (name.isEmpty()) {
      return "~";
    }
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
          || b == '_' || b == '-' || (b == '.' && i > 0);
      if (plain) {
        out.append((char) b);
      } else {
        out.append('~').append(HEX[b >> 4]).append(HEX[b & 0xf]);
      }
    }
    return out.toString();
  }

  /** The key for a relative path given as its segments (file names inside a data set). */
  public static String path(List<String> segments) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a relative path needs at least one segment");
    }
    StringBuilder b = new StringBuilder();
    for (String s : segments) {
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(segment(s));
    }
    return b.toString();
  }

  /** {@code soen/<project>/<experiment>/<job>/<yyyyMMdd-HHmmss>/} */
  public static String jobPrefix(String project, String experiment, String job, Instant submittedAt) {
    return "soen/" + segment(project) + '/' + segment(experiment) + '/' + segment(job) + '/'
        + STAMP.format(submittedAt) + '/';
  }

  /** {@code soen/<project>/.datasets/} */
  public static String datasetsPrefix(String project) {
    return "soen/" + segment(project) + "/.datasets/";
  }
}
