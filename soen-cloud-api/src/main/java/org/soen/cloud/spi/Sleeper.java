package org.soen.cloud.spi;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How the trainer and backends wait between polls. The default ({@link #parking()}) parks the
 * thread; the testkit's manual clock advances itself instead, so tests never sleep.
 */
@FunctionalInterface
public interface Sleeper {
  /** Wait for {@code duration}, or less when interrupted. */
  void sleep(Duration duration) throws InterruptedException;

  /** The default: parks the calling thread for the duration of the machine's time; an interrupt ends the wait. */
  static Sleeper parking() {
    return d -> {
      long deadline = System.nanoTime() + d.toNanos();
      long left;
      while ((left = deadline - System.nanoTime()) > 0) {
        LockSupport.parkNanos(left);
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while waiting");
        }
      }
    };
  }
}
