package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  /** A clock that, like the system clock, has moved on a little every time it is read. */
  static final class TickingClock extends Clock {
    Instant now = Instant.parse("2026-11-30T12:00:00Z");

    @Override
    public Instant instant() {
      now = now.plusNanos(1_000);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final TickingClock clock = new TickingClock();
  final List<Duration> sleeps = new ArrayList<>();
  final RateLimiter limiter = new RateLimiter(clock, d -> {
    sleeps.add(d);
    clock.now = clock.now.plus(d);
  }, Duration.ofSeconds(1), Duration.ofSeconds(12));

  @Test
  void firstCall_onAClockThatTicks_goesAtOnce() {
    limiter.acquire(false);
    limiter.acquire(true);

    assertThat(sleeps).hasSize(1).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1)));
  }

  @Test
  void calls_arePacedAboutOneASecond_andLaunchesOneIn12Seconds() {
    limiter.acquire(true);
    limiter.acquire(true);

    Duration slept = sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(slept).isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
  }

  @Test
  void backOff_pushesTheNextCallLater() {
    limiter.acquire(false);
    limiter.backOff(Duration.ofSeconds(30));
    limiter.acquire(false);

    assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus)).isBetween(Duration.ofMillis(29_999), Duration.ofSeconds(30));
  }
}
