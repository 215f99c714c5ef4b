package org.soen.cloud.lambdalabs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.Sleeper;

/**
 * Paces the calls made with one Lambda Cloud API key to Lambda's published limits: one request a
 * second, and one launch every 12 seconds.
 *
 * <p>Requests go one at a time, in arrival order: a call waits until both of its slots are free
 * (the request slot, and for a launch the launch slot too, booked together), is sent, and the
 * next slots are counted from the moment its answer came back. Counting from the answer rather
 * than from the send keeps the spacing the server sees at least the interval even when the
 * answer is slow, and a {@code Retry-After} pushes the next slot further still.
 *
 * <p>Scope: one limiter per API key per {@link LambdaBackend} ({@link RateLimiters}), shared by
 * every {@link LambdaApi} the backend makes. A process normally has one backend (one
 * {@code CloudTrainer}); two trainers in one process, or two processes, each pace themselves, and
 * a {@code 429} then makes each wait as long as the server asks.
 */
final class RateLimiter {
  /** Lambda Cloud's published limit on requests per API key: one a second. */
  static final Duration REQUEST_INTERVAL = Duration.ofSeconds(1);
  /** Lambda Cloud's published limit on launches per API key: one every 12 seconds. */
  static final Duration LAUNCH_INTERVAL = Duration.ofSeconds(12);

  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration requestInterval;
  private final Duration launchInterval;
  private final ReentrantLock turn = new ReentrantLock(true);
  private Instant nextRequest = Instant.MIN;
  private Instant nextLaunch = Instant.MIN;

  RateLimiter(Clock clock, Sleeper sleeper, Duration requestInterval, Duration launchInterval) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.requestInterval = requestInterval;
    this.launchInterval = launchInterval;
  }

  /** A limiter at Lambda Cloud's published limits. */
  static RateLimiter lambda(Clock clock, Sleeper sleeper) {
    return new RateLimiter(clock, sleeper, REQUEST_INTERVAL, LAUNCH_INTERVAL);
  }

  /** One request sent through the limiter. */
  @FunctionalInterface
  interface Exchange<T, E extends Exception> {
    T send() throws E;
  }

  /**
   * Waits for this call's turn and slots, runs {@code exchange}, and books the next slots from
   * the moment it returned (or failed).
   *
   * @param launch whether the request launches an instance (and so needs the launch slot too)
   */
  <T, E extends Exception> T call(boolean launch, Exchange<T, E> exchange) throws E {
    turn.lock();
    try {
      Instant at = launch && nextLaunch.isAfter(nextRequest) ? nextLaunch : nextRequest;
      Instant now = clock.instant();
      if (at.isAfter(now)) {
        sleep(Duration.between(now, at));
      }
      try {
        return exchange.send();
      } finally {
        Instant done = clock.instant();
        nextRequest = later(nextRequest, done.plus(requestInterval));
        if (launch) {
          nextLaunch = later(nextLaunch, done.plus(launchInterval));
        }
      }
    } finally {
      turn.unlock();
    }
  }

  /**
   * The server answered {@code 429}: no request goes before {@code pause} from now, and for a
   * launch, no launch either.
   */
  void retryAfter(Duration pause, boolean launch) {
    turn.lock();
    try {
      Instant until = clock.instant().plus(pause);
      nextRequest = later(nextRequest, until);
      if (launch) {
        nextLaunch = later(nextLaunch, until);
      }
    } finally {
      turn.unlock();
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * Sleeps once for the whole wait. The sleeper stands for the clock (a manual clock advances
   * itself when asked to sleep), so the wait is not re-checked against the clock afterwards.
   */
  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SoenCloudException("interrupted while pacing Lambda Cloud API calls", e);
    }
  }
}
