package org.soen.cloud.spi;

import java.time.Duration;

/**
 * How the trainer and backends wait between polls. The default parks the thread; the testkit's
 * manual clock advances itself instead, so tests never sleep.
 */
@FunctionalInterface
public interface Sleeper {
  /** Wait for {@code duration}, or less when interrupted. */
  void sleep(Duration duration) throws InterruptedException;
}
