package org.soen.cloud.lambdalabs.internal;

import org.soen.cloud.SoenCloudException;

/**
 * Turns a failure into the words a message needs. Many JDK and MINA exceptions carry no message
 * of their own (the HTTP client's {@code ConnectException}, an {@code EOFException}, a
 * {@code NullPointerException}), and concatenating {@code getMessage()} then prints "null".
 */
final class Errors {
  private static final int MAX_CAUSES = 10;

  private Errors() {}

  /**
   * The first non-blank message on {@code t}'s cause chain, followed by the type of the exception
   * that carried it unless it is one of ours (whose messages are written to be read alone); the
   * type alone when no exception on the chain has a message. Never null, never "null".
   */
  static String describe(Throwable t) {
    Throwable c = t;
    for (int depth = 0; c != null && depth < MAX_CAUSES; depth++) {
      String m = c.getMessage();
      if (m != null && !m.isBlank()) {
        return c instanceof SoenCloudException ? m : m.strip() + " (" + c.getClass().getSimpleName() + ")";
      }
      c = c.getCause() == c ? null : c.getCause();
    }
    return t.getClass().getSimpleName() + " without further detail";
  }
}
