package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH runner against Debian's OpenSSH server, started by this test on 127.0.0.1 with a
 * generated host key and authorized key. Skipped where /usr/sbin/sshd is missing, except on CI
 * (CI=true), where that is a failure: `.ci/run` installs openssh-server.
 */
class OpenSshRunnerIT {
  private static final Path SSHD = Path.of("/usr/sbin/sshd");
  @TempDir static Path dir;
  static Process sshd;
  static int port;
  static KeyPair key;

  @BeforeAll
  static void startSshd() throws Exception {
    if (!Files.isExecutable(SSHD)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but " + SSHD + " is missing: .ci/run must `apt-get install -y openssh-server`");
      }
      Assumptions.abort(SSHD + " is missing; install openssh-server to run the OpenSSH tests");
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    key = g.generateKeyPair();
    try (OutputStream out = Files.newOutputStream(dir.resolve("client_key"))) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "client", null, out);
    }
    Files.writeString(dir.resolve("authorized_keys"), PublicKeyEntry.toString(key.getPublic()) + "\n");
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
        dir.resolve("host_key").toString()).redirectErrorStream(true).start();
    assertThat(keygen.waitFor()).as(new String(keygen.getInputStream().readAllBytes())).isZero();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd"));
    }
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "ListenAddress 127.0.0.1",
        "Port " + port,
        "HostKey " + dir.resolve("host_key"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes",
        "PermitRootLogin prohibit-password",
        "StrictModes no",
        "UsePAM no",
        "PidFile " + dir.resolve("sshd.pid"),
        ""));
    sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).start();
    BufferedReader log = new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = log.readLine()) != null) {
      seen.add(line);
      if (line.contains("Server listening on 127.0.0.1")) {
        break;
      }
    }
    assertThat(line).as("sshd did not start: " + seen).isNotNull();
    Thread drain = new Thread(() -> {
      try {
        log.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // sshd stopped
      }
    });
    drain.setDaemon(true);
    drain.start();
  }

  @AfterAll
  static void stopSshd() {
    if (sshd != null) {
      sshd.destroy();
    }
  }

  private SshRunner runner(Optional<String> pin, AtomicReference<String> pinned) {
    return new SshRunner("127.0.0.1", port, System.getProperty("user.name"),
        SshRunner.loadKey(dir.resolve("client_key")), pin, pinned::set, Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("commands with quoted metacharacters run on OpenSSH and the host key is pinned on first sight")
  void runsQuotedCommands() throws Exception {
    AtomicReference<String> pinned = new AtomicReference<>();
    try (SshRunner r = runner(Optional.empty(), pinned)) {
      String arg = "it's $(id) `x` ; | & \"q\" *";
      SshRunner.Result res = r.run("printf '%s' " + Shell.quote(arg), null);
      assertThat(res.exitCode()).isZero();
      assertThat(res.stdout()).isEqualTo(arg);
      assertThat(r.run("exit 5", null).exitCode()).isEqualTo(5);
    }
    assertThat(pinned.get()).startsWith("SHA256:");
    try (SshRunner again = runner(Optional.of(pinned.get()), new AtomicReference<>())) {
      assertThat(again.run("true", null).exitCode()).isZero();
    }
  }

  @Test
  @DisplayName("starting the training returns on OpenSSH as soon as it runs detached, while it still runs")
  void trainingStart_returnsWhileTheTrainingStillRuns() throws Exception {
    Path run = Files.createDirectories(dir.resolve("start it's/.soen")).getParent();
    Files.writeString(run.resolve(".soen/env"), "");
    try (SshRunner r = new SshRunner("127.0.0.1", port, System.getProperty("user.name"),
        SshRunner.loadKey(dir.resolve("client_key")), Optional.empty(), pin -> {}, Duration.ofHours(1))) {
      assertThat(r.run("true", null).exitCode()).as("connected").isZero();
      long t0 = System.nanoTime();
      SshRunner.Result started = r.run(RemoteScripts.startTraining(run.toString(),
          List.of("sh", "-c", "while [ ! -e release ]; do sleep 0.05; done; echo trained")), null);
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertThat(started.exitCode()).as(started.stderr()).isZero();
      assertThat(run.resolve(".soen/exit_code")).as("the training still runs").doesNotExist();
      System.out.println("the training start on OpenSSH returned after " + ms + " ms");
      Files.writeString(run.resolve("release"), "");
    }
  }

  @Test
  @DisplayName("a setup command runs once on OpenSSH even when its script is sent again")
  void step_sentTwice_runsOnce() throws Exception {
    Path run = Files.createDirectories(dir.resolve("steps run"));
    try (SshRunner r = runner(Optional.empty(), new AtomicReference<>())) {
      String script = RemoteScripts.step(run.toString(), "setup-1", "echo once >> ledger; echo out; exit 3");
      assertThat(r.run(script, null).stdout().strip()).isEqualTo("3");
      assertThat(r.run(script, null).stdout().strip()).isEqualTo("3");
      assertThat(r.run(RemoteScripts.stepLog(run.toString(), "setup-1"), null).stdout()).isEqualTo("out\n");
    }
    assertThat(Files.readAllLines(run.resolve("ledger"))).containsExactly("once");
  }

  @Test
  @DisplayName("a host key other than the pinned one is refused")
  void refusesOtherHostKey() {
    try (SshRunner r = runner(Optional.of("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), new AtomicReference<>())) {
      assertThatThrownBy(() -> r.run("true", null)).isInstanceOf(SshRunner.HostKeyChanged.class)
          .hasMessageContaining("the SSH host key of 127.0.0.1:" + port + " changed: pinned SHA256:AAAA")
          .hasMessageContaining("refusing to connect");
    }
  }

  @Test
  @DisplayName("a dataset streams as tar into OpenSSH's tar, a file comes back byte for byte, and a relisting finds only a deleted file missing")
  void uploadsAndDownloads() throws Exception {
    Path data = Files.createDirectories(dir.resolve("local/ds it's"));
    LambdaFixture.writeDataset(data);
    Path remote = dir.resolve("remote/run $x");
    TarStream tar = TarStream.of(data);
    try (SshRunner r = runner(Optional.empty(), new AtomicReference<>())) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = r.execWriting(tar.extractCommand(remote.toString()), out -> tar.writeTo(out, b -> {}),
          OutputStream.nullOutputStream(), err);
      assertThat(code).as(err.toString()).isZero();
      assertThat(Files.readAllBytes(remote.resolve("train/images/img2.jpg")))
          .isEqualTo(Files.readAllBytes(data.resolve("train/images/img2.jpg")));
      ByteArrayOutputStream back = new ByteArrayOutputStream();
      assertThat(r.exec("cat " + Shell.quote(remote.resolve("dataset.yaml").toString()), null, back,
          OutputStream.nullOutputStream())).isZero();
      assertThat(back.toByteArray()).isEqualTo(Files.readAllBytes(data.resolve("dataset.yaml")));
      // listed by Debian's find, every file is already there: a resumed upload would send nothing
      Files.delete(remote.resolve("train/images/img2.jpg"));
      TarStream missing = RemoteListing.missing(r, TarStream.of(data), remote.toString());
      assertThat(missing.regularFiles()).containsOnlyKeys("train/images/img2.jpg");
    }
  }
}
