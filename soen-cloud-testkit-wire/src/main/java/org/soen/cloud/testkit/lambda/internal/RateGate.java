package org.soen.cloud.testkit.lambda.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Lambda Cloud's rate limits as the fake enforces them for its API key: a request is admitted when
 * at least the request interval has passed since the last admitted request, and a launch when the
 * launch interval has also passed since the last admitted launch. Refused requests do not count.
 * Zero intervals admit everything.
 */
public final class RateGate {
  private final Duration requestInterval;
  private final Duration launchInterval;
  private Instant lastRequest;
  private Instant lastLaunch;

  public RateGate(Duration requestInterval, Duration launchInterval) {
    this.requestInterval = requestInterval;
    this.launchInterval = launchInterval;
  }

  /** Admits the request at {@code now} (empty), or says how long until it would be admitted. */
  public synchronized Optional<Duration> admit(Instant now, boolean launch) {
    Duration wait = until(now, lastRequest, requestInterval);
    if (launch) {
      Duration launchWait = until(now, lastLaunch, launchInterval);
      wait = launchWait.compareTo(wait) > 0 ? launchWait : wait;
    }
    if (!wait.isZero()) {
      return Optional.of(wait);
    }
    lastRequest = now;
    if (launch) {
      lastLaunch = now;
    }
    return Optional.empty();
  }

  private static Duration until(Instant now, Instant last, Duration interval) {
    if (last == null || interval.isZero()) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, last.plus(interval));
    return left.isNegative() ? Duration.ZERO : left;
  }
}
