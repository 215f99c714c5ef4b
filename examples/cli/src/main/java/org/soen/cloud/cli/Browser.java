package org.soen.cloud.cli;

import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;

/** Opens a URL in the user's browser: {@link Desktop} where the JDK can, else {@code xdg-open}. */
final class Browser {
  private Browser() {}

  /** Whether a browser was asked to open {@code url}; false when none could be started. */
  static boolean open(String url) {
    try {
      if (!java.awt.GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(URI.create(url));
        return true;
      }
    } catch (IOException | UnsupportedOperationException | SecurityException | LinkageError e) {
      // try xdg-open below
    }
    try {
      new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
