package org.soen.cloud.cli.catalogue;

import java.util.regex.Pattern;

/**
 * Where a problem must be said to come from, as the start of a problem line:
 * {@code <file>:<line>:<col>}, {@code <file>} (a whole-file problem, position optional), the
 * environment variable, the flag, or {@code <SOEN_HOME>/cloud_config.yaml:<line>:<col>}.
 */
record Source(Kind kind, String name, int line, int column) {
  enum Kind { FILE, WHOLE_FILE, ENVIRONMENT, FLAG, USER_CONFIG, WHOLE_USER_CONFIG }

  /** A position in a file of the working folder, matched on the file name. */
  static Source at(String fileName, int line, int column) {
    return new Source(Kind.FILE, fileName, line, column);
  }

  /** The file itself (missing, a folder, empty ...): its name, with or without a position. */
  static Source file(String fileName) {
    return new Source(Kind.WHOLE_FILE, fileName, 0, 0);
  }

  /** An environment variable, matched on its name within the source text. */
  static Source env(String variable) {
    return new Source(Kind.ENVIRONMENT, variable, 0, 0);
  }

  /** A command-line flag such as {@code --max-cost-usd}. */
  static Source flag(String flag) {
    return new Source(Kind.FLAG, flag, 0, 0);
  }

  /** A position in {@code $SOEN_HOME/cloud_config.yaml}. */
  static Source user(int line, int column) {
    return new Source(Kind.USER_CONFIG, "cloud_config.yaml", line, column);
  }

  /** {@code $SOEN_HOME/cloud_config.yaml} itself. */
  static Source userFile() {
    return new Source(Kind.WHOLE_USER_CONFIG, "cloud_config.yaml", 0, 0);
  }

  /** The regular expression a problem line's source must match, placeholders expanded. */
  String regex(CaseDirs dirs) {
    String userConfig = Pattern.quote(dirs.userConfig().toString());
    return switch (kind) {
      case FILE -> "(?:\\S*/)?" + Pattern.quote(name) + ":" + line + ":" + column;
      case WHOLE_FILE -> "(?:\\S*/)?" + Pattern.quote(name) + "(?::\\d+:\\d+)?";
      case ENVIRONMENT -> "[^:\\n]*\\b" + Pattern.quote(name) + "\\b[^:\\n]*";
      case FLAG -> Pattern.quote(name);
      case USER_CONFIG -> userConfig + ":" + line + ":" + column;
      case WHOLE_USER_CONFIG -> userConfig + "(?::\\d+:\\d+)?";
    };
  }

  boolean userConfig() {
    return kind == Kind.USER_CONFIG || kind == Kind.WHOLE_USER_CONFIG;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FILE, USER_CONFIG -> name + ":" + line + ":" + column;
      case WHOLE_FILE, WHOLE_USER_CONFIG -> name;
      case ENVIRONMENT -> "environment variable " + name;
      case FLAG -> name;
    };
  }
}
