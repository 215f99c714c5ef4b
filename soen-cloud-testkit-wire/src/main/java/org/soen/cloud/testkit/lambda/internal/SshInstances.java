package org.soen.cloud.testkit.lambda.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The fake's instances as SSH servers: one embedded MINA server per instance on 127.0.0.1 that
 * accepts the launch's key only and runs each exec request in the instance's sandbox, with the
 * scripted failures of its {@link FakeAccount} (a session dropped on a command or during an
 * upload); and switching an instance off: its connections reset, its processes killed.
 */
public final class SshInstances {
  private final FakeAccount account;
  private final ProcessSandbox sandbox;

  public SshInstances(FakeAccount account, ProcessSandbox sandbox) {
    this.account = account;
    this.sandbox = sandbox;
  }

  /** Starts the SSH server of instance {@code id}, which accepts {@code authorizedKey} (an OpenSSH public key line). */
  public SshServer start(String id, Path folder, String authorizedKey) throws IOException {
    SshServer ssh = SshServer.setUpDefaultServer();
    ssh.setHost("127.0.0.1");
    ssh.setPort(0);
    ssh.setKeyPairProvider(newHostKey());
    ssh.setPublickeyAuthenticator((user, key, session) -> {
      try {
        return KeyUtils.compareKeys(key, PublicKeyEntry.parsePublicKeyEntry(authorizedKey).resolvePublicKey(null, null, null));
      } catch (Exception e) {
        return false;
      }
    });
    ssh.setPasswordAuthenticator(null);
    ssh.setKeyboardInteractiveAuthenticator(null);
    ssh.setCommandFactory((channel, command) -> {
      synchronized (account) {
        FakeInstance self = account.instances.get(id);
        if (self != null) {
          self.commands.add(command);
        }
        for (int k = 0; k < account.dropOnCommand.size(); k++) {
          if (account.dropOnCommand.get(k).test(command)) {
            account.dropOnCommand.remove(k);
            channel.getSession().close(true);
            break;
          }
        }
      }
      AtomicLong once = new AtomicLong();
      return sandbox.command(id, folder, command, total -> {
        synchronized (account) {
          if (account.dropUploadAfterBytes >= 0 && total >= account.dropUploadAfterBytes && once.getAndIncrement() == 0) {
            account.dropUploadAfterBytes = -1;
            return true;
          }
          return false;
        }
      });
    });
    ssh.start();
    return ssh;
  }

  /** Gives the instance's SSH server a new host key, as a different machine would have. */
  public void changeHostKey(FakeInstance i) {
    i.ssh.setKeyPairProvider(newHostKey());
  }

  /**
   * Switches the instance off: the SSH connections still open are reset (their clients see a
   * reset, as when a machine goes away), its processes killed, its server stopped.
   */
  public void switchOff(FakeInstance i) {
    i.link.switchOff();
    sandbox.kill(i.id);
    stop(i);
  }

  /** Closes the instance's link, kills its processes and stops its server, when the fake closes. */
  public void close(FakeInstance i) {
    i.link.close();
    sandbox.kill(i.id);
    stop(i);
  }

  private static void stop(FakeInstance i) {
    try {
      i.ssh.stop(true);
    } catch (IOException ignored) {
      // already stopped
    }
  }

  private static SimpleGeneratorHostKeyProvider newHostKey() {
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider();
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    keys.setKeySize(256);
    return keys;
  }
}
