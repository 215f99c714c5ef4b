package org.soen.cloud.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Job names: {@code soen-<experiment>-<UTC yyyyMMddHHmmss>-<4 random>}, cut to fit SageMaker's
 * 63 characters by shortening the experiment, never the timestamp or the random suffix.
 */
public final class JobNames {
  /** SageMaker's training job name pattern, which every provider's names satisfy. */
  public static final Pattern VALID = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int MAX = 63;
  private static final int FIXED = "soen-".length() + 1 + 14 + 1 + 4;

  private final RandomGenerator random;

  /** Names drawn with {@code random} for the suffix. */
  public JobNames(RandomGenerator random) {
    this.random = random;
  }

  /**
   * A name for {@code experiment} at {@code now} that {@code taken} does not reject; draws a new
   * suffix on a clash.
   */
  public String next(String experiment, Instant now, Predicate<String> taken) {
    String prefix = "soen-" + slug(experiment) + "-" + STAMP.format(now) + "-";
    for (int attempt = 0; attempt < 10_000; attempt++) {
      StringBuilder name = new StringBuilder(prefix);
      for (int i = 0; i < 4; i++) {
        name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      String candidate = name.toString();
      if (!taken.test(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free job name for " + prefix + "* after 10000 draws");
  }

  /** The experiment reduced to lowercase letters, digits and single dashes, cut to fit. */
  static String slug(String experiment) {
    String s = experiment.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-+|-+$", "");
    if (s.length() > MAX - FIXED) {
      s = s.substring(0, MAX - FIXED).replaceAll("-+$", "");
    }
    return s.isEmpty() ? "job" : s;
  }
}
