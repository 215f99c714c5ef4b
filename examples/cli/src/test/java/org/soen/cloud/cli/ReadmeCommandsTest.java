package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.testkit.FakeJob;

/** Every {@code soen-cloud} line in this module's README runs, in order, and succeeds, so the README cannot rot. */
class ReadmeCommandsTest {
  @TempDir Path dir;

  static List<String> readmeCommands() throws IOException {
    List<String> commands = new ArrayList<>();
    boolean inBash = false;
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (line.startsWith("```")) {
        inBash = line.equals("```bash");
        continue;
      }
      if (inBash && line.startsWith("soen-cloud ")) {
        commands.add(line.substring("soen-cloud ".length()));
      }
    }
    return commands;
  }

  @Test
  void readmeCommands_allRunAndExit0() throws IOException {
    List<String> commands = readmeCommands();
    assertThat(commands).hasSizeGreaterThan(15);
    CliHarness cli = new CliHarness(dir);
    cli.writeConfig("experiment.yaml", "  artifacts: [best.pt]\n");
    cli.fake.setFallback(FakeJob.completesAfterPolls(2).withLogLines("epoch 1/1 loss=0.1000")
        .withArtifact("best.pt", "weights"));
    String job = null;
    for (String command : commands) {
      String line = job == null ? command : command.replace("<job>", job);
      assertThat(line).as("a README command runs after a job was submitted").doesNotContain("<job>");
      CliHarness.Result r = cli.run(line.split(" "));
      assertThat(r.exitCode()).as("soen-cloud " + line + "\n" + r).isZero();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("Cloud job submitted: (\\S+)").matcher(r.out());
      if (m.find()) {
        job = m.group(1);
      }
    }
    assertThat(dir.resolve("work/results/best.pt")).hasContent("weights");
  }
}
