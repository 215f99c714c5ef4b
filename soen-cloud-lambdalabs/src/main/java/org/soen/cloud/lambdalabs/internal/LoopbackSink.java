package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.time.Duration;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;

/**
 * A throwaway SSH server inside this JVM, for {@link UploadWarmup}: it listens on 127.0.0.1 only,
 * on a port the system picks, with a host key made for it in memory, admits only the one key pair it
 * also makes in memory (no password, keyboard-interactive, host-based or GSS login), offers no
 * shell, subsystem or forwarding, and answers every exec request by reading the channel's input to
 * its end and dropping it, running nothing. {@link #client()} is an {@link SshRunner} with the host
 * key pinned, so the warm-up goes through the same client code, key exchange, cipher and channel as
 * the upload. Closing it stops both ends.
 */
final class LoopbackSink implements AutoCloseable {
  private static final String USER = "warmup";

  private final SshServer server;
  private final SshRunner client;

  private LoopbackSink(SshServer server, SshRunner client) {
    this.server = server;
    this.client = client;
  }

  /** Starts the server and a client for it (not yet connected). */
  static LoopbackSink start(Duration timeout) throws IOException {
    KeyPair hostKey = ed25519();
    KeyPair userKey = ed25519();
    SshServer server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
        && KeyUtils.compareKeys(key, userKey.getPublic()));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setHostBasedAuthenticator(null);
    server.setGSSAuthenticator(null);
    server.setShellFactory(null);
    server.setSubsystemFactories(List.of());
    server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
    server.setCommandFactory((channel, command) -> new Discard());
    server.start();
    try {
      SshRunner client = new SshRunner("127.0.0.1", server.getPort(), USER, userKey,
          Optional.of(KeyUtils.getFingerPrint(hostKey.getPublic())), pin -> {}, timeout);
      return new LoopbackSink(server, client);
    } catch (RuntimeException e) {
      server.stop(true);
      throw e;
    }
  }

  private static KeyPair ed25519() throws IOException {
    try {
      KeyPairGenerator g = SecurityUtils.getKeyPairGenerator(SecurityUtils.EDDSA);
      g.initialize(256);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot make an Ed25519 key for the upload warm-up: " + e.getMessage(), e);
    }
  }

  /** The client, the server's host key pinned. */
  SshRunner client() {
    return client;
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
    } finally {
      server.stop(true);
    }
  }

  /** Reads its input to the end on a thread of its own, drops it, and exits 0. */
  private static final class Discard implements Command {
    private InputStream in;
    private ExitCallback exit;
    private Thread reader;

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      // nothing is written back
    }

    @Override
    public void setErrorStream(OutputStream err) {
      // nothing is written back
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      reader = new Thread(() -> {
        int code = 0;
        try {
          in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
          code = 1;
        }
        exit.onExit(code);
      }, "soen-upload-warmup-sink");
      reader.setDaemon(true);
      reader.setPriority(Thread.MIN_PRIORITY);
      reader.start();
    }

    @Override
    public void destroy(ChannelSession channel) throws InterruptedException {
      if (reader != null) {
        reader.interrupt();
        reader.join(5_000);
      }
    }
  }
}
