package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.testkit.FakeJob;

/** status, list, stop, logs, attach, download and reap on jobs another process submitted. */
class JobCommandsTest {
  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(dir);
    cli.writeConfig("train.yaml", "  artifacts: [best.pt]\n");
  }

  private String submitDetached(FakeJob job) {
    cli.fake.enqueue(job);
    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--detach", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.json().at("/job/id").asText();
  }

  @Test
  void status_ofADetachedJob_printsStateAndParsesBackAsJson() {
    String id = submitDetached(FakeJob.runsUntilStopped());

    CliHarness.Result text = cli.run("status", id);
    JsonNode json = cli.run("status", id, "--json").json();

    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("Job:       " + id).contains("Provider:  fake").contains("State:     ");
    assertThat(json.get("job_id").asText()).isEqualTo(id);
    assertThat(json.get("provider").asText()).isEqualTo("fake");
    assertThat(json.get("terminal").asBoolean()).isFalse();
  }

  @Test
  void status_ofAnUnknownJob_exits2SayingHowToFindJobs() {
    CliHarness.Result r = cli.run("status", "soen-nope-20260101000000-abcd");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no job named soen-nope-20260101000000-abcd in the journal")
        .contains("soen-cloud list");
  }

  @Test
  void status_withoutJob_exits2() {
    CliHarness.Result r = cli.run("status");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required parameter: 'JOB'");
  }

  @Test
  void stop_stopsTheJobAndIsIdempotent() {
    String id = submitDetached(FakeJob.runsUntilStopped());

    CliHarness.Result first = cli.run("stop", id);
    cli.clock.advance(Duration.ofMinutes(1));
    CliHarness.Result second = cli.run("stop", id, "--json");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).startsWith(id + ": STOP");
    assertThat(second.exitCode()).isZero();
    assertThat(second.json().get("state").asText()).startsWith("STOP");
    assertThat(cli.fake.stopCalls(id)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void list_showsRecentJobsFiltersByStateAndProvider() {
    String running = submitDetached(FakeJob.runsUntilStopped());
    String other = submitDetached(FakeJob.runsUntilStopped());
    cli.run("stop", other);
    cli.run("attach", other);

    CliHarness.Result all = cli.run("list");
    JsonNode stopped = cli.run("list", "--state", "stopped", "--json").json();
    JsonNode none = cli.run("list", "--provider", "fake", "--state", "completed", "--json").json();

    assertThat(all.exitCode()).isZero();
    assertThat(all.out()).contains("JOB").contains("PROVIDER").contains("STATE").contains(running).contains(other);
    assertThat(stopped).hasSize(1);
    assertThat(stopped.get(0).get("job_id").asText()).isEqualTo(other);
    assertThat(none).isEmpty();
  }

  @Test
  void list_hidesOldFinishedJobsUnlessAll() {
    String id = submitDetached(FakeJob.completesAfterPolls(1).withArtifact("best.pt", "w"));
    cli.run("attach", id);
    cli.clock.advance(Duration.ofDays(2));

    assertThat(cli.run("list", "--json").json()).isEmpty();
    assertThat(cli.run("list", "--all", "--json").json().get(0).get("job_id").asText()).isEqualTo(id);
  }

  @Test
  void list_withBadStateOrProvider_exits2ListingWhatIsAllowed() {
    CliHarness.Result state = cli.run("list", "--state", "sleeping");
    CliHarness.Result provider = cli.run("list", "--provider", "azure");

    assertThat(state.exitCode()).isEqualTo(2);
    assertThat(state.err()).contains("--state").contains("sleeping").contains("COMPLETED");
    assertThat(provider.exitCode()).isEqualTo(2);
    assertThat(provider.err()).contains("--provider: unknown provider 'azure'; known: fake");
  }

  @Test
  void logs_printsTheLogAndFollowsUntilTheJobEnds() {
    String id = submitDetached(FakeJob.completesAfterPolls(4).withLogLines("step one", "step two")
        .withArtifact("best.pt", "w"));

    CliHarness.Result followed = cli.run("logs", id, "-f");
    JsonNode json = cli.run("logs", id, "--json").json();

    assertThat(followed.exitCode()).as(followed.toString()).isZero();
    assertThat(followed.out()).contains("step one\nstep two\n");
    assertThat(json.get("lines")).extracting(l -> l.get("message").asText()).contains("step one", "step two");
    assertThat(json.get("complete").asBoolean()).isTrue();
  }

  @Test
  void attach_followsAJobSubmittedEarlierToTheEndAndDownloads() {
    String id = submitDetached(FakeJob.completesAfterPolls(3).withLogLines("resumed").withArtifact("best.pt", "w8"));

    CliHarness.Result r = cli.run("attach", id);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Attached to " + id + " on fake").contains("Final state: COMPLETED");
    assertThat(cli.home.resolve("jobs").resolve(id).resolve("artifacts").resolve("best.pt")).hasContent("w8");
  }

  @Test
  void attach_toAFailingJob_exits1() {
    String id = submitDetached(FakeJob.failsAfterPolls(1, "diverged", 3));

    CliHarness.Result r = cli.run("attach", id);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("Final state: FAILED (exit code 3) diverged");
  }

  @Test
  void download_copiesArtifactsIntoTheGivenFolder() {
    String id = submitDetached(FakeJob.completesAfterPolls(1).withArtifact("best.pt", "weights"));
    cli.run("attach", id, "-o", "ignored");

    CliHarness.Result r = cli.run("download", id, "out", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.json().get("files").get(0).asText()).endsWith("best.pt");
    assertThat(cli.work.resolve("out/best.pt")).hasContent("weights");
  }

  @Test
  void download_intoAFile_exits2() throws Exception {
    java.nio.file.Files.writeString(cli.work.resolve("afile"), "x");

    CliHarness.Result r = cli.run("download", "soen-x-20260101000000-abcd", "afile");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("exists and is not a folder");
  }

  @Test
  void reap_dryRun_reportsNothingLeftAndParsesBack() {
    CliHarness.Result text = cli.run("reap", "--dry-run");
    JsonNode json = cli.run("reap", "--dry-run", "--json").json();

    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("Nothing left running.");
    assertThat(json.get("dry_run").asBoolean()).isTrue();
    assertThat(json.get("would_release")).isEmpty();
  }

  @Test
  void usageError_withJson_printsAnErrorDocument() {
    CliHarness.Result r = cli.run("status", "--json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("usage.missing");
    assertThat(r.json().at("/error/message").asText()).contains("Missing required parameter: 'JOB'");
    assertThat(r.json().at("/exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void unknownVerb_exits2() {
    CliHarness.Result r = cli.run("launch");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown command 'launch'");
  }

  @Test
  void noVerb_exits2ListingVerbs() {
    CliHarness.Result r = cli.run();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("missing a command").contains("train").contains("pricing");
  }
}
