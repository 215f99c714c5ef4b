package org.soen.cloud.aws.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.aws.internal.AwsClients;
import org.soen.cloud.aws.internal.S3Keys;
import org.soen.cloud.aws.internal.S3Stager;
import org.soen.cloud.testkit.aws.EmbeddedS3;

/**
 * Stages data sets to an on-disk EmbeddedS3 on 127.0.0.1 with soen-cloud's stager and, when
 * {@code aws} is on the PATH, with {@code aws s3 cp --recursive} / {@code aws s3 sync} against the
 * same server. Not a test: run it by hand, e.g.
 *
 * <pre>
 * java -Xmx256m -cp "$(cat cp.txt)" org.soen.cloud.aws.bench.StagingBenchmark [scale]
 * </pre>
 *
 * <p>{@code scale} (default 1.0) multiplies every size and count: 1.0 is (a) one 1 GiB file,
 * (b) 4,000 x 100 KiB + 4,000 small label files, (c) 20,000 x 16 KiB, (d) (b) again unchanged.
 *
 * <p>Before the timed rows both tools get the same untimed warm-up on a small data set (20 small
 * files and one 17 MiB file, so a multipart upload): soen-cloud stages it twice (an upload and a
 * re-stage), {@code aws} copies it with {@code s3 cp --recursive} and then runs {@code s3 sync}. The
 * {@code aws} found first on the PATH is used; its version is printed with the figures.
 */
public final class StagingBenchmark {
  private StagingBenchmark() {}

  record Row(String name, String tool, long bytes, int files, double seconds) {
    String render() {
      double mib = bytes / 1048576.0;
      return String.format(Locale.ROOT, "| %-34s | %-22s | %9.1f | %7d | %8.2f | %8.1f | %9.0f |",
          name, tool, mib, files, seconds, mib / seconds, files / seconds);
    }
  }

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    Path work = Files.createTempDirectory("soen-staging-bench");
    Path store = Files.createDirectories(work.resolve("s3"));
    Random random = new Random(42);
    Path a = Files.createDirectories(work.resolve("a"));
    writeRandom(a.resolve("big.bin"), (long) (1024L * 1024 * 1024 * scale), random);
    Path b = Files.createDirectories(work.resolve("b"));
    int bCount = (int) (4000 * scale);
    for (int i = 0; i < bCount; i++) {
      writeRandom(b.resolve("images/img" + i + ".jpg"), 100 * 1024, random);
      Files.createDirectories(b.resolve("labels"));
      Files.writeString(b.resolve("labels/img" + i + ".txt"), "0 0.5 0.5 0.1 " + i + "\n");
    }
    Path c = Files.createDirectories(work.resolve("c"));
    int cCount = (int) (20000 * scale);
    for (int i = 0; i < cCount; i++) {
      writeRandom(c.resolve("shard" + (i % 100) + "/f" + i + ".bin"), 16 * 1024, random);
    }
    Path w = Files.createDirectories(work.resolve("w"));
    for (int i = 0; i < 20; i++) {
      writeRandom(w.resolve("small/s" + i + ".bin"), 16 * 1024, random);
    }
    writeRandom(w.resolve("part.bin"), 17L * 1024 * 1024, random);
    String awsVersion = version("aws");
    boolean awscli = awsVersion != null;
    List<Row> rows = new ArrayList<>();
    try (EmbeddedS3 s3 = EmbeddedS3.startOnDisk(store, "soen", "cli")) {
      CloudConfig config = CloudConfig.builder().provider("sagemaker").set(SageMakerSettings.REGION, "us-east-1")
          .set(SageMakerSettings.ENDPOINTS.get("s3"), s3.endpoint()).set(SageMakerSettings.S3_PATH_STYLE, true).build();
      Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(), "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(),
          "AWS_EC2_METADATA_DISABLED", "true");
      try (AwsClients clients = AwsClients.create(config, env)) {
        S3Stager stager = new S3Stager(clients.s3(), e -> { }, Clock.systemUTC(), 16, 16L * 1024 * 1024,
            Optional.of(work.resolve("digests")));
        stager.stage("warmup-1", "soen", S3Keys.jobPrefix("bench", "e", "warmup-1", java.time.Instant.now()),
            "a: 1\n", Optional.of("w"), work, "bench");
        stager.stage("warmup-2", "soen", S3Keys.jobPrefix("bench", "e", "warmup-2", java.time.Instant.now()),
            "a: 1\n", Optional.of("w"), work, "bench");
        if (awscli) {
          aws(s3, "cp", w, "w");
          aws(s3, "sync", w, "w");
        }
        String[][] runs = {{"(a) 1 file", "a"}, {"(b) images + labels", "b"}, {"(c) 16 KiB files", "c"}, {"(d) (b) again, unchanged", "b"}};
        int n = 0;
        for (String[] run : runs) {
          Path dir = work.resolve(run[1]);
          long bytes = size(dir);
          int files = count(dir);
          long t0 = System.nanoTime();
          stager.stage("bench-" + n, "soen", S3Keys.jobPrefix("bench", "e", "bench-" + n++, java.time.Instant.now()),
              "a: 1\n", Optional.of(run[1]), work, "bench");
          rows.add(new Row(run[0], "soen-cloud", bytes, files, (System.nanoTime() - t0) / 1e9));
          if (awscli) {
            String verb = run[0].startsWith("(d)") ? "sync" : "cp";
            long c0 = System.nanoTime();
            int exit = aws(s3, verb, dir, run[1]);
            rows.add(new Row(run[0], "aws s3 " + verb + (exit == 0 ? "" : " (exit " + exit + ")"), bytes, files,
                (System.nanoTime() - c0) / 1e9));
          }
        }
      }
    }
    System.out.println("aws: " + (awscli ? awsVersion : "not on the PATH"));
    System.out.println("scale " + scale + ", heap max " + Runtime.getRuntime().maxMemory() / 1048576 + " MiB, peak RSS "
        + peakRssMiB() + " MiB (this JVM, including the embedded S3 server)");
    System.out.println("| data set                           | tool                   |       MiB |   files |        s |    MiB/s |   files/s |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|");
    rows.forEach(r -> System.out.println(r.render()));
    deleteTree(work);
  }

  private static void writeRandom(Path file, long size, Random random) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      long left = size;
      while (left > 0) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static int count(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return (int) s.filter(Files::isRegularFile).count();
    }
  }

  /** {@code aws s3 cp --recursive} or {@code aws s3 sync} of {@code dir} to {@code s3://cli/<name>/}; the exit code. */
  private static int aws(EmbeddedS3 s3, String verb, Path dir, String name) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", s3.endpoint().toString(), "s3", verb,
        dir.toString(), "s3://cli/" + name + "/", "--only-show-errors"));
    if (verb.equals("cp")) {
      cmd.add("--recursive");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
    pb.environment().put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    // S3Proxy 2.5 refuses the flexible-checksum headers newer botocore sends by default.
    pb.environment().put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
    pb.environment().put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
    return pb.start().waitFor();
  }

  /** The first line {@code tool --version} prints, or null when the tool is missing or fails. */
  private static String version(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out.lines().findFirst().orElse(out) : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  private static String peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return String.valueOf(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return "?";
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
