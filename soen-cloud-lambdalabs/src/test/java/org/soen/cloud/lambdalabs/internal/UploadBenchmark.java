package org.soen.cloud.lambdalabs.internal;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * <p>The three are interleaved over several rounds (the order rotates) and medians are reported,
 * because one run of each on a shared 2-CPU machine varies by a factor of 1.5. Before each upload
 * its target folder is removed and the page cache written back ({@code sync}), so no upload pays
 * for another's writes. Ours runs in a fresh JVM each round, as a {@code soen-cloud train} does:
 * the clock covers key loading, SSH client start, connect, key exchange, authentication, the
 * launcher's SSH-ready check (one command) and the upload, not JVM or logging start-up, which a
 * launcher pays long before; the connecting part is also reported on its own. That JVM then
 * uploads a second time to another folder, the case of a launcher that has uploaded before, and
 * reports where its CPU time went (JIT compiler threads against the rest).
 *
 * <p>Run: {@code java -cp <test classpath> org.soen.cloud.lambdalabs.internal.UploadBenchmark [images] [workdir] [rounds]}
 */
public final class UploadBenchmark {
  private static final String CHILD = "--upload";

  private UploadBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(CHILD)) {
      child(args);
      return;
    }
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("soen-upload-bench");
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path data = work.resolve("training_data_v2");
    long bytes = writeDataset(data, images);
    Path sshdDir = Files.createDirectories(work.resolve("sshd"));
    KeyPair key = keyPair();
    Path keyFile = sshdDir.resolve("client_key");
    Files.deleteIfExists(keyFile);
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
    Path remoteOurs = work.resolve("remote-ours");
    Path remoteWarm = work.resolve("remote-ours-again");
    Path remoteRecipe = work.resolve("remote-recipe");
    Path remotePipe = work.resolve("remote-pipe");
    String recipe = "mkdir -p " + Shell.quote(remoteRecipe.toString()) + " && cd " + Shell.quote(work.toString())
        + " && tar -czf training_data_v2.tar.gz training_data_v2/"
        + " && scp -q -i " + keyFile + " -P " + port + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
        + " training_data_v2.tar.gz " + user + "@127.0.0.1:" + remoteRecipe + "/"
        + " && " + ssh + " " + Shell.quote("cd " + Shell.quote(remoteRecipe.toString()) + " && tar -xzf training_data_v2.tar.gz")
        + " && rm -f training_data_v2.tar.gz";
    String pipe = "tar -C " + Shell.quote(work.toString()) + " -cf - training_data_v2 | " + ssh + " "
        + Shell.quote("mkdir -p " + Shell.quote(remotePipe.toString()) + " && tar -C " + Shell.quote(remotePipe.toString()) + " -xf -");
    List<String> childCommand = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), UploadBenchmark.class.getName(), CHILD, data.toString(),
        String.valueOf(port), user, keyFile.toString(), remoteOurs.toString(), remoteWarm.toString());
    double mib = bytes / 1048576.0;
    System.out.printf("dataset: %d images + %d labels + val, %.1f MiB; %d rounds, order rotating%n", images, images,
        mib, rounds);
    List<Double> ours = new ArrayList<>();
    List<Double> again = new ArrayList<>();
    List<Double> connects = new ArrayList<>();
    List<Double> recipes = new ArrayList<>();
    List<Double> pipes = new ArrayList<>();
    long[] rss = new long[3];
    try {
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < 3; i++) {
          switch ((round + i) % 3) {
            case 0 -> {
              clear(remoteOurs, remoteWarm);
              String[] r = runChild(childCommand);
              ours.add(Double.parseDouble(r[0]));
              again.add(Double.parseDouble(r[1]));
              rss[0] = Math.max(rss[0], Long.parseLong(r[2]));
              System.out.printf("  round %d soen-cloud %s s, of it connecting %s s (again in the same JVM %s s);"
                  + " JVM CPU %s s, of it JIT %s s%n", round + 1, r[0], r[5], r[1], r[3], r[4]);
              connects.add(Double.parseDouble(r[5]));
            }
            case 1 -> {
              clear(remoteRecipe);
              long[] peak = new long[1];
              recipes.add(timed(recipe, peak));
              rss[1] = Math.max(rss[1], peak[0]);
              System.out.printf("  round %d recipe %.2f s%n", round + 1, recipes.get(recipes.size() - 1));
            }
            default -> {
              clear(remotePipe);
              long[] peak = new long[1];
              pipes.add(timed(pipe, peak));
              rss[2] = Math.max(rss[2], peak[0]);
              System.out.printf("  round %d tar | ssh %.2f s%n", round + 1, pipes.get(pipes.size() - 1));
            }
          }
        }
      }
      System.out.println("medians:");
      report("soen-cloud, fresh JVM", mib, median(ours), rss[0]);
      System.out.printf("    of it connecting and running the SSH-ready check: %.2f s%n", median(connects));
      report("soen-cloud, second upload in that JVM", mib, median(again), rss[0]);
      report("recipe: tar -czf + scp + ssh tar -xzf", mib, median(recipes), rss[1]);
      report("tar cf - | ssh tar xf -", mib, median(pipes), rss[2]);
      System.out.printf("fresh JVM: %.2fx the recipe's speed, %.0f%% of tar|ssh's throughput; second upload: %.0f%%%n",
          median(recipes) / median(ours), 100.0 * median(pipes) / median(ours), 100.0 * median(pipes) / median(again));
    } finally {
      sshd.destroy();
    }
  }

  /**
   * The upload in a fresh JVM: prints one line with the seconds of the first upload, of a second
   * one, the peak RSS in KiB, the JVM's CPU seconds during the first upload and the part of it
   * spent in JIT compiler threads.
   */
  private static void child(String[] a) throws Exception {
    Path data = Path.of(a[1]);
    int port = Integer.parseInt(a[2]);
    String user = a[3];
    Path keyFile = Path.of(a[4]);
    // The logging backend starts once per JVM, long before any upload in a real launcher; on the
    // test classpath that is logback parsing logback-test.xml, about a second of a cold JVM.
    org.slf4j.LoggerFactory.getLogger(UploadBenchmark.class);
    long[] cpu0 = cpuMillis();
    long t0 = System.nanoTime();
    double connect;
    double first;
    double second;
    long[] cpu1;
    try (SshRunner r = new SshRunner("127.0.0.1", port, user, SshRunner.loadKey(keyFile), Optional.empty(), p -> {},
        Duration.ofSeconds(30))) {
      // what the launcher's SSH-ready check does before any upload: connect and run a command
      if (r.exec("true", null, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()) != 0) {
        throw new IllegalStateException("ssh true failed");
      }
      connect = seconds(t0);
      upload(r, data, Path.of(a[5]));
      first = seconds(t0);
      cpu1 = cpuMillis();
      long t1 = System.nanoTime();
      upload(r, data, Path.of(a[6]));
      second = seconds(t1);
    }
    System.out.printf(Locale.ROOT, "%.2f %.2f %d %.2f %.2f %.2f%n", first, second, vmHwmKib(), (cpu1[0] - cpu0[0]) / 1000.0,
        (cpu1[1] - cpu0[1]) / 1000.0, connect);
  }

  private static void upload(SshRunner r, Path data, Path remote) throws IOException {
    TarStream tar = TarStream.of(data);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = r.execWriting(tar.extractCommand(remote.toString()), out -> tar.writeTo(out, b -> {}),
        OutputStream.nullOutputStream(), err);
    if (code != 0 || tar.gzip()) {
      throw new IllegalStateException("upload failed (" + code + ", gzip " + tar.gzip() + "): " + err);
    }
  }

  /** CPU time of this process's threads in ms: all of them, and the JIT compiler threads alone. */
  private static long[] cpuMillis() throws IOException {
    long tick = 10; // USER_HZ is 100 on Linux
    long all = 0;
    long jit = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        String stat = Files.readString(t.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick;
        all += ms;
        if (name.contains("CompilerThre")) {
          jit += ms;
        }
      }
    }
    return new long[] {all, jit};
  }

  private static String[] runChild(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("the upload JVM failed: " + out);
    }
    String[] lines = out.split("\n");
    return lines[lines.length - 1].split(" ");
  }

  /** Removes earlier uploads and writes dirty pages back, so each upload starts from the same state. */
  private static void clear(Path... remotes) throws Exception {
    for (Path remote : remotes) {
      if (Files.exists(remote)) {
        try (var files = Files.walk(remote)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
    new ProcessBuilder("sync").inheritIO().start().waitFor();
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void report(String what, double mib, double sec, long rssKib) {
    System.out.printf("  %-40s %7.2f s %8.1f MiB/s   peak RSS %7.1f MiB%n", what, sec, mib / sec, rssKib / 1024.0);
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
