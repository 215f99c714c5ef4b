package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.testkit.lambda.FakeLambdaInstance;

/** The instance ends itself: its watchdog, with no launcher connected, on the fake's (manual) clock. */
@ExtendWith(LambdaFixtureExtension.class)
class LambdaAutodownIT {
  /** How long a test waits, in real time, for a watchdog that looks every second. */
  static final Duration WATCHDOG_WAIT = Duration.ofSeconds(60);

  LambdaFixture f;

  static CloudConfig withRuntime(CloudConfig c, Duration runtime) {
    return c.toBuilder().instance(InstanceSpec.builder().from(c.instance()).maxRuntime(runtime).build()).build();
  }

  /** Submits {@code c} with a launcher killed after {@code step} whose watchdog looks every second. */
  JobHandle killedAfter(Step step, String name, CloudConfig c) throws InterruptedException {
    LambdaBackend first = f.backend();
    first.watchdogPoll(Duration.ofSeconds(1));
    JobHandle job = f.submitAndKillAfter(first, step, name, c);
    if (Step.valueOf(f.state(job.id()).get(Keys.STEP)).compareTo(Step.WATCHDOG) > 0) {
      assertThat(f.fake.awaitClockReads(2, WATCHDOG_WAIT)).as("the watchdog saw the launcher leave").isTrue();
    }
    return job;
  }

  FakeLambdaInstance instance() {
    return f.fake.instances().get(0);
  }

  Path soen(JobHandle job) {
    return f.remoteDir.resolve(job.id()).resolve(".soen");
  }

  String watchdogLog(JobHandle job) {
    try {
      Path log = soen(job).resolve("autodown.log");
      return Files.exists(log) ? Files.readString(log) : "(none)";
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  @Test
  @DisplayName("at the cap, with no launcher, the watchdog stops the training and terminates the instance")
  void cap_noLauncher_watchdogStopsTrainingAndTerminates() throws Exception {
    CloudConfig c = withRuntime(f.config().command(List.of("sh", "-c", "env > training-env; echo training; sleep 600")).build(),
        Duration.ofHours(1));
    JobHandle job = killedAfter(Step.RUN, "soen-yolo-20260101000000-wd01", c);
    Instant deadline = Instant.parse(f.state(job.id()).get(Keys.DEADLINE));
    Instant capFromRequest = Instant.parse(f.state(job.id()).get(Keys.T_LAUNCH_REQUESTED)).plus(Duration.ofHours(1));
    assertThat(deadline).as("fixed just before the launch request").isBetween(capFromRequest.minusSeconds(15), capFromRequest);
    assertThat(instance().status()).isEqualTo("active");

    f.clock.advanceTo(deadline);

    assertThat(f.fake.awaitTerminated(instance().id(), WATCHDOG_WAIT)).as(() -> "terminated by its watchdog; its log: " + watchdogLog(job)).isTrue();
    assertThat(instance().terminatedAt()).contains(deadline);
    assertThat(Duration.between(instance().launchedAt(), instance().terminatedAt().orElseThrow()))
        .isLessThanOrEqualTo(Duration.ofHours(1));
    assertThat(Files.readString(soen(job).resolve("exit_code")).strip()).as("stopped by the watchdog").isEqualTo("124");
    assertThat(Files.readString(soen(job).resolve("autodown.log")))
        .contains("the job's deadline has passed: the max runtime of 60 minutes")
        .contains("busy: training").contains("stopped the training")
        .contains("asking Lambda Cloud to terminate instance " + instance().id());
  }

  @Test
  @DisplayName("the API key is on the instance only in a file of mode 600: not in commands, the script, the log or the training's environment")
  void apiKey_onlyInAPrivateFile() throws Exception {
    CloudConfig c = f.config().command(List.of("sh", "-c", "env > training-env")).build();
    JobHandle job = killedAfter(Step.TAIL, "soen-yolo-20260101000000-wd02", c);

    Path key = soen(job).resolve("autodown.key");
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(key)).contains(f.fake.apiKey());
    assertThat(Files.readString(soen(job).resolve("autodown.sh"))).doesNotContain(f.fake.apiKey());
    assertThat(Files.readString(f.remoteDir.resolve(job.id()).resolve("training-env"))).doesNotContain(f.fake.apiKey());
    assertThat(String.join("\n", instance().commands())).doesNotContain(f.fake.apiKey());
    assertThat(f.events.events().toString()).doesNotContain(f.fake.apiKey());
    assertThat(Files.readString(f.journal.directory().resolve(job.id() + ".json"))).doesNotContain(f.fake.apiKey());
  }

  @Test
  @DisplayName("idle_minutes after the training ended with no launcher collecting it, the instance terminates itself")
  void idleMinutes_expire_instanceTerminatesItself() throws Exception {
    CloudConfig c = f.config().set(LambdaSettings.IDLE_MINUTES, Duration.ofMinutes(10)).build();
    JobHandle job = killedAfter(Step.TAIL, "soen-yolo-20260101000000-wd03", c);
    Instant abandoned = f.clock.instant();
    assertThat(f.state(job.id())).containsKey(Keys.T_RUN_END).doesNotContainKey(Keys.OUTCOME);

    f.clock.advance(Duration.ofMinutes(10));

    assertThat(f.fake.awaitTerminated(instance().id(), WATCHDOG_WAIT)).as(() -> "terminated by its watchdog; its log: " + watchdogLog(job)).isTrue();
    assertThat(instance().terminatedAt()).contains(abandoned.plus(Duration.ofMinutes(10)));
    assertThat(Files.readString(soen(job).resolve("autodown.log"))).contains("nothing ran and no launcher attended for 600 s");
  }

  @Test
  @DisplayName("the launcher says how the instance will end: a NOTICE naming the deadline and the idle time, or that autodown is off")
  void notice_saysHowTheInstanceEnds() throws Exception {
    JobHandle on = killedAfter(Step.WATCHDOG, "soen-yolo-20260101000000-wd04", f.config().build());
    String deadline = f.state(on.id()).get(Keys.DEADLINE);
    assertThat(f.events.messages(JobEvent.Kind.NOTICE)).contains("autodown: instance " + instance().id()
        + " stops its training at " + deadline + " (the max runtime of 1440 minutes) and terminates itself then, or once"
        + " it has gone 30 minutes with its job ended (or not started) and no launcher attending it");

    JobHandle off = killedAfter(Step.WATCHDOG, "soen-yolo-20260101000000-wd05",
        f.config().set(LambdaSettings.AUTODOWN, "off").build());
    String id = f.state(off.id()).get(Keys.INSTANCE_ID);
    assertThat(f.events.messages(JobEvent.Kind.NOTICE)).anyMatch(m -> m.startsWith("autodown is off: instance " + id
        + " stops its training at ") && m.endsWith("but does not terminate itself; it bills until a launcher,"
        + " `soen-cloud stop " + off.id() + "` or `soen-cloud reap` ends it"));
    assertThat(soen(off).resolve("autodown.key")).doesNotExist();
  }
}
