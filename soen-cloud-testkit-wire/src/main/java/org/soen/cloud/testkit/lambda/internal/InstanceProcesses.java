package org.soen.cloud.testkit.lambda.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The processes of a fake instance, found by the {@code SOEN_FAKE_INSTANCE} value that
 * {@link SandboxCommand} puts in their environment: detached ones included, and only those of one
 * instance of one fake on the machine.
 */
public final class InstanceProcesses {
  private static final long SWITCH_OFF_NANOS = 5_000_000_000L;

  private InstanceProcesses() {}

  /**
   * Kills every process on the machine whose {@code SOEN_FAKE_INSTANCE} is {@code processMarker}
   * and waits (at most 5 s) until they are gone, like a machine that is switched off: nothing of
   * the instance runs once terminate answers.
   */
  public static void kill(String processMarker) {
    byte[] marker = ("SOEN_FAKE_INSTANCE=" + processMarker).getBytes(StandardCharsets.UTF_8);
    List<ProcessHandle> killed = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(p -> {
      try {
        byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
        if (indexOf(env, marker) >= 0 && p.destroyForcibly()) {
          killed.add(p);
        }
      } catch (IOException | RuntimeException ignored) {
        // not ours, or gone
      }
    });
    long deadline = System.nanoTime() + SWITCH_OFF_NANOS;
    for (ProcessHandle p : killed) {
      while (isRunning(p.pid()) && System.nanoTime() < deadline) {
        LockSupport.parkNanos(5_000_000L);
      }
    }
  }

  /** Whether {@code pid} exists and is not a zombie waiting to be reaped. */
  public static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z' && stat.charAt(close + 2) != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** Where {@code needle} stands as a whole NUL-separated entry of {@code hay}; -1 when it does not. */
  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (i > 0 && hay[i - 1] != 0) {
        continue;
      }
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      if (i + needle.length == hay.length || hay[i + needle.length] == 0) {
        return i;
      }
    }
    return -1;
  }
}
