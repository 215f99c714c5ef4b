package org.soen.cloud.testkit.lambda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * Runs an exec request in a sandbox folder that is also {@code HOME}, the way an instance's sshd
 * would: with the login shell of Lambda's Ubuntu user, {@code bash -c} ({@code /bin/sh -c} where
 * bash is missing). The shell matters: bash keeps a backgrounded and-list ({@code a && b &}) in a
 * subshell that holds the session's output open, where dash would not. Every process carries {@code SOEN_FAKE_INSTANCE} in its
 * environment so that terminating the fake instance can kill what it started, detached or not. Its
 * value is unique on the machine, not just the instance id, because fakes in other tests and other
 * JVMs hand out the same ids and their processes must live on.
 */
public final class SandboxCommand implements Command {
  private static final String LOGIN_SHELL = java.nio.file.Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";
  private final String command;
  private final Path sandbox;
  private final String processMarker;
  private final LongPredicate dropAfterStdinBytes;
  private final Map<String, String> environment;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;
  private ChannelSession channel;

  /**
   * @param processMarker the value of {@code SOEN_FAKE_INSTANCE}: names the instance, unique on the machine
   * @param environment more variables for the command (such as a {@code PATH} with the instance's clock)
   * @param dropAfterStdinBytes asked with the running total of stdin bytes; true closes the session
   */
  public SandboxCommand(String command, Path sandbox, String processMarker, Map<String, String> environment,
      LongPredicate dropAfterStdinBytes) {
    this.command = command;
    this.sandbox = sandbox;
    this.processMarker = processMarker;
    this.dropAfterStdinBytes = dropAfterStdinBytes;
    this.environment = Map.copyOf(environment);
  }

  /**
   * A process of an instance: run in {@code sandbox} (also its {@code HOME}) with the login shell
   * as {@code SHELL}, {@code environment} added, and {@code SOEN_FAKE_INSTANCE} set to
   * {@code processMarker} so that terminating the instance finds it.
   */
  public static ProcessBuilder inSandbox(List<String> argv, Path sandbox, String processMarker,
      Map<String, String> environment) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(sandbox.toFile());
    Map<String, String> e = pb.environment();
    e.putAll(environment);
    e.put("HOME", sandbox.toString());
    e.put("SHELL", LOGIN_SHELL);
    e.put("SOEN_FAKE_INSTANCE", processMarker);
    e.put("PWD", sandbox.toString());
    return pb;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback callback) {
    this.exit = callback;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    this.channel = channel;
    process = inSandbox(List.of(LOGIN_SHELL, "-c", command), sandbox, processMarker, environment).start();
    Thread stdin = new Thread(this::pumpStdin, "fake-lambda-stdin");
    stdin.setDaemon(true);
    stdin.start();
    Thread stdout = pump(process.getInputStream(), out, "fake-lambda-stdout");
    Thread stderr = pump(process.getErrorStream(), err, "fake-lambda-stderr");
    Thread waiter = new Thread(() -> {
      int code;
      try {
        code = process.waitFor();
        stdout.join();
        stderr.join();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        code = 255;
      }
      exit.onExit(code);
    }, "fake-lambda-exit");
    waiter.setDaemon(true);
    waiter.start();
  }

  private void pumpStdin() {
    AtomicLong total = new AtomicLong();
    byte[] buf = new byte[32 * 1024];
    try (OutputStream p = process.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        p.write(buf, 0, n);
        if (dropAfterStdinBytes.test(total.addAndGet(n))) {
          process.destroyForcibly();
          channel.getSession().close(true);
          return;
        }
      }
    } catch (IOException ignored) {
      // the process or the channel went away; the exit callback reports the outcome
    }
  }

  private static Thread pump(InputStream from, OutputStream to, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[32 * 1024];
      try {
        int n;
        while ((n = from.read(buf)) >= 0) {
          to.write(buf, 0, n);
          to.flush();
        }
      } catch (IOException ignored) {
        // channel closed
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void destroy(ChannelSession channel) {
    Process p = process;
    if (p != null) {
      p.destroy();
    }
  }
}
