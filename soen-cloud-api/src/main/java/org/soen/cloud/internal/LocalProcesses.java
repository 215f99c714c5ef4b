package org.soen.cloud.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.SoenCloudException;

/**
 * The local provider's processes: starting a job's command apart from the launcher, finding it
 * again from what the journal recorded, reading how it ended, and ending its whole tree.
 */
final class LocalProcesses {
  /** Runs the command, then records its exit code atomically; positional arguments need no quoting. */
  private static final String WRAPPER =
      "\"$@\"; code=$?; printf '%s\\n' \"$code\" > \"$SOEN_EXIT_CODE_FILE.tmp\" && "
          + "mv \"$SOEN_EXIT_CODE_FILE.tmp\" \"$SOEN_EXIT_CODE_FILE\"; exit $code";
  /** util-linux setsid(1), on every Linux; elsewhere the job stays in the launcher's session. */
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private LocalProcesses() {}

  /**
   * Starts {@code config}'s command in its base folder with its environment, its secrets and
   * {@code jobEnv}, output appended to {@code log}; the exit code goes to
   * {@code $SOEN_EXIT_CODE_FILE}, which {@code jobEnv} names.
   */
  static Process launch(CloudConfig config, Path log, Map<String, String> jobEnv) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      // In a session of its own, as a cloud job runs apart from its launcher: Ctrl-C on the
      // launcher's terminal (sent to its whole foreground group) reaches the launcher only, which
      // then stops the job or detaches from it, and closing that terminal does not hang it up.
      // The child is not a group leader, so setsid(1) execs in place and the pid stays the same.
      command.add(SETSID.toString());
    }
    command.addAll(List.of("/bin/sh", "-c", WRAPPER, "soen-job"));
    command.addAll(config.command());
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(config.baseDirectory().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.putAll(config.environment());
    env.putAll(config.secretEnvironment());
    env.putAll(jobEnv);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new SoenCloudException("cannot start " + config.command() + " in " + config.baseDirectory() + ": "
          + e.getMessage() + "; check cloud.command", e);
    }
  }

  /**
   * The job's process from its recorded {@code pid} and {@code pid_started}, if it is still the one
   * we started (guards against PID reuse).
   */
  static Optional<ProcessHandle> process(Map<String, String> state) {
    String pid = state.get("pid");
    if (pid == null) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(pid)).filter(ph -> {
      String expected = state.getOrDefault("pid_started", "");
      return expected.isEmpty() || ph.info().startInstant().map(Instant::toString).orElse("").equals(expected);
    });
  }

  /** The exit code the wrapper wrote, if it did. */
  static Optional<Integer> readExitCode(Path file) {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      return Optional.of(Integer.parseInt(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Ends the whole tree: children first so none is orphaned, gracefully, then forcibly. */
  static void terminateTree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>();
    root.descendants().forEach(tree::add);
    tree.sort(Comparator.comparingLong(ProcessHandle::pid).reversed());
    tree.add(root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      try {
        p.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        // still alive after the grace period
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
