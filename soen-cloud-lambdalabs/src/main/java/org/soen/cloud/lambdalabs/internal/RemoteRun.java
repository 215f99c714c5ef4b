package org.soen.cloud.lambdalabs.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobState;
import org.soen.cloud.SoenCloudException;

/**
 * What runs on the instance: the setup and after commands, each exactly once, and the training
 * command, started detached and followed through its log (lines and epoch metrics) until it
 * exits, within the job's runtime and cost caps.
 */
final class RemoteRun {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_LOG_READ = 1 << 20;

  private final Ledger ledger;
  private final JobSpec spec;
  private final Map<String, String> secretEnv;
  private final JobControl control;
  private final RemoteSession session;
  private final LambdaJob.Hooks hooks;
  private EpochMetrics metrics;

  RemoteRun(Ledger ledger, JobSpec spec, Map<String, String> secretEnv, JobControl control, RemoteSession session,
      LambdaJob.Hooks hooks) {
    this.ledger = ledger;
    this.spec = spec;
    this.secretEnv = secretEnv;
    this.control = control;
    this.session = session;
    this.hooks = hooks;
  }

  /** Compiles {@code cloud.lambda.metrics_pattern}: a bad one fails the job before anything runs. */
  void compileMetrics() {
    metrics = new EpochMetrics(Optional.ofNullable(spec.metricsPattern()));
  }

  /**
   * Runs each command once on the instance (see {@link RemoteScripts#step}): one that the journal
   * records as done is skipped, and one the instance records as started is waited for instead of
   * being started again, so a launcher killed anywhere in here never runs a command twice.
   */
  void commands(Step step, List<String> commands, String doneKey, String stream) {
    String run = session.remoteRun();
    int done = Integer.parseInt(ledger.get(doneKey).orElse("0"));
    for (int k = done; k < commands.size(); k++) {
      String command = commands.get(k);
      int index = k + 1;
      String name = stream + "-" + index;
      String what = stream + " command " + index + " `" + command + "`";
      String ended = session.withSsh(what, r -> RemoteSession.check(what, r.run(RemoteScripts.step(run, name, command), null)))
          .stdout().strip();
      String output = session.withSsh("reading the output of " + what, r -> r.run(RemoteScripts.stepLog(run, name), null))
          .stdout();
      for (String line : output.split("\n")) {
        if (!line.isBlank()) {
          ledger.log(stream, line);
        }
      }
      if (ended.equals(RemoteScripts.LOST)) {
        throw new SoenCloudException(what + " was started on the instance, but its process ended without an exit code"
            + " (the instance restarted, or something killed it); it is not run twice (see " + run + "/.soen/steps/"
            + name + ".log)");
      }
      if (!ended.matches("-?\\d+")) {
        throw new SoenCloudException(what + " ended without an exit code the launcher could read: "
            + RemoteSession.tail(ended));
      }
      if (Integer.parseInt(ended) != 0) {
        throw new SoenCloudException(what + " failed with exit code " + ended + ": " + RemoteSession.tail(output));
      }
      hooks.afterCommand(step, index);
      ledger.put(Map.of(doneKey, Integer.toString(index)));
    }
  }

  /** The {@code RUN} step: writes the job's environment, then starts the training command once. */
  void start() {
    String run = session.remoteRun();
    if (spec.command().isEmpty()) {
      throw new ConfigurationException("command", "the lambdalabs provider needs cloud.command, the training command to run");
    }
    boolean started = session.withSsh("checking the run",
        r -> r.run("test -e " + Shell.quote(run + "/.soen/started"), null)).exitCode() == 0;
    if (started) {
      return;
    }
    StringBuilder env = new StringBuilder();
    Map<String, String> all = new LinkedHashMap<>(spec.environment());
    all.putAll(secretEnv);
    all.forEach((k, v) -> {
      if (!ENV_NAME.matcher(k).matches()) {
        throw new ConfigurationException("environment." + k, "is not a valid environment variable name");
      }
      env.append(k).append('=').append(Shell.quote(v)).append('\n');
    });
    // Secrets travel on stdin into a file only the user can read, never on a command line.
    session.withSsh("writing the job environment", r -> RemoteSession.check("writing the job environment",
        r.run("umask 077 && mkdir -p -- " + Shell.quote(run + "/.soen") + " && cat > " + Shell.quote(run + "/.soen/env"),
            new ByteArrayInputStream(env.toString().getBytes(StandardCharsets.UTF_8)))));
    String command = RemoteScripts.startTraining(run, spec.command());
    session.withSsh("starting the training command", r -> RemoteSession.check("starting the training command",
        r.run(command, null)));
    ledger.put(Map.of(Keys.T_RUN_START, ledger.now()));
    ledger.notice("training started on " + ledger.require(Keys.INSTANCE_ID) + ": " + String.join(" ", spec.command()));
  }

  /** The {@code TAIL} step: follows the training's log until it exits, within the job's caps. */
  void follow() {
    String run = session.remoteRun();
    long offset = Long.parseLong(ledger.get(Keys.LOG_OFFSET).orElse("0"));
    while (true) {
      control.checkStop();
      checkLimits();
      long from = offset;
      boolean[] lost = {false};
      Optional<Integer> exit = session.withSsh("reading the exit code", r -> {
        SshRunner.Result res = r.run(RemoteScripts.exitCode(run), null);
        String s = res.stdout().strip();
        lost[0] = s.equals(RemoteScripts.LOST);
        return res.exitCode() == 0 && s.matches("-?\\d+") ? Optional.of(Integer.parseInt(s)) : Optional.<Integer>empty();
      });
      byte[] chunk = session.withSsh("reading the training log", r -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.exec("tail -c +" + (from + 1) + " " + Shell.quote(run + "/.soen/run.log") + " 2>/dev/null | head -c " + MAX_LOG_READ,
            null, out, OutputStream.nullOutputStream());
        return out.toByteArray();
      });
      int end = chunk.length;
      if (exit.isEmpty() || chunk.length == MAX_LOG_READ) {
        end = lastIndexOf(chunk, (byte) '\n') + 1;
      }
      if (end > 0) {
        String text = new String(chunk, 0, end, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
          if (!line.isEmpty()) {
            String shown = line.substring(line.lastIndexOf('\r', line.length() - 2) + 1).stripTrailing();
            ledger.log("stdout", shown);
            metrics.accept(line).ifPresent(e -> ledger.event(JobEvent.builder().kind(JobEvent.Kind.METRICS).epoch(e.epoch())
                .putAllMetrics(e.metrics()).message("epoch " + e.epoch() + " " + e.metrics())));
          }
        }
        offset += end;
        ledger.put(Map.of(Keys.LOG_OFFSET, Long.toString(offset)));
      }
      if (exit.isPresent() && chunk.length < MAX_LOG_READ) {
        ledger.put(Map.of(Keys.EXIT_CODE, exit.get().toString(), Keys.T_RUN_END, ledger.now()));
        if (exit.get() != 0) {
          throw new SoenCloudException("the training command exited with code " + exit.get() + " (see the log)");
        }
        return;
      }
      if (lost[0] && chunk.length < MAX_LOG_READ) {
        ledger.put(Map.of(Keys.T_RUN_END, ledger.now()));
        throw new SoenCloudException("the training command's process on the instance ended without recording an"
            + " exit code: it was killed (by the out-of-memory killer or a person, for instance) or the instance"
            + " restarted (see the log)");
      }
      if (chunk.length < MAX_LOG_READ) {
        control.sleep(LambdaJob.POLL);
      }
    }
  }

  private static int lastIndexOf(byte[] b, byte v) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private void checkLimits() {
    Deadline d = ledger.deadline(spec);
    if (!ledger.instant().isBefore(d.at())) {
      throw new LambdaJob.Ended(JobState.FAILED, "stopped at " + d.why() + "; the instance was terminated");
    }
  }

}
