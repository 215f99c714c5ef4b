package org.soen.cloud.cli.catalogue;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a refused input must print on stderr. A {@code PROBLEM} is one line of the config-problem
 * list, {@code "  <source>: <key path>: <message>"}, whose message contains every fragment; a
 * {@code USAGE} error (unknown flag or verb, a job not in the journal ...) has no key path and
 * only has to name every fragment somewhere on stderr. Fragments are case-insensitive regular
 * expressions.
 */
record Expect(Kind kind, Source source, String key, List<String> fragments) {
  enum Kind { PROBLEM, USAGE }

  /** Stands for "any key path" in whole-file problems (syntax errors, missing files). */
  static final String ANY_KEY = null;

  static Expect problem(Source source, String key, String... fragments) {
    return new Expect(Kind.PROBLEM, source, key, List.of(fragments));
  }

  static Expect usage(String... fragments) {
    return new Expect(Kind.USAGE, null, null, List.of(fragments));
  }

  /**
   * The problem line's pattern. Keys of {@code cloud_config.yaml} are spelled as in that file
   * ({@code aws.region}); a leading {@code cloud.} is tolerated there.
   */
  Pattern linePattern(CaseDirs dirs) {
    String keyRegex;
    if (key == null) {
      keyRegex = "(?:[^:\\s]*: )?";
    } else {
      keyRegex = (source.userConfig() ? "(?:cloud\\.)?" : "") + Pattern.quote(key) + ": ";
    }
    StringBuilder lookaheads = new StringBuilder();
    for (String f : fragments) {
      lookaheads.append("(?=.*(?:").append(dirs.expandRegex(f)).append("))");
    }
    return Pattern.compile("^  " + source.regex(dirs) + ": " + keyRegex + lookaheads + ".*$",
        Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
  }

  @Override
  public String toString() {
    if (kind == Kind.USAGE) {
      return "usage error naming " + fragments;
    }
    return "  " + source + ": " + (key == null ? "<any key>" : key) + ": ..."
        + (fragments.isEmpty() ? "" : " " + fragments);
  }
}
