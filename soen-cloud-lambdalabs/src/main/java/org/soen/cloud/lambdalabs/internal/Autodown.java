package org.soen.cloud.lambdalabs.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The instance's own limits: a watchdog (the {@code autodown.sh} resource) started on the instance
 * before the job's first command, that stops the training at the job's {@link Deadline} whether
 * or not a launcher is connected and, with {@code cloud.lambda.autodown: on}, terminates the
 * instance through the API then, or once it has gone {@code cloud.lambda.idle_minutes} with
 * nothing running and no launcher attending it.
 *
 * <p>The API key travels for this only: on stdin into {@code .soen/autodown.key} (mode 600, a curl
 * config holding the Authorization header), which curl reads; never on a command line, in a log, in
 * the journal or in the training's environment. With autodown off it is not sent at all.
 *
 * <p>The watchdog starts once the launcher reaches the instance over SSH; from the launch request
 * until then the {@link LaunchGuard} on the launcher's machine covers the instance. (Starting the
 * watchdog at boot through the launch's {@code user_data} would need the key in it, which Lambda
 * stores and cloud-init writes to the instance's disk; see {@link LaunchGuard}.)
 */
final class Autodown {
  /** How often the watchdog looks, in seconds of the instance's time. */
  static final Duration POLL = Duration.ofSeconds(30);
  private static final String SCRIPT = load();

  private final Ledger ledger;
  private final JobSpec spec;
  private final RemoteSession session;
  private final LambdaApi api;
  private final Duration poll;

  Autodown(Ledger ledger, JobSpec spec, RemoteSession session, LambdaApi api, Duration poll) {
    this.ledger = ledger;
    this.spec = spec;
    this.session = session;
    this.api = api;
    this.poll = poll;
  }

  /** The {@code WATCHDOG} step: writes the key (autodown on) and the script, and starts it unless it runs. */
  void start() {
    String run = session.remoteRun();
    String soen = Shell.quote(run + "/.soen");
    if (spec.autodown()) {
      byte[] key = api.curlAuthConfig().getBytes(StandardCharsets.UTF_8);
      session.withSsh("writing the autodown key", r -> RemoteSession.check("writing the autodown key",
          r.run("umask 077 && mkdir -p -- " + soen + " && cat > " + soen + "/autodown.key && chmod 600 " + soen
              + "/autodown.key", new ByteArrayInputStream(key))));
    }
    byte[] script = script(run).getBytes(StandardCharsets.UTF_8);
    session.withSsh("starting the autodown watchdog", r -> RemoteSession.check("starting the autodown watchdog",
        r.run("umask 077 && mkdir -p -- " + soen + " && cat > " + soen + "/autodown.sh && "
            + RemoteScripts.startWatchdog(run), new ByteArrayInputStream(script))));
    ledger.put(Map.of(Keys.WATCHDOG, "started"));
    ledger.notice(howItEnds());
  }

  /** How the instance will end if no launcher ends it, for the summary and {@code --detach}. */
  String howItEnds() {
    Deadline d = ledger.deadline(spec);
    String id = ledger.get(Keys.INSTANCE_ID).orElse("?");
    if (spec.autodown()) {
      return "autodown: instance " + id + " stops its training at " + d.at() + " (" + d.why() + ") and terminates"
          + " itself then, or once it has gone " + Duration.ofSeconds(spec.idleSeconds()).toMinutes() + " minutes"
          + " with its job ended (or not started) and no launcher attending it";
    }
    return "autodown is off: instance " + id + " stops its training at " + d.at() + " (" + d.why() + ") but does not"
        + " terminate itself; it bills until a launcher, `soen-cloud stop " + ledger.jobId() + "` or `soen-cloud reap`"
        + " ends it";
  }

  /** Tells the watchdog a launcher attends the instance: called as each step starts. */
  void attend(Step step) {
    if (ledger.get(Keys.WATCHDOG).isEmpty()) {
      return;
    }
    String run = session.remoteRun();
    session.withSsh("telling the watchdog the launcher is here", r -> r.run(RemoteScripts.attend(run,
        step.name().toLowerCase() + " " + ledger.now()), null));
  }

  /**
   * The launcher leaves the instance running on purpose ({@code cloud.lambda.terminate}): the
   * watchdog ends without terminating it. A failure is told, not thrown.
   */
  void keep() {
    if (ledger.get(Keys.WATCHDOG).isEmpty()) {
      return;
    }
    try {
      String run = session.remoteRun();
      session.withSsh("telling the watchdog to keep the instance", r -> RemoteSession.check(
          "telling the watchdog to keep the instance", r.run("touch " + Shell.quote(run + "/.soen/keep"), null)));
    } catch (RuntimeException e) {
      ledger.notice("could not tell the instance's watchdog to keep it running (" + Errors.describe(e) + "); "
          + howItEnds());
    }
  }

  private String script(String run) {
    Deadline d = ledger.deadline(spec);
    return "#!/bin/sh\n"
        + "RUN=" + Shell.quote(run) + "\n"
        + "DEADLINE=" + d.at().getEpochSecond() + "\n"
        + "WHY=" + Shell.quote(d.why()) + "\n"
        + "IDLE=" + spec.idleSeconds() + "\n"
        + "POLL=" + Math.max(1, poll.toSeconds()) + "\n"
        + "AUTODOWN=" + (spec.autodown() ? "on" : "off") + "\n"
        + "INSTANCE=" + Shell.quote(ledger.require(Keys.INSTANCE_ID)) + "\n"
        + "API=" + Shell.quote(api.base().toString()) + "\n"
        + SCRIPT;
  }

  private static String load() {
    String resource = "/org/soen/cloud/lambdalabs/autodown.sh";
    try (InputStream in = Autodown.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " in the lambdalabs jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
