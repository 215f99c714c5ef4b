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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * Benchmark (a main, not a test): uploads a YOLO-like dataset shaped like the benchmarks' data set B
 * (N x 104 KiB random "images", N small label files, a val split of N/5, dataset.yaml: with N =
 * 3,750 that is 9,001 files, 457 MiB) to a local OpenSSH sshd, in one run, beside its peers: our tar
 * stream over a MINA SSH exec channel in a fresh JVM ({@code ours}); the same in a JVM that has
 * uploaded once before over the connection it keeps open, only the second upload timed
 * ({@code warm}); {@code tar cf - | ssh tar xf -}
 * ({@code pipe}); {@code rsync -a} over ssh ({@code rsync}); the source document's recipe,
 * {@code tar -czf} + {@code scp} + {@code ssh tar -xzf} ({@code recipe}).
 *
 * <p>The uploads are interleaved over several rounds (the order rotates) and medians are reported,
 * because one run of each on a shared 2-CPU machine varies by a factor of 1.5. Before each upload
 * its target folder is emptied and the page cache written back ({@code sync}), so no upload pays
 * for another's writes; the one-minute load average is read as each upload starts. Ours runs in a
 * fresh JVM each round, as a {@code soen-cloud train} does: the clock covers key loading, SSH client
 * start, connect, key exchange, authentication, the launcher's SSH-ready check (one command) and the
 * upload, not JVM or logging start-up, which a launcher pays long before; the connecting part and
 * the JVM's CPU time (and the JIT compiler threads' part of it) are reported too.
 *
 * <p>In {@code resume} mode every target first holds the first half of the files (sorted by path,
 * as the tar stream sends them, with their sizes and mtimes), as a transfer dropped at 50% leaves
 * them; then each contender is timed completing it. Ours lists the target first, as the launcher's
 * upload does ({@link RemoteListing}), and sends only the files missing there. In {@code fresh}
 * mode ours does not list, as the first attempt of a new job's upload does not.
 *
 * <p>Run: {@code java -cp <test classpath> org.soen.cloud.lambdalabs.internal.UploadBenchmark
 * [images=3750] [workdir] [rounds=3] [label=loopback] [peers=ours,pipe,rsync] [fresh|resume]}; the
 * last line printed is a markdown table row. {@code benchmarks/ssh.sh} runs it on loopback and on
 * links shaped by {@code tc} in a private network namespace.
 */
public final class UploadBenchmark {
  private static final String CHILD = "--upload";
  /** Seconds the {@code boot} contender waits, as a launcher waits for its instance, before it connects. */
  private static final String BOOT_WAIT = System.getProperty("bench.bootWait", "5");
  private static final Map<String, String> NAMES = Map.of("ours", "soen-cloud, fresh JVM", "boot",
      "soen-cloud, fresh JVM after a " + BOOT_WAIT + " s boot wait with the upload warm-up", "warm",
      "soen-cloud, warm JVM, connection open", "pipe",
      "`tar cf - \\| ssh tar xf -`", "rsync", "`rsync -a`", "recipe", "`tar -czf` + `scp` + `ssh tar -xzf`");

  private UploadBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(CHILD)) {
      child(args);
      return;
    }
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 3750;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("soen-upload-bench");
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String label = args.length > 3 ? args[3] : "loopback";
    List<String> peers = List.of((args.length > 4 ? args[4] : "ours,pipe,rsync").split(","));
    boolean resume = args.length > 5 && args[5].equals("resume");
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
    String sshOpts = "-i " + keyFile + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null";
    String ssh = "ssh -q " + sshOpts + " -p " + port + " " + user + "@127.0.0.1";
    Map<String, Path> remotes = new LinkedHashMap<>();
    for (String peer : peers) {
      remotes.put(peer, work.resolve("remote-" + peer));
    }
    Map<String, String> commands = new LinkedHashMap<>();
    Path remoteRecipe = work.resolve("remote-recipe");
    commands.put("recipe", "mkdir -p " + Shell.quote(remoteRecipe.toString()) + " && cd " + Shell.quote(work.toString())
        + " && tar -czf training_data_v2.tar.gz training_data_v2/"
        + " && scp -q " + sshOpts + " -P " + port + " training_data_v2.tar.gz " + user + "@127.0.0.1:" + remoteRecipe + "/"
        + " && " + ssh + " " + Shell.quote("cd " + Shell.quote(remoteRecipe.toString()) + " && tar -xzf training_data_v2.tar.gz")
        + " && rm -f training_data_v2.tar.gz");
    Path remotePipe = work.resolve("remote-pipe");
    commands.put("pipe", "tar -C " + Shell.quote(work.toString()) + " -cf - training_data_v2 | " + ssh + " "
        + Shell.quote("mkdir -p " + Shell.quote(remotePipe.toString()) + " && tar -C " + Shell.quote(remotePipe.toString()) + " -xf -"));
    commands.put("rsync", "rsync -a -e " + Shell.quote("ssh -q " + sshOpts + " -p " + port) + " "
        + Shell.quote(work.toString()) + "/training_data_v2 " + user + "@127.0.0.1:" + work.resolve("remote-rsync") + "/");
    Map<String, List<String>> children = new LinkedHashMap<>();
    for (String peer : List.of("ours", "boot", "warm")) {
      List<String> child = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
      child.addAll(List.of(System.getProperty("bench.childOpts", "-Xmx256m").trim().split("\\s+")));
      child.addAll(List.of("-cp", System.getProperty("java.class.path"), UploadBenchmark.class.getName(), CHILD,
          data.toString(), String.valueOf(port), user, keyFile.toString(),
          work.resolve("remote-" + peer).resolve(data.getFileName()).toString(), peer, BOOT_WAIT,
          resume ? "list" : "new"));
      children.put(peer, child);
    }
    double mib = bytes / 1048576.0;
    System.out.printf("%s%s: %d images + %d labels + val, %.1f MiB; %d rounds, order rotating%n", label,
        resume ? " (resume after a drop at 50%)" : "", images, images, mib, rounds);
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, Long> rss = new LinkedHashMap<>();
    Map<String, List<Double>> connects = new LinkedHashMap<>();
    List<Double> loads = new ArrayList<>();
    try {
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < peers.size(); i++) {
          String peer = peers.get((round + i) % peers.size());
          Path remote = remotes.get(peer);
          clear(remote);
          if (resume) {
            seedHalf(data, remote.resolve(data.getFileName()));
          }
          sync();
          loads.add(loadAverage());
          double seconds;
          long peak;
          if (children.containsKey(peer)) {
            String[] r = runChild(children.get(peer));
            seconds = Double.parseDouble(r[0]);
            peak = Long.parseLong(r[1]);
            connects.computeIfAbsent(peer, k -> new ArrayList<>()).add(Double.parseDouble(r[4]));
            System.out.printf("  round %d %s %s s, of it connecting %s s; JVM CPU %s s, of it JIT %s s;"
                + " each tenth of the bytes written, then the remote tar done, at %s s into the upload; %s%n", round + 1,
                peer, r[0], r[4], r[2], r[3], r[5], String.join(" ", List.of(r).subList(6, r.length)));
          } else {
            long[] p = new long[1];
            seconds = timed(commands.get(peer), p);
            peak = p[0];
            System.out.printf("  round %d %s %.2f s%n", round + 1, peer, seconds);
          }
          times.computeIfAbsent(peer, k -> new ArrayList<>()).add(seconds);
          rss.merge(peer, peak, Math::max);
        }
      }
    } finally {
      sshd.destroy();
    }
    System.out.println("medians (fastest-slowest), MiB/s, peak RSS; ratios are a peer's median time over a JVM's:");
    StringBuilder row = new StringBuilder("| " + label + (resume ? ", resume after a drop at 50%" : "") + " |");
    StringBuilder header = new StringBuilder("| link |");
    for (var e : times.entrySet()) {
      List<Double> t = e.getValue();
      row.append(String.format(Locale.ROOT, " %.2f s (%.2f–%.2f), %.0f MiB/s, %.0f MiB |", median(t),
          Collections.min(t), Collections.max(t), mib / median(t), rss.get(e.getKey()) / 1024.0));
      header.append(' ').append(NAMES.get(e.getKey())).append(" |");
    }
    for (String jvm : times.keySet()) {
      if (children.containsKey(jvm)) {
        for (String peer : times.keySet()) {
          if (!children.containsKey(peer)) {
            row.append(String.format(Locale.ROOT, " %.2f× |", median(times.get(peer)) / median(times.get(jvm))));
            header.append(' ').append(peer).append(" ÷ ").append(jvm).append(" |");
          }
        }
        row.append(String.format(Locale.ROOT, " %.2f s |", median(connects.get(jvm))));
        header.append(' ').append(jvm).append(" connecting |");
      }
    }
    row.append(String.format(Locale.ROOT, " %.1f–%.1f |", Collections.min(loads), Collections.max(loads)));
    System.out.println(header.append(" load average |"));
    System.out.println("|" + " --- |".repeat((int) row.chars().filter(c -> c == '|').count() - 1));
    System.out.println(row);
  }

  /** Copies the first half of the files (path order, as the tar stream sends them) with their mtimes. */
  private static void seedHalf(Path data, Path target) throws IOException {
    List<Path> files;
    try (var s = Files.walk(data)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files.subList(0, files.size() / 2)) {
      Path to = target.resolve(data.relativize(f).toString());
      Files.createDirectories(to.getParent());
      Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  /**
   * The upload in a fresh JVM: prints one line with the seconds of the upload, the peak RSS in KiB,
   * the JVM's CPU seconds during it, the part of them spent in JIT compiler threads, and the seconds
   * to connect and run the SSH-ready check.
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
    long[] cpu1;
    String deciles;
    String notes = "";
    UploadWarmup warmup = null;
    if (a[6].equals("boot")) {
      // the launcher's wait for its instance to boot, with the product's own warm-up running meanwhile
      long w0 = System.nanoTime();
      warmup = UploadWarmup.start();
      Thread.sleep((long) (Double.parseDouble(a[7]) * 1000));
      long[] cpuWait = cpuMillis();
      notes = String.format(Locale.ROOT, "warm-up: %d MiB, %s; boot wait %.2f s, JVM CPU in it %.2f s (JIT %.2f s);",
          warmup.bytesWarmed() >> 20, warmup.running() ? "still running" : "ended", seconds(w0),
          (cpuWait[0] - cpu0[0]) / 1000.0, (cpuWait[1] - cpu0[1]) / 1000.0);
      cpu0 = cpuWait;
      t0 = System.nanoTime();
    }
    try (SshRunner r = new SshRunner("127.0.0.1", port, user, SshRunner.loadKey(keyFile), Optional.empty(), p -> {},
        Duration.ofSeconds(30))) {
      // what the launcher's SSH-ready check does before any upload: connect and run a command
      if (r.exec("true", null, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()) != 0) {
        throw new IllegalStateException("ssh true failed");
      }
      if (a[6].equals("warm")) {
        // a JVM that has uploaded before, connection open: only the second upload is timed
        upload(r, data, Path.of(a[5] + "-warmup"), false);
        cpu0 = cpuMillis();
        t0 = System.nanoTime();
      }
      connect = seconds(t0);
      if (warmup != null) {
        warmup.stop(); // where LambdaJob stops it: as the UPLOAD step starts
      }
      var session = r.session();
      notes += " negotiated " + session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS) + ", "
          + session.getNegotiatedKexParameter(KexProposalOption.SERVERKEYS) + ", "
          + session.getNegotiatedKexParameter(KexProposalOption.C2SENC) + ", "
          + session.getNegotiatedKexParameter(KexProposalOption.C2SMAC) + ", "
          + session.getNegotiatedKexParameter(KexProposalOption.C2SCOMP);
      deciles = upload(r, data, Path.of(a[5]), a[8].equals("list"));
      first = seconds(t0);
      cpu1 = cpuMillis();
    }
    System.out.printf(Locale.ROOT, "%.2f %d %.2f %.2f %.2f %s %s%n", first, vmHwmKib(), (cpu1[0] - cpu0[0]) / 1000.0,
        (cpu1[1] - cpu0[1]) / 1000.0, connect, deciles, notes);
  }

  /**
   * Uploads {@code data}; returns the seconds from the start of the upload at which each tenth of
   * the bytes had been written into the channel, comma-separated.
   */
  /** Uploads as the launcher does: a new job's first attempt sends everything unlisted; a resumed one lists first. */
  private static String upload(SshRunner r, Path data, Path remote, boolean list) throws IOException {
    long t0 = System.nanoTime();
    TarStream tar = list ? RemoteListing.missing(r, TarStream.of(data), remote.toString()) : TarStream.of(data);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> deciles = new ArrayList<>();
    int code = r.execWriting(tar.extractCommand(remote.toString()), out -> tar.writeTo(out, done -> {
      while (deciles.size() < 10 && done * 10 >= tar.totalBytes() * (deciles.size() + 1)) {
        deciles.add(String.format(Locale.ROOT, "%.2f", seconds(t0)));
      }
    }), OutputStream.nullOutputStream(), err);
    if (code != 0 || tar.gzip()) {
      throw new IllegalStateException("upload failed (" + code + ", gzip " + tar.gzip() + "): " + err);
    }
    deciles.add(String.format(Locale.ROOT, "%.2f", seconds(t0)));
    return String.join(",", deciles);
  }

  /**
   * CPU time of this process in ms: all of it (from /proc/self/stat, which keeps the time of
   * threads that have ended, such as the upload warm-up's), and that of the JIT compiler threads
   * alive now.
   */
  private static long[] cpuMillis() throws IOException {
    long tick = 10; // USER_HZ is 100 on Linux
    String self = Files.readString(Path.of("/proc/self/stat"));
    String[] s = self.substring(self.lastIndexOf(')') + 2).split(" ");
    long all = (Long.parseLong(s[11]) + Long.parseLong(s[12])) * tick;
    long jit = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        String stat = Files.readString(t.resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.contains("CompilerThre")) {
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          jit += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick;
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

  /** Removes an earlier upload, so each upload starts from the same state. */
  private static void clear(Path remote) throws IOException {
    if (Files.exists(remote)) {
      try (var files = Files.walk(remote)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void sync() throws Exception {
    new ProcessBuilder("sync").inheritIO().start().waitFor();
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
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
    byte[] img = new byte[104 * 1024];
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
