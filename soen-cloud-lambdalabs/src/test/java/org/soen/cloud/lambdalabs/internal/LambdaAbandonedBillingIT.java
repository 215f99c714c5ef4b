package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.testkit.lambda.FakeLambdaInstance;

/**
 * The measurement behind the closing note of issue 12: for a launcher killed after each step and
 * never attached again, how long the instance bills on the fake's clock, with the launch guard on
 * (it covers the steps before the watchdog) and nobody reaping. Slow (each case waits for
 * a real watchdog), so it runs only with {@code -Dsoen.measure=true}; it prints one table row per step.
 */
@ExtendWith(LambdaFixtureExtension.class)
@EnabledIfSystemProperty(named = "soen.measure", matches = "true")
class LambdaAbandonedBillingIT {
  static final Duration RUNTIME_CAP = Duration.ofHours(2);
  static final Duration IDLE = Duration.ofMinutes(30);

  LambdaFixture f;

  @ParameterizedTest(name = "killed after {0}")
  @EnumSource(value = Step.class, names = "DONE", mode = EnumSource.Mode.EXCLUDE)
  void billedWhenKilledAfter(Step step) throws Exception {
    CloudConfig c = LambdaAutodownIT.withRuntime(f.config().set(LambdaSettings.LAUNCH_GUARD, "on")
        .set(LambdaSettings.IDLE_MINUTES, IDLE).build(), RUNTIME_CAP);
    LambdaBackend first = f.guarded();
    first.watchdogPoll(Duration.ofSeconds(1));
    JobHandle job = f.submitAndKillAfter(first, step, "soen-yolo-20260101000000-m" + step.ordinal(), c);
    boolean watched = f.state(job.id()).containsKey(Keys.WATCHDOG);
    if (watched && f.fake.instances().get(0).terminatedAt().isEmpty()) {
      assertThat(f.fake.awaitClockReads(2, LambdaAutodownIT.WATCHDOG_WAIT)).isTrue();
    }
    Instant killed = f.clock.instant();
    FakeLambdaInstance i = f.fake.instances().get(0);
    Instant launched = i.launchedAt();
    Instant deadline = Instant.parse(f.state(job.id()).get(Keys.DEADLINE));
    String endedBy;
    if (i.terminatedAt().isPresent()) {
      endedBy = "the launcher, before it died";
    } else if (watched) {
      f.clock.advanceTo(killed.plus(IDLE));
      if (f.fake.awaitTerminated(i.id(), LambdaAutodownIT.WATCHDOG_WAIT)) {
        endedBy = "the watchdog: idle_minutes";
      } else {
        f.clock.advanceTo(deadline);
        assertThat(f.fake.awaitTerminated(i.id(), LambdaAutodownIT.WATCHDOG_WAIT)).isTrue();
        endedBy = "the watchdog: deadline";
      }
    } else {
      // No watchdog yet: the launch guard on the launcher's machine ends it idle_minutes after the death.
      f.fake.rateLimits(Duration.ZERO, Duration.ZERO);
      while (!guardLog(job).contains("the launcher is gone")) {
        assertThat(f.fake.awaitClockReads(1, LambdaAutodownIT.WATCHDOG_WAIT)).isTrue();
      }
      f.clock.advanceTo(killed.plus(IDLE));
      assertThat(f.fake.awaitTerminated(i.id(), LambdaAutodownIT.WATCHDOG_WAIT)).isTrue();
      endedBy = "the launch guard, idle_minutes after the launcher died";
    }
    FakeLambdaInstance after = f.fake.instances().get(0);
    Duration billed = Duration.between(launched, after.terminatedAt().orElseThrow());
    Instant ranUntil = Optional.ofNullable(f.state(job.id()).get(Keys.T_RUN_END)).map(Instant::parse).orElse(killed);
    Duration bound = Duration.between(launched, ranUntil).plus(IDLE);
    System.out.printf("| %-12s | %8.1f min | %8.1f min | %s |%n", step, billed.toSeconds() / 60.0,
        bound.toSeconds() / 60.0, endedBy);
    assertThat(billed).isLessThanOrEqualTo(bound);
  }

  String guardLog(JobHandle job) throws java.io.IOException {
    Path log = f.home.resolve("lambdalabs").resolve(job.id()).resolve("launch-guard.log");
    return java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log) : "";
  }
}
