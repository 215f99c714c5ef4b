package org.soen.cloud.lambdalabs.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.TransferException;

/**
 * Runs commands on one instance over SSH (Apache MINA SSHD client). The host key is pinned on
 * first sight (the pin is handed to {@code onPin} to be journaled) and any other key is refused.
 * A dropped connection is reopened on the next call.
 */
final class SshRunner implements AutoCloseable {
  private final SshClient client;
  private final String host;
  private final int port;
  private final String user;
  private final KeyPair key;
  private final Duration timeout;
  private final AtomicReference<String> pinned;
  private final Consumer<String> onPin;
  private volatile String refused;
  private ClientSession session;

  /** The outcome of a command. */
  record Result(int exitCode, String stdout, String stderr) {}

  SshRunner(String host, int port, String user, KeyPair key, Optional<String> pinnedHostKey,
      Consumer<String> onPin, Duration timeout) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.key = key;
    this.timeout = timeout;
    this.pinned = new AtomicReference<>(pinnedHostKey.orElse(null));
    this.onPin = onPin;
    this.client = SshClient.setUpDefaultClient();
    client.setCipherFactories(preferAesGcm(client.getCipherFactories()));
    client.setServerKeyVerifier(this::verify);
    client.start();
  }

  /**
   * The same ciphers with AES-GCM first: the JDK runs AES-GCM on AES-NI/CLMUL, while MINA's
   * chacha20-poly1305 (its default first choice) is plain Java and several times slower. Every
   * OpenSSH since 6.2 offers aes128-gcm@openssh.com; if a server does not, negotiation falls back
   * to the next common cipher as before.
   */
  static List<NamedFactory<Cipher>> preferAesGcm(List<NamedFactory<Cipher>> ciphers) {
    List<NamedFactory<Cipher>> ordered = new ArrayList<>();
    for (BuiltinCiphers gcm : List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm)) {
      if (gcm.isSupported()) {
        ordered.add(gcm);
      }
    }
    for (NamedFactory<Cipher> c : ciphers) {
      if (ordered.stream().noneMatch(o -> o.getName().equals(c.getName()))) {
        ordered.add(c);
      }
    }
    return ordered;
  }

  /** Reads a private key file (OpenSSH or PEM); a clear configuration error otherwise. */
  static KeyPair loadKey(Path file) {
    try {
      Iterable<KeyPair> pairs = SecurityUtils.getKeyPairResourceParser().loadKeyPairs(null, file, null);
      Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
      if (it == null || !it.hasNext()) {
        throw new ConfigurationException("lambda.ssh_private_key",
            "no private key found in " + file + "; expected an OpenSSH or PEM private key without a passphrase");
      }
      return it.next();
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException("lambda.ssh_private_key", "cannot read " + file + ": " + e.getMessage()
          + "; expected an OpenSSH or PEM private key without a passphrase");
    }
  }

  private boolean verify(ClientSession s, SocketAddress remote, PublicKey serverKey) {
    String offered = KeyUtils.getFingerPrint(serverKey);
    String pin = pinned.get();
    if (pin == null) {
      pinned.set(offered);
      onPin.accept(offered);
      return true;
    }
    if (pin.equals(offered)) {
      return true;
    }
    refused = "the SSH host key of " + host + ":" + port + " changed: pinned " + pin + ", offered " + offered
        + "; refusing to connect (another machine answers at this address, or a man in the middle)";
    return false;
  }

  /** The pinned host key fingerprint, once known. */
  Optional<String> hostKey() {
    return Optional.ofNullable(pinned.get());
  }

  /** Opens (or reuses) an authenticated session. */
  synchronized ClientSession session() throws IOException {
    if (session != null && session.isOpen() && !session.isClosing()) {
      return session;
    }
    if (session != null) {
      session.close(true);
    }
    refused = null;
    ClientSession s = null;
    try {
      s = client.connect(user, host, port).verify(timeout).getSession();
      s.addPublicKeyIdentity(key);
      s.auth().verify(timeout);
    } catch (IOException e) {
      if (s != null) {
        s.close(true);
      }
      if (refused != null) {
        throw new HostKeyChanged(refused, e);
      }
      throw e;
    }
    session = s;
    return s;
  }

  /** Thrown when the host key differs from the pinned one; never retried. */
  static final class HostKeyChanged extends TransferException {
    private static final long serialVersionUID = 1L;

    HostKeyChanged(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Runs {@code command}, feeding {@code stdin} (may be null) and collecting output. */
  Result run(String command, InputStream stdin) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = exec(command, stdin, out, err);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs {@code command}, copying {@code stdin} (may be null) to it and its output to
   * {@code out}; returns the exit code. An IOException means the connection was lost.
   */
  int exec(String command, InputStream stdin, OutputStream out, OutputStream err) throws IOException {
    return execWriting(command, stdin == null ? null : stdin::transferTo, out, err);
  }

  /** Writes a command's stdin into the channel; the stream is closed (EOF) afterwards. */
  @FunctionalInterface
  interface StdinWriter {
    void writeTo(OutputStream remote) throws IOException;
  }

  /**
   * Runs {@code command}, letting {@code stdin} (may be null) write straight into the channel
   * on this thread, and copying its output to {@code out}; returns the exit code. An
   * IOException means the connection was lost. Should the command exit while its input is
   * still being written (say, the remote tar failed), its exit code is returned.
   */
  int execWriting(String command, StdinWriter stdin, OutputStream out, OutputStream err) throws IOException {
    ClientSession s = session();
    try (ChannelExec ch = s.createExecChannel(command)) {
      ch.setOut(out);
      ch.setErr(err);
      if (stdin == null) {
        ch.setIn(InputStream.nullInputStream());
      }
      ch.open().verify(timeout);
      if (stdin != null) {
        try (OutputStream remote = ch.getInvertedIn()) {
          stdin.writeTo(remote);
        } catch (IOException e) {
          // the command may have exited early (its output says why); otherwise the connection is gone
          ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS),
              Math.min(timeout.toMillis(), 5_000L));
          if (ch.getExitStatus() == null) {
            throw e;
          }
        }
      }
      ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), 0L);
      Integer status = ch.getExitStatus();
      if (status == null) {
        ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
        status = ch.getExitStatus();
      }
      if (status == null) {
        throw new IOException("the SSH connection to " + host + ":" + port + " closed before `"
            + abbreviate(command) + "` reported an exit status");
      }
      ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
      return status;
    }
  }

  private static String abbreviate(String command) {
    return command.length() > 80 ? command.substring(0, 80) + "..." : command;
  }

  @Override
  public synchronized void close() {
    try {
      if (session != null) {
        session.close(true);
      }
    } finally {
      client.stop();
    }
  }
}
