package org.soen.cloud.internal;

import java.nio.file.Path;
import org.soen.cloud.TransferException;

/** Guards against paths that would write outside a target folder. */
public final class SafePaths {
  private SafePaths() {}

  /** {@code relative} resolved inside {@code root}, or a {@link TransferException}. */
  public static Path inside(Path root, String relative) {
    Path base = root.toAbsolutePath().normalize();
    Path target = base.resolve(relative).normalize();
    if (relative.isEmpty() || Path.of(relative).isAbsolute() || !target.startsWith(base) || target.equals(base)) {
      throw new TransferException("refusing to write " + relative + ": it resolves outside " + base);
    }
    return target;
  }
}
