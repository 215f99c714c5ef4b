package org.soen.cloud.aws.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Builds S3 keys from user-controlled names.
 *
 * <p>The folders soen-cloud owns (project, experiment, job) use {@link #segment}: distinct
 * inputs always give distinct keys (the encoding is reversible), every segment is non-empty,
 * never {@code .} or {@code ..}, never starts with a dot (so it cannot collide with the reserved
 * {@code .datasets} folder), and holds only {@code [A-Za-z0-9._-]} plus {@code ~XX} escapes for
 * every other UTF-8 byte. The container never sees these.
 *
 * <p>A data file's key inside its data set is its relative path itself ({@link #relative}),
 * byte for byte: SageMaker names each file of the data channel after the key's part below the
 * manifest prefix, so an escaped key would rename the user's files. {@link #unholdable} says
 * which relative paths S3 or the container cannot hold.
 */
public final class S3Keys {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** The longest S3 object key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;
  /** The longest file name in the container's file system (Linux NAME_MAX), in bytes. */
  public static final int MAX_NAME_BYTES = 255;

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

  /** The key of a data file inside its data set: its relative path, segments joined by {@code /}, unchanged. */
  public static String relative(List<String> segments) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a relative path needs at least one segment");
    }
    return String.join("/", segments);
  }

  /**
   * Why the relative path {@code segments}, stored below a prefix of {@code prefixBytes} UTF-8
   * bytes, cannot become an S3 key the container sees unchanged; empty when it can. S3 keys are
   * at most {@value #MAX_KEY_BYTES} bytes of UTF-8 (so no unpaired surrogate), listed in XML 1.0
   * (so no control character and no U+FFFE/U+FFFF), and each segment becomes a file name in the
   * container (so never {@code .} or {@code ..}, at most {@value #MAX_NAME_BYTES} bytes).
   */
  public static Optional<String> unholdable(List<String> segments, int prefixBytes) {
    for (String s : segments) {
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        return Optional.of("a folder or file named \"" + s + "\" cannot be a file name in the container");
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return Optional.of("its name holds an unpaired UTF-16 surrogate (U+" + hex(c) + "), which is not UTF-8");
        } else if (c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff) {
          return Optional.of("its name holds the control character U+" + hex(c)
              + ", which S3 listings cannot carry");
        }
      }
      int bytes = s.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_NAME_BYTES) {
        return Optional.of("the name \"" + s + "\" is " + bytes + " bytes of UTF-8, over the " + MAX_NAME_BYTES
            + " a file name in the container may have");
      }
    }
    int bytes = prefixBytes + relative(segments).getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      return Optional.of("its S3 key would be " + bytes + " bytes of UTF-8, over S3's " + MAX_KEY_BYTES
          + " (the staging prefix takes " + prefixBytes + "); shorten its path");
    }
    return Optional.empty();
  }

  private static String hex(char c) {
    return String.format(java.util.Locale.ROOT, "%04X", (int) c);
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

  /** {@code s3://bucket/key} as {@code [bucket, key]}. */
  public static String[] bucketAndKey(String uri) {
    if (!uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
      throw new IllegalArgumentException("not an s3://bucket/key URI: " + uri);
    }
    String rest = uri.substring("s3://".length());
    return new String[] {rest.substring(0, rest.indexOf('/')), rest.substring(rest.indexOf('/') + 1)};
  }
}
