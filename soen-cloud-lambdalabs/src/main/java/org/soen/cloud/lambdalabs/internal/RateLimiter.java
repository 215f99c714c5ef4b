package org.soen.cloud.lambdalabs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.Sleeper;

/** Paces every API call (about one a second) and launches (one per 12 s), on the injected clock. */
final class RateLimiter {
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration callInterval;
  private final Duration launchInterval;
  private Instant nextCall = Instant.MIN;
  private Instant nextLaunch = Instant.MIN;

  RateLimiter(Clock clock, Sleeper sleeper, Duration callInterval, Duration launchInterval) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.callInterval = callInterval;
    this.launchInterval = launchInterval;
  }

  synchronized void acquire(boolean launch) {
    if (launch) {
      waitUntil(nextLaunch);
      nextLaunch = clock.instant().plus(launchInterval);
    }
    waitUntil(nextCall);
    nextCall = clock.instant().plus(callInterval);
  }

  synchronized void backOff(Duration pause) {
    Instant until = clock.instant().plus(pause);
    if (until.isAfter(nextCall)) {
      nextCall = until;
    }
  }

  private void waitUntil(Instant at) {
    while (true) {
      Duration left = Duration.between(clock.instant(), at);
      if (left.isZero() || left.isNegative()) {
        return;
      }
      try {
        sleeper.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SoenCloudException("interrupted while pacing Lambda Cloud API calls", e);
      }
    }
  }
}
