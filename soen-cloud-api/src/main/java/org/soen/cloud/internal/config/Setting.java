package org.soen.cloud.internal.config;

import java.util.List;

/**
 * One setting of the {@code cloud:} section: its key path (under {@code cloud.}), how its value is
 * read, whether it is a secret, and what is allowed (for messages).
 */
record Setting(String key, Kind kind, boolean secret, List<String> allowed, String help) {
  /** How a value is read and what it becomes. */
  enum Kind {
    /** Text. */
    STRING,
    /** A name usable in job names and S3 keys: letters, digits, dot, dash, underscore. */
    NAME,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A whole number. */
    INTEGER,
    /** A decimal number. */
    DECIMAL,
    /** An absolute URI. */
    URI,
    /** One of {@link Setting#allowed()}. */
    ENUM,
    /** A file path; {@code ~} is the user's home, relative paths are against the YAML's folder. */
    PATH,
    /** A list of text items. */
    LIST,
    /** A mapping of text to text. */
    MAP,
    /** A regular expression. */
    REGEX
  }

  static Setting of(String key, Kind kind, String help) {
    return new Setting(key, kind, false, List.of(), help);
  }

  static Setting secret(String key, String help) {
    return new Setting(key, Kind.STRING, true, List.of(), help);
  }

  static Setting oneOf(String key, List<String> allowed) {
    return new Setting(key, Kind.ENUM, false, allowed, "one of " + String.join(", ", allowed));
  }
}
