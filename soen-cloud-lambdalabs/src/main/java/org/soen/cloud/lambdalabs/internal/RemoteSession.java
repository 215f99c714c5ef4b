package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.TransferException;

/**
 * The SSH session of one job with its instance: opened on first use with the journaled address
 * and pinned host key, reopened after a dropped connection (an action is retried a few times), and
 * closed before the instance is terminated. Knows the job's folder on the instance.
 */
final class RemoteSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteSession.class);
  private static final int ATTEMPTS = 5;

  private final Ledger ledger;
  private final JobSpec spec;
  private final JobControl control;
  private SshRunner ssh;

  RemoteSession(Ledger ledger, JobSpec spec, JobControl control) {
    this.ledger = ledger;
    this.spec = spec;
    this.control = control;
  }

  /** An SSH action that may find the connection gone. */
  @FunctionalInterface
  interface SshAction<T> {
    T run(SshRunner r) throws IOException;
  }

  /** Waits until the instance answers on SSH (the {@code SSH} step). */
  void awaitReachable() {
    Instant deadline = ledger.instant().plusSeconds(spec.sshTimeoutSeconds());
    IOException last = null;
    while (ledger.instant().isBefore(deadline)) {
      control.checkStop();
      try {
        SshRunner.Result r = runner().run("true", null);
        if (r.exitCode() == 0) {
          ledger.put(Map.of(Keys.T_SSH, ledger.now()));
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      control.sleep(Duration.ofSeconds(5));
    }
    throw new TransferException("SSH on " + ledger.require(Keys.IP) + " did not answer within "
        + Duration.ofSeconds(spec.sshTimeoutSeconds()).toMinutes() + " minutes"
        + (last != null ? ": " + Errors.describe(last) : ""), last);
  }

  /** Runs an SSH action, reconnecting after drops; a changed host key is never retried. */
  <T> T withSsh(String what, SshAction<T> action) {
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      control.checkStop();
      try {
        return action.run(runner());
      } catch (IOException e) {
        last = e;
        LOG.debug("SSH {} on job {} failed (attempt {}): {}", what, ledger.jobId(), attempt, Errors.describe(e));
        ledger.notice("SSH connection lost during " + what + "; reconnecting");
        control.sleep(Duration.ofSeconds(Math.min(30, 2L << attempt)));
      }
    }
    throw new TransferException("SSH " + what + " on " + ledger.require(Keys.IP) + " failed after " + ATTEMPTS
        + " attempts: " + Errors.describe(last), last);
  }

  private SshRunner runner() {
    if (ssh == null) {
      KeyPair key = SshRunner.loadKey(Path.of(spec.sshPrivateKey()));
      ssh = new SshRunner(ledger.require(Keys.IP), Integer.parseInt(ledger.get(Keys.SSH_PORT).orElse("22")),
          spec.sshUser(), key, ledger.get(Keys.HOST_KEY), pin -> ledger.put(Map.of(Keys.HOST_KEY, pin)),
          Duration.ofSeconds(30));
    }
    return ssh;
  }

  /** The job's folder on the instance, chosen once and journaled. */
  String remoteRun() {
    return ledger.get(Keys.REMOTE_RUN).orElseGet(() -> {
      String dir = spec.remoteDir().replaceAll("/+$", "") + "/" + ledger.jobId();
      ledger.put(Map.of(Keys.REMOTE_RUN, dir));
      return dir;
    });
  }

  /** {@code r}, or a failure naming {@code what} with the end of its error output. */
  static SshRunner.Result check(String what, SshRunner.Result r) {
    if (r.exitCode() != 0) {
      throw new SoenCloudException(what + " failed with exit code " + r.exitCode() + ": " + tail(r.stderr()));
    }
    return r;
  }

  /** The last 500 characters of {@code s}, for a message. */
  static String tail(String s) {
    String t = s.strip();
    return t.length() > 500 ? "..." + t.substring(t.length() - 500) : t;
  }

  /** Closes the connection, if open; the next action opens a new one. */
  @Override
  public void close() {
    if (ssh != null) {
      ssh.close();
      ssh = null;
    }
  }
}
