package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.testkit.lambda.FakeLambdaInstance;

/**
 * The launch guard, a real process on this machine, against the fake on its manual clock: a
 * launcher that dies before the instance's watchdog is armed leaves an instance that the guard
 * terminates {@code idle_minutes} later; one that arms the watchdog, or that a resuming launcher
 * takes over, is never touched by it.
 */
@ExtendWith(LambdaFixtureExtension.class)
class LaunchGuardIT {
  static final Duration IDLE = Duration.ofMinutes(30);
  /** How long a guard process may take (a JVM start, one or two API calls), in real time. */
  static final Duration GUARD_WAIT = Duration.ofSeconds(60);

  LambdaFixture f;

  CloudConfig guardedConfig() {
    return f.config().set(LambdaSettings.LAUNCH_GUARD, "on").set(LambdaSettings.IDLE_MINUTES, IDLE).build();
  }

  /** Submits with a launcher whose driver dies right after {@code step}, as a killed launcher would. */
  JobHandle killedAfter(Step step, String name, CloudConfig c) throws InterruptedException {
    LambdaBackend first = f.guarded();
    first.watchdogPoll(Duration.ofSeconds(1));
    return f.submitAndKillAfter(first, step, name, c);
  }

  /**
   * The fake enforces Lambda's rate limits on its manual clock, which the guard (a process of its
   * own, limited on the machine's clock) cannot move; from here on the fake admits every request.
   */
  void guardTalksFreely() {
    f.fake.rateLimits(Duration.ZERO, Duration.ZERO);
  }

  @ParameterizedTest(name = "launcher dies after {0}")
  @EnumSource(value = Step.class, names = {"LAUNCH", "BOOT", "SSH"})
  @DisplayName("a launcher that dies before the watchdog is armed: the guard terminates the instance idle_minutes later")
  void launcherDiesBeforeWatchdog_guardTerminatesAfterIdleMinutes(Step step) throws Exception {
    JobHandle job = killedAfter(step, "soen-yolo-20260101000000-g" + step.ordinal(), guardedConfig());
    FakeLambdaInstance i = f.fake.instances().get(0);
    Instant died = f.clock.instant();
    guardTalksFreely();
    awaitGuardSawDeath(job);

    f.clock.advanceTo(died.plus(IDLE).minusSeconds(1));
    assertThat(f.fake.awaitClockReads(3, GUARD_WAIT)).isTrue();
    assertThat(f.fake.instances().get(0).terminatedAt()).as("within idle_minutes").isEmpty();
    f.clock.advanceTo(died.plus(IDLE));

    assertThat(f.fake.awaitTerminated(i.id(), GUARD_WAIT)).as(() -> guardLog(job)).isTrue();
    assertThat(f.fake.instances().get(0).terminatedAt()).contains(died.plus(IDLE));
    assertThat(f.guards).singleElement().satisfies(g -> assertThat(g.handle().onExit().get(60, TimeUnit.SECONDS)
        .isAlive()).isFalse());
    assertThat(guardLog(job)).contains("terminated instance " + i.id());
  }

  @Test
  @DisplayName("the guard's command line, environment and log never hold the API key")
  void guard_keepsTheKeyOffItsCommandLineAndLog() throws Exception {
    JobHandle job = killedAfter(Step.BOOT, "soen-yolo-20260101000000-gk01", guardedConfig());
    ProcessHandle guard = f.guards.get(0).handle();
    awaitGuardSawDeath(job);

    assertThat(guard.info().commandLine().orElse("")).doesNotContain(f.fake.apiKey());
    assertThat(guardLog(job)).contains("guarding the launch of " + job.id()).doesNotContain(f.fake.apiKey());
    if (Files.isReadable(Path.of("/proc", Long.toString(guard.pid()), "environ"))) {
      assertThat(Files.readString(Path.of("/proc", Long.toString(guard.pid()), "environ"))).doesNotContain(f.fake.apiKey());
    }
  }

  @Test
  @DisplayName("once the watchdog is armed the guard ends, and the instance is the watchdog's")
  void watchdogArmed_guardEndsWithoutTouchingTheInstance() throws Exception {
    JobHandle job = killedAfter(Step.WATCHDOG, "soen-yolo-20260101000000-ga01", guardedConfig());

    assertThat(f.guards).singleElement().satisfies(g -> assertThat(g.handle().onExit().get(60, TimeUnit.SECONDS)
        .isAlive()).isFalse());
    assertThat(guardLog(job)).contains("disarmed").doesNotContain("terminated");
    assertThat(f.fake.instances().get(0).status()).isEqualTo("active");
  }

  @Test
  @DisplayName("a launcher that resumes the job within idle_minutes ends the dead launcher's guard and finishes the job")
  void resumedWithinIdleMinutes_earlierGuardEnds_jobCompletes() throws Exception {
    JobHandle job = killedAfter(Step.BOOT, "soen-yolo-20260101000000-gr01", guardedConfig());
    LaunchGuardProcess dead = f.guards.get(0);
    f.clock.advance(Duration.ofMinutes(5));

    LambdaBackend second = f.guarded();
    second.attach(job);
    f.join(second, job.id());

    assertThat(dead.handle().onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
    f.assertCompleted(second, job);
    assertThat(f.fake.instances()).hasSize(1);
    assertThat(guardLog(job)).doesNotContain("terminated instance");
  }

  @Test
  @DisplayName("with autodown off no guard starts")
  void autodownOff_noGuard() throws Exception {
    killedAfter(Step.BOOT, "soen-yolo-20260101000000-go01",
        f.config().set(LambdaSettings.LAUNCH_GUARD, "on").set(LambdaSettings.AUTODOWN, "off").build());

    assertThat(f.guards).isEmpty();
  }

  /**
   * Waits until the guard has read the end of its pipe (a process of its own, it may take a while to
   * start), so that the manual clock moves only after the guard took the moment of death from it.
   */
  void awaitGuardSawDeath(JobHandle job) throws InterruptedException {
    while (!guardLog(job).contains("the launcher is gone")) {
      assertThat(f.fake.awaitClockReads(1, GUARD_WAIT)).as(() -> guardLog(job)).isTrue();
    }
  }

  String guardLog(JobHandle job) {
    Path log = f.home.resolve("lambdalabs").resolve(job.id()).resolve("launch-guard.log");
    try {
      return Files.exists(log) ? Files.readString(log) : "(no guard log)";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
