package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.testkit.lambda.FakeLambdaCloud;

/**
 * The {@code soen-cloud} launcher script and the shaded jar as a user runs them: a real training
 * command on the {@code local} provider, and Ctrl-C (SIGINT to the process) during {@code train}.
 */
class SoenCloudScriptIT {
  private static final Path SCRIPT = Path.of("soen-cloud").toAbsolutePath();
  private static final Pattern JOB_ID = Pattern.compile("Cloud job submitted: (soen-[A-Za-z0-9-]+)");

  @TempDir Path dir;
  Path home;

  @BeforeEach
  void setUp() throws IOException {
    home = dir.resolve("home");
    Files.createDirectories(home);
  }

  private ProcessBuilder soenCloud(String... args) {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("SOEN_HOME", home.toString());
    pb.environment().remove("AWS_REGION");
    return pb;
  }

  private String runToEnd(int expectedExit, String... args) throws Exception {
    Process p = soenCloud(args).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isEqualTo(expectedExit);
    return output;
  }

  private String version(Path cache, String cds) throws Exception {
    return launch(cache, cds, "", "--version");
  }

  /** Runs the launcher with {@code SOEN_CLOUD_CDS=cds} and {@code SOEN_CLOUD_JAVA_OPTS=javaOpts}; its output. */
  private String launch(Path cache, String cds, String javaOpts, String... args) throws Exception {
    ProcessBuilder pb = soenCloud(args).redirectErrorStream(true);
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.environment().put("SOEN_CLOUD_CDS", cds);
    pb.environment().put("SOEN_CLOUD_JAVA_OPTS", javaOpts);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  private static List<String> cacheFiles(Path cache) throws IOException {
    try (var files = Files.list(cache.resolve("soen-cloud"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** Where {@code list} loaded one of its own classes from, with the archive required ({@code -Xshare:on}). */
  private String listClassSource(Path cache) throws Exception {
    Path log = dir.resolve("classes-" + UUID.randomUUID() + ".log");
    launch(cache, "on", "-Xshare:on -Xlog:class+load=info:file=" + log, "list");
    return Files.readAllLines(log).stream().filter(l -> l.contains(" org.soen.cloud.internal.JournalIndex "))
        .findFirst().orElseThrow();
  }

  @Test
  void launcher_firstRunOfVersion_recordsAnArchiveInTheBackgroundThatCoversListWithoutAWordOnTheOutput()
      throws Exception {
    Path cache = dir.resolve("cache");
    String first = version(cache, "on");
    Path lock = cacheFiles(cache).stream().filter(n -> n.endsWith(".jsa.recording")).findFirst()
        .map(n -> cache.resolve("soen-cloud").resolve(n)).orElseThrow();
    long recorder = Long.parseLong(Files.readString(lock).strip());
    ProcessHandle.of(recorder).ifPresent(h -> h.onExit().orTimeout(180, TimeUnit.SECONDS).join());

    assertThat(cacheFiles(cache)).singleElement().satisfies(name ->
        assertThat(name).as("the recorder's archive, renamed into place").matches("cds-\\d+-\\d+\\.jsa"));
    assertThat(List.of(first, version(cache, "on"), version(cache, "on")))
        .allSatisfy(o -> assertThat(o).matches("soen-cloud \\S+ \\(commit \\w+\\)\\R"));
    assertThat(listClassSource(cache)).as("a class only list loads, although the first run was --version")
        .contains("source: shared objects file");
  }

  /**
   * One recording serves both checks (each takes about 20 s): the archive is there before the
   * command runs, and the cache folder keeps the three newest archives only.
   */
  @Test
  void launcher_withClassDataArchiveNow_hasTheArchiveBeforeTheCommandRuns_andKeepsTheThreeNewest() throws Exception {
    Path cache = dir.resolve("cache");
    Path folder = Files.createDirectories(cache.resolve("soen-cloud"));
    Instant now = Instant.now();
    for (int i = 1; i <= 4; i++) {
      Path old = Files.writeString(folder.resolve("cds-" + i + "-" + i + ".jsa"), "an archive of another install");
      Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(10 - i))));
    }
    Path interrupted = Files.createDirectories(folder.resolve("cds-9-9.jsa.Ab3dEf"));
    Files.writeString(interrupted.resolve("1.classlist"), "java/lang/Object");
    Files.setLastModifiedTime(interrupted, FileTime.from(now.minus(Duration.ofDays(2))));
    Path recent = Files.createDirectories(folder.resolve("cds-8-8.jsa.Gh5iJk"));

    assertThat(version(cache, "now")).startsWith("soen-cloud ");

    assertThat(listClassSource(cache)).contains("source: shared objects file");
    assertThat(cacheFiles(cache)).filteredOn(n -> n.matches("cds-\\d+-\\d+\\.jsa")).hasSize(3)
        .contains("cds-3-3.jsa", "cds-4-4.jsa").doesNotContain("cds-1-1.jsa", "cds-2-2.jsa");
    assertThat(interrupted).as("what a recorder interrupted two days ago left").doesNotExist();
    assertThat(recent).as("a recorder folder of now, perhaps at work").exists();
  }

  @Test
  void launcher_withAnUnusableArchive_runsWithoutItAndSaysNothing() throws Exception {
    Path cache = dir.resolve("cache");
    version(cache, "now");
    Path archive = cache.resolve("soen-cloud").resolve(cacheFiles(cache).get(0));
    archive.toFile().setWritable(true);
    Files.write(archive, "not a class-data archive".getBytes(StandardCharsets.UTF_8));

    assertThat(version(cache, "on")).matches("soen-cloud \\S+ \\(commit \\w+\\)\\R");
  }

  @Test
  void launcher_readingVerbsRunWithTheQuickCompilerOnly_verbsThatDigestDataKeepBoth() throws Exception {
    Path cache = dir.resolve("cache");
    String flags = "-XX:+PrintCommandLineFlags";

    assertThat(launch(cache, "off", flags, "list")).contains("-XX:TieredStopAtLevel=1");
    assertThat(launch(cache, "off", flags, "--version")).contains("-XX:TieredStopAtLevel=1");
    assertThat(launch(cache, "off", flags, "train", "--help")).doesNotContain("TieredStopAtLevel");
  }

  @Test
  void launcher_keepsC2ForDigestsOnly_andJitDefaultLeavesTheJvmsOwnSettings() throws Exception {
    Path cache = dir.resolve("cache");
    String flags = "-XX:+PrintCommandLineFlags";

    assertThat(launch(cache, "off", flags, "train", "--help")).contains("-XX:Tier4InvocationThreshold=1000");
    ProcessBuilder pb = soenCloud("train", "--help").redirectErrorStream(true);
    pb.environment().put("SOEN_CLOUD_CDS", "off");
    pb.environment().put("SOEN_CLOUD_JIT", "default");
    pb.environment().put("SOEN_CLOUD_JAVA_OPTS", flags);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("-XX:+UseSerialGC").doesNotContain("Tier4InvocationThreshold");
  }

  @Test
  void launcher_withClassDataArchiveOff_recordsNothing() throws Exception {
    Path cache = dir.resolve("cache");

    assertThat(version(cache, "off")).startsWith("soen-cloud ");

    assertThat(cache).doesNotExist();
  }

  private Path config(String name, String command) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "training:\n  epochs: 2\ncloud:\n  provider: local\n  experiment: script\n"
        + "  command: [sh, -c, '" + command + "']\n  artifacts: [model.txt]\n"
        + "  instance:\n    instance_type: ml.g5.xlarge\n    max_runtime_hours: 0.5\n");
    return file;
  }

  @Test
  void shadedJar_mergesEveryProviderRegistration() throws IOException {
    Path jar;
    try (var files = Files.list(Path.of("target"))) {
      jar = files.filter(f -> f.getFileName().toString().endsWith("-all.jar")).findFirst().orElseThrow();
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      var entry = j.getEntry("META-INF/services/org.soen.cloud.spi.TrainingBackendProvider");
      assertThat(entry).isNotNull();
      String services = new String(j.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(services).contains("org.soen.cloud.internal.LocalBackendProvider");
      assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(SoenCloudCli.class.getName());
    }
  }

  @Test
  void train_onLocal_runsTheCommandAndBringsTheArtifactBack() throws Exception {
    config("train.yaml", "echo epoch 1/2 loss=0.7000; echo epoch 2/2 loss=0.3000; echo trained > $SOEN_OUTPUT_DIR/model.txt");

    String output = runToEnd(0, "train", "--config", "train.yaml");

    Matcher m = JOB_ID.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    String id = m.group(1);
    assertThat(output).contains("Provider: local").contains("  | epoch 2/2 loss=0.3000")
        .contains("Final state: COMPLETED").contains("Cost:        $0.00");
    assertThat(home.resolve("jobs").resolve(id).resolve("artifacts").resolve("model.txt")).hasContent("trained");
    JsonNode list = new ObjectMapper().readTree(runToEnd(0, "list", "--provider", "local", "--json"));
    assertThat(list.get(0).get("job_id").asText()).isEqualTo(id);
    assertThat(list.get(0).get("state").asText()).isEqualTo("COMPLETED");
  }

  /**
   * Reads the command's output (colours stripped) into {@code seen} until the job logs "started";
   * returns the job id it printed.
   */
  private static String readUntilStarted(BufferedReader out, StringBuilder seen) throws IOException {
    String id = null;
    String line;
    while ((line = out.readLine()) != null) {
      String plain = line.replaceAll("\u001B\\[[0-9;]*m", "");
      seen.append(plain).append('\n');
      Matcher m = JOB_ID.matcher(plain);
      if (m.find()) {
        id = m.group(1);
      }
      if (plain.contains("| started")) {
        break;
      }
    }
    assertThat(id).as(seen.toString()).isNotNull();
    assertThat(seen.toString()).contains("| started");
    return id;
  }

  /** Starts {@code train}, waits for the job's "started" log line, sends SIGINT and returns all output. */
  private Interrupted trainAndPressCtrlC(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    String id = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      id = readUntilStarted(out, seen);
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
      seen.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).as(seen.toString()).isTrue();
    return new Interrupted(id, p.exitValue(), seen.toString());
  }

  private record Interrupted(String jobId, int exitCode, String output) {}

  private static void assertNoProcessLeft(String marker) throws Exception {
    List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    for (ProcessHandle h : leftovers) {
      h.onExit().get(10, TimeUnit.SECONDS);
    }
    assertThat(leftovers).allMatch(h -> !h.isAlive());
  }

  @Test
  void ctrlC_duringTrain_stopsTheJobAndExits130() throws Exception {
    String marker = "soen-sigint-" + UUID.randomUUID();
    config("long.yaml", "echo started; sleep 300; echo " + marker);

    Interrupted run = trainAndPressCtrlC(soenCloud("train", "--config", "long.yaml"));

    assertThat(run.exitCode()).as(run.output()).isEqualTo(130);
    assertThat(run.output()).contains("Interrupted: stopping " + run.jobId()).contains("Stopped " + run.jobId());
    JsonNode status = new ObjectMapper().readTree(runToEnd(0, "status", run.jobId(), "--json"));
    assertThat(status.get("state").asText()).isEqualTo("STOPPED");
    assertNoProcessLeft(marker);
  }

  @Test
  void ctrlC_duringTrain_onATerminal_asksAndDetachesWhenTold() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script gives the command a terminal");
    String marker = "soen-sigint-tty-" + UUID.randomUUID();
    config("tty.yaml", "echo started; sleep 300; echo " + marker);
    // script(1) runs the command on a pseudo-terminal, as a person's shell would.
    ProcessBuilder pb = soenCloud();
    pb.command(List.of("/usr/bin/script", "-qfec", "'" + SCRIPT + "' train --config tty.yaml", "/dev/null"));
    Process p = pb.redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    String id = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        var in = p.getOutputStream()) {
      id = readUntilStarted(out, seen);
      ProcessHandle java = p.toHandle().descendants()
          .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false)).findFirst().orElseThrow();
      assertThat(new ProcessBuilder("kill", "-INT", Long.toString(java.pid())).start().waitFor()).isZero();
      StringBuilder prompt = new StringBuilder();
      int c;
      while ((c = out.read()) != -1) {
        prompt.append((char) c);
        if (prompt.toString().contains("[d]? ")) {
          break;
        }
      }
      seen.append(prompt);
      assertThat(prompt.toString()).contains("Ctrl-C: stop " + id + " and terminate what it runs [S], or detach");
      in.write("d\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      seen.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", ""));
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(seen.toString()).isTrue();

    assertThat(p.exitValue()).as(seen.toString()).isZero();
    assertThat(seen.toString()).contains("Detached from " + id).doesNotContain("Interrupted: stopping");
    JsonNode status = new ObjectMapper().readTree(runToEnd(0, "status", id, "--json"));
    assertThat(status.get("state").asText()).as("the detached job still runs").isEqualTo("RUNNING");
    runToEnd(0, "stop", id);
    assertNoProcessLeft(marker);
  }

  @Test
  void ctrlC_duringTrain_onLambda_terminatesThePaidInstanceBeforeExiting() throws Exception {
    String marker = "soen-sigint-lambda-" + UUID.randomUUID();
    try (FakeLambdaCloud lambda = FakeLambdaCloud.start(Clock.systemUTC(), Files.createDirectories(dir.resolve("instances")))) {
      lambda.bootDelay(Duration.ZERO);
      Path key = TrainOnProviderFakesIT.writeKey(lambda, dir.resolve("id_ecdsa"));
      Files.writeString(dir.resolve("lambda.yaml"), "cloud:\n  provider: lambdalabs\n  experiment: sigint\n"
          + "  command: [sh, -c, 'echo started; sleep 300; echo " + marker + "']\n"
          + "  instance:\n    instance_type: gpu_1x_a10\n    max_runtime_hours: 1\n"
          + "  lambda:\n    ssh_key_name: my-key\n    ssh_private_key: " + key + "\n"
          + "    remote_dir: " + Files.createDirectories(dir.resolve("remote")) + "\n");
      ProcessBuilder pb = soenCloud("train", "--config", "lambda.yaml");
      pb.environment().put("LAMBDA_API_KEY", lambda.apiKey());
      pb.environment().put("LAMBDA_API_URL", lambda.apiUrl().toString());
      pb.environment().put("HOME", home.toString());

      Interrupted run = trainAndPressCtrlC(pb);

      assertThat(run.exitCode()).as(run.output()).isEqualTo(130);
      assertThat(run.output()).contains("Interrupted: stopping " + run.jobId()).contains("Stopped " + run.jobId())
          .doesNotContain(lambda.apiKey());
      assertThat(lambda.instances()).singleElement().satisfies(i -> {
        assertThat(i.name()).isEqualTo(run.jobId());
        assertThat(i.status()).as("the paid instance is terminated before the process exits").isEqualTo("terminated");
      });
      assertNoProcessLeft(marker);
    }
  }
}
