package org.soen.cloud.cli.catalogue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one {@link CatalogueCase} as a user would: {@code java -jar soen-cloud-cli-*-all.jar ...} in a
 * fresh JVM, in folders of its own, with an environment built from nothing (nothing of the
 * developer's {@code AWS_*} or {@code LAMBDA_*} leaks in), every endpoint pointing at a
 * {@link ConnectionRecorder}, and planted secrets that must never be printed.
 */
final class SoenCloudProcess {
  /** Every planted secret contains this; it must appear nowhere in the output. */
  static final String SECRET_MARK = "PLANTED";
  static final String LAMBDA_API_KEY = "secret_PLANTED_abc123";
  static final String MLFLOW_PASSWORD = "secret_PLANTED_mlflow_9f8e";
  static final String AWS_SECRET_KEY = "secret_PLANTED_aws_5c6d";
  /** Set in the environment and named by {@code secret_env} in some configs. */
  static final String HF_TOKEN = "secret_PLANTED_hf_77aa";

  /**
   * Default JVM flags: C1 only, the serial GC and the JDK's class-data archive. A short-lived
   * command spends most of its time starting up; on 2 cores these start it in about half the time.
   */
  static final List<String> DEFAULT_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
  private static final long TIMEOUT_SECONDS = 60;

  private final Path jar;
  private final List<String> jvmFlags;
  private final SshKeyMaterial keys;

  SoenCloudProcess(Path jar, List<String> jvmFlags, SshKeyMaterial keys) {
    this.jar = jar;
    this.jvmFlags = List.copyOf(jvmFlags);
    this.keys = keys;
  }

  List<String> jvmFlags() {
    return jvmFlags;
  }

  /**
   * This runner with an application class-data archive: {@code warmup} runs once with
   * {@code -XX:ArchiveClassesAtExit}, and every later JVM maps the classes it loaded instead of
   * loading them from the jar again. Without an archive (the dump failed) this runner is returned.
   */
  SoenCloudProcess withClassDataArchive(Path archive, CatalogueCase warmup, Path warmupDir)
      throws IOException, InterruptedException {
    List<String> dump = new ArrayList<>(jvmFlags);
    dump.add("-XX:ArchiveClassesAtExit=" + archive);
    new SoenCloudProcess(jar, dump, keys).run(warmup, warmupDir);
    if (!Files.isRegularFile(archive)) {
      return this;
    }
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.add("-XX:SharedArchiveFile=" + archive);
    return new SoenCloudProcess(jar, flags, keys);
  }

  /** The shaded jar Maven's {@code package} phase built in {@code target/}. */
  static Path findJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(f -> f.getFileName().toString().matches("soen-cloud-cli-.*-all\\.jar"))
          .findFirst().orElseThrow(() -> new IllegalStateException(
              "no target/soen-cloud-cli-*-all.jar: run through `mvn verify` (the jar is made in `package`)"))
          .toAbsolutePath();
    }
  }

  /** JVM flags from {@code -Dcatalogue.jvmFlags="..."} (space-separated), else {@link #DEFAULT_JVM_FLAGS}. */
  static List<String> jvmFlagsFromSystemProperty() {
    String flags = System.getProperty("catalogue.jvmFlags");
    if (flags == null) {
      return DEFAULT_JVM_FLAGS;
    }
    return flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("\\s+"));
  }

  Outcome run(CatalogueCase c, Path root) throws IOException, InterruptedException {
    CaseDirs dirs = CaseDirs.create(root);
    for (CaseFile f : c.files()) {
      f.create(dirs, keys);
    }
    byte[] userConfigBefore = readIfFile(dirs.userConfig());
    try (ConnectionRecorder recorder = new ConnectionRecorder()) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmFlags);
      command.add("-jar");
      command.add(jar.toString());
      c.args().forEach(a -> command.add(dirs.expand(a)));
      ProcessBuilder pb = new ProcessBuilder(command).directory(dirs.work().toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(dirs.root().resolve("stdout.txt").toFile())
          .redirectError(dirs.root().resolve("stderr.txt").toFile());
      pb.environment().clear();
      pb.environment().putAll(environment(dirs, recorder.url()));
      c.env().forEach((k, v) -> pb.environment().put(k, dirs.expand(v)));
      long start = System.nanoTime();
      Process p = pb.start();
      boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      recorder.close();
      return new Outcome(c, dirs, finished ? p.exitValue() : -1, !finished,
          Files.readString(dirs.root().resolve("stdout.txt"), StandardCharsets.UTF_8),
          Files.readString(dirs.root().resolve("stderr.txt"), StandardCharsets.UTF_8),
          millis, recorder.requests(), entries(dirs.soenHome().resolve("jobs")),
          entries(dirs.soenHome().resolve("local")),
          !Arrays.equals(userConfigBefore, readIfFile(dirs.userConfig())));
    }
  }

  /** The environment every case starts from; nothing is inherited from this JVM's. */
  static Map<String, String> environment(CaseDirs dirs, String recorderUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    env.put("HOME", dirs.home().toString());
    env.put("SOEN_HOME", dirs.soenHome().toString());
    env.put("TMPDIR", dirs.root().toString());
    env.put("AWS_ACCESS_KEY_ID", "AKIACATALOGUEDUMMY00");
    env.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET_KEY);
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("AWS_ENDPOINT_URL", recorderUrl);
    env.put("LAMBDA_API_URL", recorderUrl + "/api/v1");
    env.put("LAMBDA_API_KEY", LAMBDA_API_KEY);
    env.put("MLFLOW_TRACKING_URI", recorderUrl);
    env.put("MLFLOW_TRACKING_PASSWORD", MLFLOW_PASSWORD);
    env.put("HF_TOKEN", HF_TOKEN);
    return env;
  }

  private static byte[] readIfFile(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
  }

  /** Everything under {@code dir} (files and folders), relative; empty when it does not exist. */
  private static List<String> entries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
