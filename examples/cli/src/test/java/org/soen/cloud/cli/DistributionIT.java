package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user installs it: unpack {@code soen-cloud-<version>.tar.gz}, link
 * {@code bin/soen-cloud} into a folder on PATH, and run it from any other folder.
 */
class DistributionIT {
  @TempDir Path dir;
  Path installed;
  Path onPath;

  @BeforeEach
  void install() throws Exception {
    Path tarball;
    try (var files = Files.list(Path.of("target"))) {
      tarball = files.filter(f -> f.getFileName().toString().matches("soen-cloud-.*\\.tar\\.gz")).findFirst()
          .orElseThrow(() -> new AssertionError("no soen-cloud-<version>.tar.gz in target"));
    }
    run(dir, "tar", "-xzf", tarball.toAbsolutePath().toString());
    try (var unpacked = Files.list(dir)) {
      installed = unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    onPath = Files.createDirectories(dir.resolve("path-bin"));
    Files.createSymbolicLink(onPath.resolve("soen-cloud"), installed.resolve("bin/soen-cloud"));
  }

  @Test
  void unpacked_holdsTheLauncherTheJarCompletionManPageAndDocs() {
    assertThat(installed.resolve("bin/soen-cloud")).isExecutable();
    assertThat(installed.resolve("lib/soen-cloud.jar")).isRegularFile();
    assertThat(installed.resolve("completion/soen-cloud.bash")).isRegularFile();
    assertThat(installed.resolve("man/man1/soen-cloud.1")).isRegularFile();
    assertThat(installed.resolve("README.md")).isRegularFile();
    assertThat(installed.resolve("LICENSE")).isRegularFile();
  }

  @Test
  void version_throughALinkOnPath_printsTheVersionAndCommit() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    String out = runOnPath(elsewhere, "--version");
    assertThat(out).matches("soen-cloud \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{7,}\\)\\s*");
  }

  @Test
  void checkoutLauncher_throughALinkOnPath_findsItsJar() throws Exception {
    Files.delete(onPath.resolve("soen-cloud"));
    Files.createSymbolicLink(onPath.resolve("soen-cloud"), Path.of("soen-cloud").toAbsolutePath());
    String out = runOnPath(Files.createDirectories(dir.resolve("elsewhere")), "--version");
    assertThat(out).startsWith("soen-cloud ").contains("(commit ");
  }

  @Test
  void train_quickstartFromAnotherFolder_completes() throws Exception {
    Path quickstart = Path.of("../quickstart/train.yaml").toAbsolutePath().normalize();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    String out = runOnPath(elsewhere, "train", "--config", quickstart.toString(), "--output",
        dir.resolve("artifacts").toString());
    assertThat(out).contains("Final state: COMPLETED");
    assertThat(dir.resolve("artifacts/model.txt")).isRegularFile();
  }

  @Test
  void bashCompletion_completesVerbsAndTrainFlags() throws Exception {
    String script = "source '" + installed.resolve("completion/soen-cloud.bash") + "'; "
        + "COMP_WORDS=(soen-cloud tr); COMP_CWORD=1; COMP_LINE='soen-cloud tr'; COMP_POINT=13; "
        + "_complete_soen-cloud soen-cloud tr soen-cloud; echo \"${COMPREPLY[@]}\"; "
        + "COMP_WORDS=(soen-cloud train --max-c); COMP_CWORD=2; COMP_LINE='soen-cloud train --max-c'; COMP_POINT=24; "
        + "_complete_soen-cloud soen-cloud --max-c train; echo \"${COMPREPLY[@]}\"";
    String out = run(dir, "bash", "-c", script);
    assertThat(out).contains("train").contains("--max-cost-usd");
  }

  @Test
  void manPage_documentsEveryVerbAndTheGeneratedFlags() throws IOException {
    String man = Files.readString(installed.resolve("man/man1/soen-cloud.1"), StandardCharsets.UTF_8);
    assertThat(man).startsWith(".TH SOEN-CLOUD 1");
    for (String verb : List.of("train", "status", "list", "stop", "logs", "attach", "download", "pricing", "doctor",
        "config show", "config set", "config reference", "reap")) {
      assertThat(man).as(verb).contains(".SS soen\\-cloud " + verb.replace("-", "\\-"));
    }
    assertThat(man).contains("\\-\\-max\\-cost\\-usd").contains("\\-\\-instance\\-type");
  }

  /** {@code soen-cloud args...}, found on PATH by a shell as a user's shell finds it. */
  private String runOnPath(Path cwd, String... args) throws Exception {
    String[] command = new String[args.length + 4];
    command[0] = "bash";
    command[1] = "-c";
    command[2] = "exec soen-cloud \"$@\"";
    command[3] = "soen-cloud";
    System.arraycopy(args, 0, command, 4, args.length);
    return run(cwd, command);
  }

  private String run(Path cwd, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", onPath == null ? System.getenv("PATH") : onPath + ":" + System.getenv("PATH"));
    pb.environment().put("SOEN_HOME", dir.resolve("soen-home").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }
}
