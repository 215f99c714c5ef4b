package org.soen.cloud.lambdalabs.internal;

import java.util.List;

/**
 * The shell the launcher sends to an instance to start things that must outlive the SSH
 * connection, and to learn how they ended. Every process started here is detached ({@code setsid},
 * all three standard streams redirected, in a brace group of its own), so the SSH channel closes as
 * soon as the command that started it returns: a backgrounded and-list ({@code a && b &}) would be
 * a subshell that keeps the channel's output open under bash, the login shell of Lambda's images.
 */
final class RemoteScripts {
  /** What {@link #exitCode} and {@link #step} print when a process is gone without an exit code. */
  static final String LOST = "lost";
  /** Seconds a step may go without a pid file before its start counts as lost. */
  private static final int PID_GRACE_SECONDS = 30;

  private RemoteScripts() {}

  /**
   * Starts the training command detached in {@code run}, marking it started first (so that it is
   * never started twice) and writing its pid, its output to {@code .soen/run.log} and, before it
   * exits, its exit code to {@code .soen/exit_code}. Returns as soon as it runs.
   */
  static String startTraining(String run, List<String> command) {
    // .soen/pid lets exitCode() tell a command that still runs from one killed before it wrote its exit code.
    String script = "echo $$ > .soen/pid; set -a; . ./.soen/env; set +a; " + Shell.join(command)
        + "; echo $? > .soen/exit_code.tmp; mv .soen/exit_code.tmp .soen/exit_code";
    return "cd " + Shell.quote(run) + " && : > .soen/started && { setsid nohup sh -c " + Shell.quote(script)
        + " > .soen/run.log 2>&1 < /dev/null & }";
  }

  /**
   * Prints the training command's exit code; or {@link #LOST} once its process is gone and no exit
   * code appeared after it ended (the file is moved into place before the process exits, so none
   * ever will); or nothing while it runs or before it wrote its pid.
   */
  static String exitCode(String run) {
    String soen = Shell.quote(run + "/.soen");
    return "cat " + soen + "/exit_code 2>/dev/null || { p=$(cat " + soen + "/pid 2>/dev/null)"
        + " && [ -n \"$p\" ] && ! kill -0 \"$p\" 2>/dev/null && [ ! -e " + soen + "/exit_code ] && echo " + LOST + "; }";
  }

  /**
   * Runs {@code command} once as step {@code name} (such as {@code setup-1}) of {@code run}, with
   * the login shell, and prints its exit code when it has ended, or {@link #LOST}.
   *
   * <p>Exactly once: the step is started only if no start was recorded before ({@code mkdir} of
   * {@code .soen/steps/<name>.started} is the atomic marker), detached, so that it finishes even
   * when the launcher or its connection dies; its exit code lands in {@code .soen/steps/<name>.exit}
   * (moved into place before it exits) and its output in {@code .soen/steps/<name>.log}. Sent again
   * after a resume, the script starts nothing and waits for the step that already ran or runs.
   */
  static String step(String run, String name, String command) {
    String s = Shell.quote(".soen/steps/" + name);
    String body = "echo $$ > \"$0.pid\"; \"${SHELL:-/bin/sh}\" -c \"$1\"; echo $? > \"$0.exit.tmp\";"
        + " mv \"$0.exit.tmp\" \"$0.exit\"";
    return "mkdir -p -- " + Shell.quote(run + "/.soen/steps") + " && cd " + Shell.quote(run) + " || exit 1; s=" + s + "; "
        + "if [ ! -e \"$s.exit\" ] && mkdir \"$s.started\" 2>/dev/null; then "
        + "{ nohup setsid sh -c " + Shell.quote(body) + " \"$s\" " + Shell.quote(command)
        + " > \"$s.log\" 2>&1 < /dev/null & }; wait $!; fi; "
        + "n=0; while [ ! -e \"$s.exit\" ]; do p=$(cat \"$s.pid\" 2>/dev/null); "
        + "if [ -n \"$p\" ]; then kill -0 \"$p\" 2>/dev/null || [ -e \"$s.exit\" ] || { echo " + LOST + "; exit 0; }; "
        + "else n=$((n+1)); [ \"$n\" -gt " + PID_GRACE_SECONDS + " ] && { echo " + LOST + "; exit 0; }; fi; "
        + "sleep 1; done; cat \"$s.exit\"";
  }

  /** Prints the output of step {@code name} of {@code run}. */
  static String stepLog(String run, String name) {
    return "cat " + Shell.quote(run + "/.soen/steps/" + name + ".log") + " 2>/dev/null";
  }

  /**
   * Starts the autodown watchdog written to {@code .soen/autodown.sh} of {@code run}, detached,
   * unless the one started before still runs.
   */
  static String startWatchdog(String run) {
    return "cd " + Shell.quote(run) + " && { p=$(cat .soen/autodown.pid 2>/dev/null); [ -n \"$p\" ] && kill -0 \"$p\""
        + " 2>/dev/null || { setsid sh .soen/autodown.sh > /dev/null 2>&1 < /dev/null & }; }";
  }

  /** Tells the watchdog of {@code run} a launcher attends: {@code mark} replaces {@code .soen/attended}. */
  static String attend(String run, String mark) {
    return "echo " + Shell.quote(mark) + " > " + Shell.quote(run + "/.soen/attended") + " 2>/dev/null; true";
  }

  /**
   * {@code command}, marked for the watchdog of {@code run} as a launcher action in progress while
   * it runs (its pid in {@code .soen/attending.pid}): an upload or a download may take longer than
   * the idle time.
   */
  static String attending(String run, String command) {
    String soen = Shell.quote(run + "/.soen");
    return "mkdir -p -- " + soen + " && echo $$ > " + soen + "/attending.pid && " + command;
  }
}
