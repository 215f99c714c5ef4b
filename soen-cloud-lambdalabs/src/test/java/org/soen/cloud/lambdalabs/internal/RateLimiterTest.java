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
  final RateLimiter limiter = RateLimiter.lambda(clock, d -> {
    sleeps.add(d);
    clock.now = clock.now.plus(d);
  });
  /** When each request was sent, on the clock. */
  final List<Instant> sent = new ArrayList<>();

  private void send(boolean launch) {
    limiter.call(launch, () -> sent.add(clock.instant()));
  }

  private Duration slept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }

  @Test
  void firstCall_onAClockThatTicks_goesAtOnce() {
    send(false);
    send(true);

    assertThat(sleeps).hasSize(1).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1)));
  }

  @Test
  void calls_arePacedAboutOneASecond_andLaunchesOneIn12Seconds() {
    send(true);
    send(true);

    assertThat(slept()).isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
  }

  @Test
  void launch_afterACall_booksBothSlotsTogether_soTheNextLaunchIs12SecondsAfterItWasSent() {
    send(false);
    send(true);
    send(false);
    send(true);

    assertThat(Duration.between(sent.get(1), sent.get(3))).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
    assertThat(Duration.between(sent.get(1), sent.get(2))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void slots_countFromTheAnswer_soASlowAnswerStillLeavesTheIntervalBeforeTheNextRequest() {
    limiter.call(true, () -> {
      clock.now = clock.now.plusSeconds(5);
      return null;
    });
    Instant answered = clock.instant();
    send(false);
    send(true);

    assertThat(Duration.between(answered, sent.get(0))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(Duration.between(answered, sent.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void retryAfter_pushesTheNextCallLater() {
    send(false);
    limiter.retryAfter(Duration.ofSeconds(30), false);
    send(false);

    assertThat(slept()).isBetween(Duration.ofMillis(29_999), Duration.ofSeconds(30));
  }

  @Test
  void retryAfter_onALaunch_holdsBackTheNextLaunchToo() {
    send(true);
    clock.now = clock.now.plusSeconds(20);
    limiter.retryAfter(Duration.ofSeconds(7), true);
    Instant told = clock.instant();
    send(true);

    assertThat(Duration.between(told, sent.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void anExchangeThatFails_stillBooksItsSlots() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> limiter.call(false, () -> {
      throw new java.io.IOException("connection reset");
    })).isInstanceOf(java.io.IOException.class);
    send(false);

    assertThat(slept()).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
  }

  @Test
  void theRealLimits_areTheOnesTheFakeEnforces() {
    assertThat(RateLimiter.REQUEST_INTERVAL).isEqualTo(org.soen.cloud.testkit.lambda.FakeLambdaCloud.REAL_REQUEST_INTERVAL)
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(RateLimiter.LAUNCH_INTERVAL).isEqualTo(org.soen.cloud.testkit.lambda.FakeLambdaCloud.REAL_LAUNCH_INTERVAL)
        .isEqualTo(Duration.ofSeconds(12));
  }
}
