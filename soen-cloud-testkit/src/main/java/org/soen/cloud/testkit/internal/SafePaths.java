package org.soen.cloud.testkit.internal;

import java.nio.file.Path;

/** Checks that keep scripted artifact paths inside the folder they are written to. Not API. */
public final class SafePaths {
  private SafePaths() {}

  /**
   * {@code path} if it is a relative, forward-slash path that stays inside its folder.
   *
   * @throws IllegalArgumentException naming the path and what is allowed
   */
  public static String requireRelative(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("an artifact path must not be blank");
    }
    String why = null;
    if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
      why = "it must be relative, with forward slashes and no drive or scheme";
    } else if (path.contains("\u0000")) {
      why = "it contains a NUL character";
    } else {
      for (String segment : path.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          why = "it must not contain empty, '.' or '..' segments";
          break;
        }
      }
    }
    if (why != null) {
      throw new IllegalArgumentException("unsafe artifact path \"" + path + "\": " + why);
    }
    return path;
  }

  /**
   * {@code relative} resolved inside {@code directory}.
   *
   * @throws IllegalArgumentException when the result would be outside {@code directory}
   */
  public static Path resolveInside(Path directory, String relative) {
    Path root = directory.toAbsolutePath().normalize();
    Path target = root.resolve(requireRelative(relative)).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IllegalArgumentException("artifact \"" + relative + "\" would be written outside "
          + root);
    }
    return target;
  }
}
