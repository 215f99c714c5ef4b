package org.soen.cloud.testkit.lambda.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The clock of a fake instance: a {@code date} command, first on the instances' {@code PATH}, that
 * answers {@code date +%s} with the fake's clock (asked with {@code curl} at the URL in
 * {@value #URL_VARIABLE}) and hands every other use to the machine's {@code date}.
 */
public final class InstanceClock {
  /** The environment variable holding the URL that answers the fake's time in seconds since the epoch. */
  public static final String URL_VARIABLE = "SOEN_FAKE_CLOCK_URL";

  private InstanceClock() {}

  /** Writes the {@code date} command into a folder under {@code root}; returns that folder. */
  public static Path install(Path root) {
    String real = Files.isExecutable(Path.of("/usr/bin/date")) ? "/usr/bin/date" : "/bin/date";
    try {
      Path bin = Files.createDirectories(root.resolve(".fake-clock-bin"));
      Path date = bin.resolve("date");
      Files.writeString(date, "#!/bin/sh\n"
          + "# The fake instance's clock: `date +%s` is the fake's time; anything else is the machine's date.\n"
          + "if [ \"$#\" -eq 1 ] && [ \"$1\" = '+%s' ]; then exec curl -sSf \"$" + URL_VARIABLE + "\"; fi\n"
          + "exec " + real + " \"$@\"\n");
      Files.setPosixFilePermissions(date, PosixFilePermissions.fromString("rwxr-xr-x"));
      return bin;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fake instances' clock under " + root, e);
    }
  }
}
