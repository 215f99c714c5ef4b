package org.soen.cloud.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.soen.cloud.spi.Sleeper;

/**
 * A {@link Clock} that moves only when told to, and a {@link Sleeper} that advances it instead of
 * waiting. Give the same instance to the trainer as clock and sleeper, and to a
 * {@link FakeTrainingBackend}, and a whole job lifecycle (polling, deadlines, cost accrual) runs
 * in microseconds without a single real sleep:
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
 * try (CloudTrainer trainer = CloudTrainer.builder()
 *     .provider(fake.provider()).discoverProviders(false)
 *     .clock(clock).sleeper(clock).home(tempHome).build()) {
 *   fake.enqueue(FakeJob.completesAfter(Duration.ofMinutes(30)));
 *   JobStatus done = trainer.await(trainer.submit(config));
 *   // clock.instant() is now 30 minutes (plus at most one poll interval) later
 * }
 * clock.advance(Duration.ofHours(1));
 * }</pre>
 *
 * <p>Thread-safe: the time is one atomic value, and {@link #withZone(ZoneId)} returns a view of the
 * same time, so advancing one advances every view. Time never goes backwards.
 */
public final class ManualClock extends Clock implements Sleeper {
  /** Where {@link #create()} starts: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final State state;
  private final ZoneId zone;

  private ManualClock(State state, ZoneId zone) {
    this.state = state;
    this.zone = zone;
  }

  /** A clock at {@link #DEFAULT_START} in UTC. */
  public static ManualClock create() {
    return startingAt(DEFAULT_START);
  }

  /** A clock at {@code start} in UTC. */
  public static ManualClock startingAt(Instant start) {
    Objects.requireNonNull(start, "start");
    return new ManualClock(new State(start), ZoneOffset.UTC);
  }

  /**
   * Move the clock forward by {@code duration} and return the new instant.
   *
   * @throws IllegalArgumentException when {@code duration} is negative: time never goes backwards
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "ManualClock cannot go backwards: advance(" + duration + ") needs a duration >= 0");
    }
    return state.now.accumulateAndGet(null, (now, ignored) -> now.plus(duration));
  }

  /**
   * Move the clock forward to {@code instant}; a no-op when the clock is already there.
   *
   * @throws IllegalArgumentException when {@code instant} is before the current time
   */
  public Instant advanceTo(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return state.now.updateAndGet(now -> {
      if (instant.isBefore(now)) {
        throw new IllegalArgumentException("ManualClock cannot go backwards from " + now
            + " to " + instant);
      }
      return instant;
    });
  }

  /**
   * Advance by {@code duration} instead of waiting. Like a real sleep it fails at once when the
   * thread is interrupted, and it counts the call in {@link #sleepCount()}.
   */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before sleeping " + duration);
    }
    advance(duration);
    state.sleeps.incrementAndGet();
    state.slept.accumulateAndGet(duration.toNanos(), Math::addExact);
  }

  /** How many times {@link #sleep(Duration)} was called: a trainer's poll count, for instance. */
  public long sleepCount() {
    return state.sleeps.get();
  }

  /** The total of every {@link #sleep(Duration)}. */
  public Duration totalSlept() {
    return Duration.ofNanos(state.slept.get());
  }

  @Override
  public Instant instant() {
    return state.now.get();
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone sharing this clock's time: advancing either advances both. */
  @Override
  public ManualClock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new ManualClock(state, zone);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ManualClock
        && ((ManualClock) other).state == state
        && ((ManualClock) other).zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(state) * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + ", " + zone + "]";
  }

  private static final class State {
    final AtomicReference<Instant> now;
    final AtomicLong sleeps = new AtomicLong();
    final AtomicLong slept = new AtomicLong();

    State(Instant start) {
      this.now = new AtomicReference<>(start);
    }
  }
}
