package org.soen.cloud.lambdalabs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The launcher's end of its {@link LaunchGuard}: starts the guard process with the API key on its
 * standard input (a pipe that stays open while this launcher lives), tells it the instance's id,
 * and disarms it once the instance's watchdog is armed or the job ended. A launcher that dies
 * without disarming it closes the pipe, and the guard terminates the instance.
 *
 * <p>On Linux the guard starts in a session of its own ({@code setsid}), so closing the terminal or
 * Ctrl-C in it does not end the guard with the launcher; elsewhere it shares the launcher's.
 */
final class LaunchGuardProcess {
  private final Process process;
  private final OutputStream pipe;
  private boolean closed;

  private LaunchGuardProcess(Process process) {
    this.process = process;
    this.pipe = process.getOutputStream();
  }

  /** How the guard keeps time: the machine's clock ({@code clockUrl} empty), or a test's clock served over HTTP. */
  record Timing(Optional<URI> clockUrl, Duration poll) {
    static final Timing SYSTEM = new Timing(Optional.empty(), Duration.ofSeconds(10));
  }

  /**
   * Starts a guard of the instance named {@code name}, reachable through {@code api}, that
   * terminates it {@code grace} after this launcher is gone; its report goes to {@code log}, and
   * the jars it needs that sit nested in another jar are copied once into {@code libCache}, shared by
   * every job since each copy is named by its content ({@link GuardClassPath}).
   * An UncheckedIOException says why the guard cannot start.
   */
  static LaunchGuardProcess start(LambdaApi api, String name, Duration grace, Timing timing, Path log,
      Path libCache) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()));
    command.addAll(List.of("-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
        GuardClassPath.of(libCache), LaunchGuard.class.getName()));
    try {
      Files.createDirectories(log.getParent());
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      LaunchGuardProcess guard = new LaunchGuardProcess(p);
      ObjectNode hello = new ObjectMapper().createObjectNode().put("api_url", api.base().toString())
          .put("api_key", api.apiKey()).put("name", name).put("grace_seconds", grace.toSeconds())
          .put("poll_millis", timing.poll().toMillis());
      timing.clockUrl().ifPresent(u -> hello.put("clock_url", u.toString()));
      guard.send(hello.toString());
      return guard;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the launch guard (" + String.join(" ", command.subList(0,
          command.size() - 4)) + " ...): " + e.getMessage(), e);
    }
  }

  /** Tells the guard the instance's id. */
  synchronized void instance(String id) {
    send(LaunchGuard.INSTANCE + id);
  }

  /** Ends the guard without terminating anything: the watchdog is armed, or the job ended. */
  synchronized void disarm() {
    send(LaunchGuard.DISARM);
    close();
  }

  /**
   * Closes the pipe without disarming, which is what this launcher's death does: the guard
   * terminates the instance. For tests, which cannot kill the JVM they run in.
   */
  synchronized void abandon() {
    close();
  }

  /** The guard's exit code if it has already ended, as one that could not load its classes does. */
  Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** The guard's process. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  private void send(String line) {
    if (closed) {
      return;
    }
    try {
      pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      pipe.flush();
    } catch (IOException e) {
      // The guard is gone: it ended by itself, or was killed; nothing left to tell it.
      closed = true;
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pipe.close();
    } catch (IOException e) {
      // Already closed by the guard's end.
    }
  }
}
