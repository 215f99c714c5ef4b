package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher process driving a job, as the journal records it: its pid, when it started (a pid
 * alone can be reused) and its host. On the same host it can be checked directly; from another
 * host only its heartbeat tells.
 */
record LauncherProcess(long pid, Instant started, String host) {
  /** Start times read by two processes may differ by their rounding; a real other process differs by far more. */
  private static final Duration SAME_START = Duration.ofSeconds(1);

  /** Tells whether a process runs on this host: its start time, if the pid is alive. */
  @FunctionalInterface
  interface Probe {
    /** The probe of this machine's process table. */
    Probe LOCAL = pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .map(h -> h.info().startInstant().orElse(Instant.EPOCH));

    /** The start time of the live process {@code pid} ({@link Instant#EPOCH} when unknown), or empty when none runs. */
    Optional<Instant> startOf(long pid);
  }

  /** This process. */
  static LauncherProcess current() {
    ProcessHandle self = ProcessHandle.current();
    return new LauncherProcess(self.pid(), self.info().startInstant().orElse(Instant.EPOCH), hostName());
  }

  /** The launcher recorded in a job's provider state, if one was. */
  static Optional<LauncherProcess> of(Map<String, String> state) {
    String pid = state.get(Keys.LAUNCHER_PID);
    String started = state.get(Keys.LAUNCHER_STARTED);
    String host = state.get(Keys.LAUNCHER_HOST);
    if (pid == null || started == null || host == null) {
      return Optional.empty();
    }
    return Optional.of(new LauncherProcess(Long.parseLong(pid), Instant.parse(started), host));
  }

  /** The provider-state entries that record this launcher. */
  Map<String, String> entries() {
    return Map.of(Keys.LAUNCHER_PID, Long.toString(pid), Keys.LAUNCHER_STARTED, started.toString(),
        Keys.LAUNCHER_HOST, host);
  }

  /**
   * Whether this launcher, recorded on the probe's host, is gone: no process has its pid, or the
   * one that has it started at another time (the pid was reused). A start time the system does
   * not tell counts as the same.
   */
  boolean isGone(Probe probe) {
    Optional<Instant> now = probe.startOf(pid);
    if (now.isEmpty()) {
      return true;
    }
    Instant s = now.get();
    return !s.equals(Instant.EPOCH) && !started.equals(Instant.EPOCH)
        && Duration.between(s, started).abs().compareTo(SAME_START) > 0;
  }

  @Override
  public String toString() {
    return "pid " + pid + " on " + host;
  }

  private static String hostName() {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    try {
      if (Files.isReadable(kernel)) {
        String h = Files.readString(kernel).strip();
        if (!h.isEmpty()) {
          return h;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
