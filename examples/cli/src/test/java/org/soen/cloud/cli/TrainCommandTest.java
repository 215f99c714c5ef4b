package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.JobState;
import org.soen.cloud.testkit.FakeJob;

class TrainCommandTest {
  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(dir);
  }

  @Test
  void train_whenJobCompletes_printsSummaryFollowsAndDownloadsArtifacts() {
    cli.writeConfig("train.yaml", "  artifacts: [best.pt]\n");
    cli.fake.enqueue(FakeJob.completesAfterPolls(3).withLogLines("loading data", "epoch 1/3 loss=0.9000")
        .withEpoch(1, Map.of("loss", 0.9)).withArtifact("best.pt", "weights"));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(0);
    assertThat(r.out()).contains("=".repeat(60)).contains("Cloud job submitted: soen-cli-")
        .contains("Instance: fake-gpu-1x").contains("Backend:  pytorch").contains("Monitor with:")
        .contains("soen-cloud status soen-cli-").contains("==> RUNNING").contains("  | loading data")
        .contains("Final state: COMPLETED").contains("Last epoch:  epoch=1  loss=0.9")
        .contains("Cost:        $").contains("Artifacts:   ");
    String id = cli.fake.takeSubmission().jobId();
    Path artifacts = cli.home.resolve("jobs").resolve(id).resolve("artifacts");
    assertThat(artifacts.resolve("best.pt")).hasContent("weights");
    assertThat(r.out()).as("the summary says where the artifacts go").contains("  Artifacts: " + artifacts + "\n")
        .contains("Artifacts:   " + artifacts + " (1 file)");
    assertThat(cli.work.resolve("artifacts")).as("nothing lands in the working folder").doesNotExist();
    assertThat(cli.interruptActions).as("the Ctrl-C hook is removed after the job ended").isEmpty();
  }

  @Test
  void train_withOutput_downloadsThereAndTheSummarySaysSo() {
    cli.writeConfig("train.yaml", "  artifacts: [best.pt]\n");
    cli.fake.enqueue(FakeJob.completesAfterPolls(2).withArtifact("best.pt", "weights"));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "-o", "out");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(cli.work.resolve("out").resolve("best.pt")).hasContent("weights");
    assertThat(r.out()).contains("  Artifacts: " + cli.work.resolve("out") + "\n");
  }

  @Test
  void train_withQuiet_printsOnlyTheJobNameAndTheFinalState() {
    cli.writeConfig("train.yaml", "  artifacts: [best.pt]\n");
    cli.fake.enqueue(FakeJob.completesAfterPolls(3).withLogLines("loading data", "epoch 1/3 loss=0.9000")
        .withEpoch(1, Map.of("loss", 0.9)).withArtifact("best.pt", "weights"));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--quiet");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    String id = cli.fake.takeSubmission().jobId();
    assertThat(r.out()).isEqualTo("Job:         " + id + "\nFinal state: COMPLETED (exit code 0)\n");
    assertThat(cli.home.resolve("jobs").resolve(id).resolve("artifacts").resolve("best.pt")).hasContent("weights");
  }

  @Test
  void train_withQuiet_whenJobFails_printsTheFinalStateAndExits1() {
    cli.writeConfig("train.yaml", "");
    cli.fake.enqueue(FakeJob.failsAfterPolls(2, "CUDA out of memory", 137));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--quiet");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    String id = cli.fake.takeSubmission().jobId();
    assertThat(r.out()).isEqualTo("Job:         " + id + "\nFinal state: FAILED (exit code 137) CUDA out of memory\n");
  }

  @Test
  void train_lastEpochLine_listsTheMetricsInTheLogsOrderEveryRun() {
    cli.writeConfig("train.yaml", "");
    cli.fake.enqueue(FakeJob.completesAfterPolls(2)
        .withLogLines("epoch 1/1 zeta=1 loss=0.5 acc=0.9 map50=0.41 lr=0.001 box_loss=2"));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains(
        "Last epoch:  epoch=1  zeta=1.0  loss=0.5  acc=0.9  map50=0.41  lr=0.001  box_loss=2.0\n");
  }

  @Test
  void train_unknownKey_listsWhatIsAllowedInOneFixedOrder() {
    cli.writeConfig("train.yaml", "  instance:\n    instance_tipe: x\n");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("cloud.instance.instance_tipe: unknown setting; did you mean instance_type?; "
        + "allowed here: instance_count, instance_type, max_runtime_hours, max_wait_hours, use_spot, volume_size_gb\n");
  }

  @Test
  void train_withJson_printsOneDocumentThatParsesBack() {
    cli.writeConfig("train.yaml", "  artifacts: [best.pt]\n");
    cli.fake.enqueue(FakeJob.completesAfterPolls(2).withArtifact("best.pt", "w")
        .withEpoch(1, Map.of("loss", 0.5)));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(0);
    JsonNode json = r.json();
    assertThat(json.get("submitted").asBoolean()).isTrue();
    assertThat(json.at("/job/id").asText()).startsWith("soen-cli-");
    assertThat(json.at("/job/provider").asText()).isEqualTo("fake");
    assertThat(json.at("/status/state").asText()).isEqualTo("COMPLETED");
    assertThat(json.at("/estimate/instance_type").asText()).isEqualTo("fake-gpu-1x");
    assertThat(json.at("/metrics/0/loss").asDouble()).isEqualTo(0.5);
    assertThat(json.at("/artifacts/files/0").asText()).endsWith("best.pt");
    assertThat(json.at("/cost/total_usd").isNumber()).isTrue();
  }

  @Test
  void train_whenJobFails_exits1AndPointsAtTheLogs() {
    cli.writeConfig("train.yaml", "");
    cli.fake.enqueue(FakeJob.failsAfterPolls(2, "CUDA out of memory", 137));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("Final state: FAILED (exit code 137)").contains("CUDA out of memory")
        .contains("Logs:        soen-cloud logs soen-cli-");
  }

  @Test
  void train_whenCtrlCPressed_stopsTheJobAndExits130() {
    cli.writeConfig("train.yaml", "");
    cli.fake.enqueue(FakeJob.runsUntilStopped());
    cli.pressCtrlC = true;

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
    String id = cli.fake.takeSubmission().jobId();
    assertThat(cli.fake.stopCalls(id)).isGreaterThanOrEqualTo(1);
    assertThat(r.err()).contains("Interrupted: stopping " + id).contains("Stopped " + id);
    assertThat(cli.questions).as("nothing is asked when not on a terminal").isEmpty();
    cli.pressCtrlC = false;
    assertThat(cli.run("status", id, "--json").json().at("/state").asText()).isEqualTo(JobState.STOPPED.name());
  }

  @Test
  void train_whenCtrlCPressedOnATerminalAndDetachChosen_leavesTheJobRunningAndExits0() {
    cli.writeConfig("train.yaml", "");
    cli.fake.enqueue(FakeJob.runsUntilStopped());
    cli.terminal = true;
    cli.answers.add("d");
    cli.pressCtrlC = true;

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    String id = cli.fake.takeSubmission().jobId();
    assertThat(cli.questions).singleElement().asString()
        .contains("Ctrl-C: stop " + id + " and terminate what it runs [S], or detach and leave it running [d]?");
    assertThat(cli.outWhileAsking).as("no log line is printed while the question waits").isEmpty();
    assertThat(r.out()).as("the held line comes after the answer").contains("  | " + cli.logWhileAsking + "\n");
    assertThat(cli.fake.stopCalls(id)).isZero();
    assertThat(r.out()).contains("Detached from " + id + "; it keeps running (and billing)")
        .contains("soen-cloud attach " + id);
    cli.pressCtrlC = false;
    cli.terminal = false;
    assertThat(cli.run("status", id, "--json").json().at("/state").asText()).isNotIn("STOPPED", "COMPLETED", "FAILED");
  }

  @Test
  void train_whenCtrlCPressedOnATerminalAndEnterPressed_stopsTheJob() {
    assertStoppedAfterOneQuestion(false);
  }

  @Test
  void train_whenCtrlCPressedAgainWhileAsked_stopsTheJobAndTheHeldLogFlowsAgain() {
    CliHarness.Result r = assertStoppedAfterOneQuestion(true);

    assertThat(r.out()).contains("  | " + cli.logWhileAsking + "\n");
  }

  /** Ctrl-C on a terminal, Enter (and a second Ctrl-C while asked when {@code again}): stopped, 130. */
  private CliHarness.Result assertStoppedAfterOneQuestion(boolean again) {
    cli.writeConfig("train.yaml", "");
    cli.fake.enqueue(FakeJob.runsUntilStopped());
    cli.terminal = true;
    cli.answers.add("");
    cli.pressCtrlC = true;
    cli.ctrlCWhileAsking = again;

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
    String id = cli.fake.takeSubmission().jobId();
    assertThat(cli.questions).hasSize(1);
    assertThat(cli.fake.stopCalls(id)).isGreaterThanOrEqualTo(1);
    assertThat(r.err()).contains("Stopped " + id);
    return r;
  }

  @Test
  void train_withEstimate_printsPricesAndSubmitsNothing() {
    cli.writeConfig("train.yaml", "  instance:\n    use_spot: true\n    max_runtime_hours: 2\n");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--estimate");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(0);
    assertThat(r.out()).contains("Cost estimate for fake fake-gpu-1x").contains("Hours:      2 (max runtime)")
        .contains("On-demand:  $1.00/h -> $2.00").contains("Spot:       $0.30/h -> $0.60")
        .contains("This run:   $0.60 (spot)").contains("Nothing was submitted");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void train_withEstimateAndJson_parsesBackAndFlagsOverrideTheYaml() {
    cli.writeConfig("train.yaml", "  instance:\n    max_runtime_hours: 2\n");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--estimate", "--json",
        "--instance-type", "fake-gpu-8x", "--no-spot", "--max-runtime-hours", "3", "--max-cost-usd", "100");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(0);
    JsonNode json = r.json();
    assertThat(json.get("submitted").asBoolean()).isFalse();
    assertThat(json.at("/estimate/instance_type").asText()).isEqualTo("fake-gpu-8x");
    assertThat(json.at("/estimate/hours").decimalValue()).isEqualByComparingTo("3");
    assertThat(json.at("/estimate/total_usd").decimalValue()).isEqualByComparingTo("24.00");
    assertThat(json.at("/estimate/budget_usd").decimalValue()).isEqualByComparingTo("100");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void train_withDetach_returnsAfterSubmission() {
    cli.writeConfig("train.yaml", "");
    cli.fake.enqueue(FakeJob.runsUntilStopped());

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--detach", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(0);
    String id = r.json().at("/job/id").asText();
    assertThat(cli.fake.takeSubmission().jobId()).isEqualTo(id);
    assertThat(cli.fake.stopCalls(id)).isZero();
    assertThat(cli.run("status", id, "--json").json().at("/state").asText()).isNotEqualTo("COMPLETED");
  }

  @Test
  void train_withoutConfig_exits2() {
    CliHarness.Result r = cli.run("train");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--config=FILE'").contains("soen-cloud train --help");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void train_withMissingFile_exits2NamingTheFile() {
    CliHarness.Result r = cli.run("train", "--config", "nope.yaml");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(cli.work.resolve("nope.yaml") + ": the file does not exist; give the path of a YAML file");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void train_withBadFlagValues_exits2AndSubmitsNothing() {
    cli.writeConfig("train.yaml", "");
    assertBadUsage(cli.run("train", "--config", "train.yaml", "--max-cost-usd", "-5"),
        "--max-cost-usd: cloud.max_cost_usd: must be USD, more than 0, was -5");
    assertBadUsage(cli.run("train", "--config", "train.yaml", "--max-runtime-hours", "0"),
        "--max-runtime-hours: cloud.instance.max_runtime_hours: must be hours, more than 0 and at most 672, was 0");
    assertBadUsage(cli.run("train", "--config", "train.yaml", "--backend", "tensorflow"),
        "--backend: cloud.backend: must be one of pytorch, jax, was \"tensorflow\"");
    assertBadUsage(cli.run("train", "--config", "train.yaml", "--max-cost-usd", "ten"),
        "--max-cost-usd: cloud.max_cost_usd: must be a number (USD, more than 0), was \"ten\"");
    assertBadUsage(cli.run("train", "--config", "train.yaml", "--estimate", "--detach"),
        "--estimate submits nothing, so it cannot be combined with --detach");
    assertBadUsage(cli.run("train", "--config", "train.yaml", "--quiet", "--verbose"),
        "--quiet and --verbose cannot be used together");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void train_withUnknownInstanceType_exits2WithDidYouMeanAndSubmitsNothing() {
    cli.writeConfig("train.yaml", "");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--instance-type", "fake-gpu-1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("invalid configuration").contains("cloud.instance.instance_type")
        .contains("fake-gpu-1x").contains("nothing was submitted");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void train_withBadYaml_exits2WithFileLineAndJsonProblems() {
    cli.writeConfig("train.yaml", "  instance:\n    max_runtime_hours: abc\n");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    JsonNode json = r.json();
    assertThat(json.at("/exit_code").asInt()).isEqualTo(2);
    assertThat(json.at("/error/code").asText()).isEqualTo("config.invalid");
    assertThat(json.at("/error/problems/0/key_path").asText()).isEqualTo("cloud.instance.max_runtime_hours");
    assertThat(json.at("/error/problems/0/line").asInt()).isEqualTo(8);
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void train_withUnknownProvider_exits2ListingKnownOnes() {
    cli.writeConfig("train.yaml", "");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--provider", "azure");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("azure").contains("fake");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void train_whenProviderHasNoCapacity_exits3() {
    cli.writeConfig("train.yaml", "");
    cli.fake.enqueue(FakeJob.rejectsWithCapacity("no fake-gpu-1x capacity in any region"));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).contains("error: ").contains("no fake-gpu-1x capacity in any region");
  }

  /** Exit 2 and {@code message} on stderr: after {@code error: }, or as one of the listed config problems. */
  static void assertBadUsage(CliHarness.Result r, String message) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).containsAnyOf("error: " + message, "\n  " + message);
  }
}
