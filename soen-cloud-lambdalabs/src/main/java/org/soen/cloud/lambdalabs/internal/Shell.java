package org.soen.cloud.lambdalabs.internal;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting: every remote argument goes through {@link #quote}. */
final class Shell {
  private Shell() {}

  /** {@code s} as one single-quoted word that {@code sh} reads back unchanged. */
  static String quote(String s) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell argument cannot hold a NUL character");
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Each argument quoted, joined with spaces. */
  static String join(List<String> args) {
    return args.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }
}
