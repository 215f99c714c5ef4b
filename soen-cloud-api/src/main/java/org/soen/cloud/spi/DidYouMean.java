package org.soen.cloud.spi;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for an unknown name, by edit distance: the one rule every message of soen-cloud
 * and of its providers uses, so that a typo in a key, a flag, a verb, a region or an instance type
 * gets the same kind of hint everywhere.
 */
public final class DidYouMean {
  private DidYouMean() {}

  /** {@code "; did you mean x?"} for the closest candidate, or an empty string when none is close. */
  public static String suggest(String given, Collection<String> candidates) {
    return closest(given, candidates).map(c -> "; did you mean " + c + "?").orElse("");
  }

  /**
   * The candidate closest to {@code given} (ignoring case), if it is close enough to be a typo:
   * at most a third of the name's length away, and never more than 2 edits for short names.
   * Ties go to the candidate that sorts first, so the answer never depends on iteration order.
   */
  public static Optional<String> closest(String given, Collection<String> candidates) {
    String g = given.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, given.length() / 3);
    return candidates.stream()
        .map(c -> new Scored(c, distance(g, c.toLowerCase(Locale.ROOT))))
        .filter(s -> s.distance <= limit)
        .min(Comparator.comparingInt((Scored s) -> s.distance).thenComparing(s -> s.candidate))
        .map(s -> s.candidate);
  }

  private record Scored(String candidate, int distance) {}

  /** The Levenshtein distance between {@code a} and {@code b}. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
