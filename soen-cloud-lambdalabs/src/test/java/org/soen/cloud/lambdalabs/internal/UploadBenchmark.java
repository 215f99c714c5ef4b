package org.soen.cloud.lambdalabs.internal;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * Benchmark (a main, not a test): uploads a YOLO-like dataset (N x 100 KiB random "images", N small
 * label files, a val split, dataset.yaml) to a local OpenSSH sshd three ways, in one run: our tar
 * stream over a MINA SSH exec channel; the source document's recipe ({@code tar -czf} + {@code scp}
 * + {@code ssh tar -xzf}); and {@code tar cf - | ssh tar xf -}. Prints MiB/s and peak RSS.
 *
 * <p>Run: {@code java -cp <test classpath> org.soen.cloud.lambdalabs.internal.UploadBenchmark [images] [workdir]}
 */
public final class UploadBenchmark {
  private UploadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("soen-upload-bench");
    Path data = work.resolve("training_data_v2");
    long bytes = writeDataset(data, images);
    Path sshdDir = Files.createDirectories(work.resolve("sshd"));
    KeyPair key = keyPair();
    Path keyFile = sshdDir.resolve("client_key");
    try (OutputStream out = Files.newOutputStream(keyFile)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "bench", null, out);
    }
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(sshdDir.resolve("authorized_keys"), PublicKeyEntry.toString(key.getPublic()) + "\n");
    int port = freePort();
    Process sshd = startSshd(sshdDir, port);
    String user = System.getProperty("user.name");
    String ssh = "ssh -q -i " + keyFile + " -p " + port + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
        + user + "@127.0.0.1";
    try {
      double mib = bytes / 1048576.0;
      System.out.printf("dataset: %d images + %d labels + val, %.1f MiB%n", images, images, mib);

      Path remoteA = work.resolve("remote-ours");
      // The logging backend starts once per JVM, long before any upload in a real launcher; on the
      // test classpath that is logback parsing logback-test.xml, about a second of a cold JVM.
      // Start it here so the timing below is key loading, SSH client start, connect, key exchange,
      // authentication and the upload, as the other two rows time ssh's own.
      org.slf4j.LoggerFactory.getLogger(UploadBenchmark.class);
      long t0 = System.nanoTime();
      try (SshRunner r = new SshRunner("127.0.0.1", port, user, SshRunner.loadKey(keyFile), Optional.empty(), p -> {},
          Duration.ofSeconds(30))) {
        TarStream tar = TarStream.of(data);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = r.execWriting(tar.extractCommand(remoteA.toString()), remote -> tar.writeTo(remote, b -> {}),
            OutputStream.nullOutputStream(), err);
        if (code != 0) {
          throw new IllegalStateException("upload failed: " + err);
        }
        System.out.printf("  (gzip chosen: %s)%n", tar.gzip());
      }
      double ours = seconds(t0);
      report("soen-cloud tar stream over MINA SSH", mib, ours, vmHwmKib());

      Path remoteB = work.resolve("remote-recipe");
      Files.createDirectories(remoteB);
      String recipe = "cd " + Shell.quote(work.toString()) + " && tar -czf training_data_v2.tar.gz training_data_v2/"
          + " && scp -q -i " + keyFile + " -P " + port + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
          + " training_data_v2.tar.gz " + user + "@127.0.0.1:" + remoteB + "/"
          + " && " + ssh + " " + Shell.quote("cd " + Shell.quote(remoteB.toString()) + " && tar -xzf training_data_v2.tar.gz")
          + " && rm -f training_data_v2.tar.gz";
      long[] recipeRss = new long[1];
      double recipeSec = timed(recipe, recipeRss);
      report("recipe: tar -czf + scp + ssh tar -xzf", mib, recipeSec, recipeRss[0]);

      Path remoteC = work.resolve("remote-pipe");
      String pipe = "tar -C " + Shell.quote(work.toString()) + " -cf - training_data_v2 | " + ssh + " "
          + Shell.quote("mkdir -p " + Shell.quote(remoteC.toString()) + " && tar -C " + Shell.quote(remoteC.toString()) + " -xf -");
      long[] pipeRss = new long[1];
      double pipeSec = timed(pipe, pipeRss);
      report("tar cf - | ssh tar xf -", mib, pipeSec, pipeRss[0]);

      System.out.printf("speed-up vs recipe: %.2fx; vs tar|ssh: %.0f%% of its throughput%n", recipeSec / ours,
          100.0 * pipeSec / ours);
    } finally {
      sshd.destroy();
    }
  }

  private static void report(String what, double mib, double sec, long rssKib) {
    System.out.printf("%-42s %7.2f s %8.1f MiB/s   peak RSS %7.1f MiB%n", what, sec, mib / sec, rssKib / 1024.0);
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Runs {@code command} under GNU time; returns seconds, and the largest process's peak RSS in KiB. */
  private static double timed(String command, long[] rssKib) throws Exception {
    Path out = Files.createTempFile("bench-time", ".txt");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("/usr/bin/time", "-f", "%M", "-o", out.toString(), "bash", "-c", command)
        .inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + command);
    }
    double s = seconds(t0);
    List<String> lines = Files.readAllLines(out);
    rssKib[0] = Long.parseLong(lines.get(lines.size() - 1).strip());
    return s;
  }

  private static long vmHwmKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static long writeDataset(Path d, int n) throws IOException {
    if (Files.exists(d.resolve("dataset.yaml"))) {
      try (var s = Files.walk(d)) {
        return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
    }
    Random random = new Random(42);
    byte[] img = new byte[100 * 1024];
    long total = 0;
    for (String split : new String[] {"train", "val"}) {
      int count = split.equals("train") ? n : Math.max(1, n / 5);
      Path images = Files.createDirectories(d.resolve(split).resolve("images"));
      Path labels = Files.createDirectories(d.resolve(split).resolve("labels"));
      for (int i = 0; i < count; i++) {
        random.nextBytes(img);
        Files.write(images.resolve("frame_" + i + ".jpg"), img);
        String label = "0 " + random.nextFloat() + " " + random.nextFloat() + " 0.1 0.1\n";
        Files.writeString(labels.resolve("frame_" + i + ".txt"), label);
        total += img.length + label.length();
      }
    }
    Files.writeString(d.resolve("dataset.yaml"), "path: .\ntrain: train/images\nval: val/images\nnames: {0: villager}\n");
    return total;
  }

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process startSshd(Path dir, int port) throws Exception {
    Files.deleteIfExists(dir.resolve("host_key"));
    Files.deleteIfExists(dir.resolve("host_key.pub"));
    Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString())
        .redirectErrorStream(true).start();
    keygen.getInputStream().readAllBytes();
    if (keygen.waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed");
    }
    if ("root".equals(System.getProperty("user.name"))) {
      Files.createDirectories(Path.of("/run/sshd"));
    }
    Files.writeString(dir.resolve("sshd_config"), String.join("\n", "ListenAddress 127.0.0.1", "Port " + port,
        "HostKey " + dir.resolve("host_key"), "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
        "StrictModes no", "UsePAM no", "Subsystem sftp internal-sftp", "PidFile " + dir.resolve("sshd.pid"), ""));
    Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).start();
    BufferedReader log = new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = log.readLine()) != null && !line.contains("Server listening on 127.0.0.1")) {
      // wait for sshd to listen
    }
    Thread drain = new Thread(() -> {
      try {
        log.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // sshd stopped
      }
    });
    drain.setDaemon(true);
    drain.start();
    return sshd;
  }
}
