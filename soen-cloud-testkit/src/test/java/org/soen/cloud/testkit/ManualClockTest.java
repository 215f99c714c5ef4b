package org.soen.cloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void instant_whenNeverAdvanced_staysAtStart() {
    ManualClock clock = ManualClock.startingAt(T0);

    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
    assertThat(ManualClock.create().instant()).isEqualTo(ManualClock.DEFAULT_START);
  }

  @Test
  void advance_byDuration_movesTimeAndReturnsNewInstant() {
    ManualClock clock = ManualClock.startingAt(T0);

    Instant after = clock.advance(Duration.ofMinutes(90));

    assertThat(after).isEqualTo(T0.plus(Duration.ofMinutes(90)));
    assertThat(clock.instant()).isEqualTo(after);
  }

  @Test
  void advance_whenNegative_throwsAndKeepsTime() {
    ManualClock clock = ManualClock.startingAt(T0);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ManualClock cannot go backwards: advance(PT-1S) needs a duration >= 0");
    assertThat(clock.instant()).isEqualTo(T0);
  }

  @Test
  void advanceTo_whenEarlier_throws() {
    ManualClock clock = ManualClock.startingAt(T0);
    clock.advanceTo(T0.plusSeconds(5));

    assertThatThrownBy(() -> clock.advanceTo(T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ManualClock cannot go backwards from 2026-03-01T10:00:05Z to 2026-03-01T10:00:00Z");
  }

  @Test
  void sleep_advancesInsteadOfWaitingAndCountsCalls() throws Exception {
    ManualClock clock = ManualClock.startingAt(T0);

    clock.sleep(Duration.ofHours(5));
    clock.sleep(Duration.ofSeconds(2));

    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofHours(5)).plusSeconds(2));
    assertThat(clock.sleepCount()).isEqualTo(2);
    assertThat(clock.totalSlept()).isEqualTo(Duration.ofSeconds(5 * 3600 + 2));
  }

  @Test
  void sleep_whenThreadInterrupted_throwsWithoutAdvancing() {
    ManualClock clock = ManualClock.startingAt(T0);
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("interrupted before sleeping PT1S");
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(clock.instant()).isEqualTo(T0);
  }

  @Test
  void withZone_sharesTimeWithTheOriginal() {
    ManualClock clock = ManualClock.startingAt(T0);
    ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofMinutes(1));

    assertThat(paris.instant()).isEqualTo(T0.plusSeconds(60));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris).isNotEqualTo(clock).isEqualTo(clock.withZone(ZoneId.of("Europe/Paris")));
    assertThat(clock.withZone(ZoneId.of("Z"))).isSameAs(clock);
  }

  @Test
  void advance_fromManyThreads_losesNoUpdate() throws Exception {
    ManualClock clock = ManualClock.startingAt(T0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 10_000; i++) {
            clock.advance(Duration.ofMillis(1));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(clock.instant()).isEqualTo(T0.plusMillis(40_000));
  }
}
