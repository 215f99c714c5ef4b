package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pricing, doctor and config. */
class InfoCommandsTest {
  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(dir);
  }

  @Test
  void pricing_printsTheCatalogWithSpotSavingsAndRecommendations() {
    CliHarness.Result r = cli.run("pricing", "--provider", "sagemaker");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("PROVIDER").contains("ON-DEMAND/H").contains("SPOT/H").contains("AS OF")
        .containsPattern("ml\\.g5\\.xlarge +.*\\$1\\.01 +\\$0\\.35 +65% +quick tests")
        .doesNotContain("lambdalabs");
  }

  @Test
  void pricing_byGpu_parsesBackAsJson() {
    JsonNode rows = cli.run("pricing", "--gpu", "a10g", "--json").json();

    assertThat(rows).isNotEmpty();
    rows.forEach(row -> assertThat(row.get("gpu").asText()).containsIgnoringCase("A10G"));
    assertThat(rows.get(0).get("on_demand_usd_per_hour").isNumber()).isTrue();
  }

  @Test
  void pricing_withUnknownProvider_exits2ListingKnownOnes() {
    CliHarness.Result r = cli.run("pricing", "--provider", "azure");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--provider: unknown provider 'azure'; known: ").contains("sagemaker");
  }

  @Test
  void doctor_runsTheProvidersChecks() {
    cli.environment.put("SOEN_HOME", cli.home.toString());
    CliHarness.Result r = cli.run("doctor", "--provider", "fake", "--json");

    assertThat(r.exitCode()).as(r.toString()).isIn(0, 3);
    JsonNode json = r.json();
    assertThat(json.get("provider").asText()).isEqualTo("fake");
    assertThat(json.get("checks")).isNotEmpty();
    assertThat(json.get("passed").asBoolean()).isEqualTo(r.exitCode() == 0);
  }

  @Test
  void doctor_checksTheTrainingConfigOnlyWhenGiven() throws Exception {
    Files.writeString(cli.work.resolve("nocommand.yaml"), "cloud:\n  provider: fake\n");

    CliHarness.Result without = cli.run("doctor", "--provider", "fake");
    CliHarness.Result with = cli.run("doctor", "--config", "nocommand.yaml");

    assertThat(without.out()).contains("add --config FILE").doesNotContain("FAIL config");
    assertThat(with.exitCode()).as(with.toString()).isEqualTo(3);
    assertThat(with.out()).contains("FAIL config").contains("cloud.command").contains("fix: ");
  }

  @Test
  void doctor_withUnknownProvider_exits2() {
    CliHarness.Result r = cli.run("doctor", "--provider", "azure");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown provider 'azure'; known: fake");
  }

  @Test
  void configShow_namesTheLayerOfEachSettingAndMasksSecrets() {
    cli.environment.put("AWS_REGION", "eu-west-1");
    cli.environment.put("LAMBDA_API_KEY", "secret-key-123");
    Path yaml = cli.writeConfig("train.yaml", "  bucket: team-bucket\n");

    CliHarness.Result r = cli.run("config", "show", "--config", yaml.getFileName().toString());
    JsonNode json = cli.run("config", "show", "--json").json();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("region +eu-west-1 +environment +environment variable AWS_REGION")
        .containsPattern("bucket +team-bucket +yaml").containsPattern("backend +pytorch +default")
        .doesNotContain("secret-key-123");
    assertThat(json.toString()).doesNotContain("secret-key-123").contains("****");
  }

  @Test
  void configSet_persistsInTheSourceDocumentsShapeAndConfigShowReadsItBack() throws Exception {
    assertThat(cli.run("config", "set", "region", "us-east-1").exitCode()).isZero();
    assertThat(cli.run("config", "set", "instance.use_spot", "true").exitCode()).isZero();
    assertThat(cli.run("config", "set", "docker_images.jax", "123456789012.dkr.ecr.us-east-1.amazonaws.com/soen:v2-jax").exitCode()).isZero();
    CliHarness.Result last = cli.run("config", "set", "instance.max_runtime_hours", "12.5");

    assertThat(last.out()).contains("Saved instance.max_runtime_hours = 12.5 in " + cli.home.resolve("cloud_config.yaml"));
    String file = Files.readString(cli.home.resolve("cloud_config.yaml"));
    assertThat(file).contains("aws:\n  region: us-east-1").contains("instance:\n  use_spot: true\n  max_runtime_hours: 12.5")
        .contains("docker_images:\n  jax: 123456789012.dkr.ecr.us-east-1.amazonaws.com/soen:v2-jax");
    assertThat(file.indexOf("aws:")).isLessThan(file.indexOf("instance:"));
    assertThat(cli.run("config", "show").out()).containsPattern("region +us-east-1 +user_config");
  }

  @Test
  void configSet_withBadKeyValueOrSecret_exits2AndWritesNothing() {
    CliHarness.Result unknown = cli.run("config", "set", "instance.instnce_type", "x");
    CliHarness.Result secret = cli.run("config", "set", "lambda.api_key", "abc");
    CliHarness.Result badValue = cli.run("config", "set", "instance.use_spot", "maybe");

    TrainCommandTest.assertBadUsage(unknown, "config set: cloud.instance.instnce_type: unknown setting; did you mean instance.instance_type?");
    TrainCommandTest.assertBadUsage(secret, "config set: cloud.lambda.api_key: is a secret and is never written to a file; set LAMBDA_API_KEY in the environment instead");
    assertThat(badValue.exitCode()).isEqualTo(2);
    assertThat(badValue.err()).contains("cloud.instance.use_spot");
    assertThat(cli.home.resolve("cloud_config.yaml")).doesNotExist();
  }

  @Test
  void configSave_persistsEnvironmentSettingsWithoutSecrets() throws Exception {
    cli.environment.put("SOEN_SM_ROLE", "arn:aws:iam::123456789012:role/sagemaker-role");
    cli.environment.put("SOEN_SM_BUCKET", "team-soen-training");
    cli.environment.put("LAMBDA_API_KEY", "secret-key-123");

    CliHarness.Result r = cli.run("config", "save", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.json().get("saved").get("aws.bucket").asText()).isEqualTo("team-soen-training");
    String file = Files.readString(cli.home.resolve("cloud_config.yaml"));
    assertThat(file).contains("aws:\n  role: arn:aws:iam::123456789012:role/sagemaker-role\n  bucket: team-soen-training")
        .doesNotContain("secret-key-123").doesNotContain("api_key");
    cli.environment.clear();
    assertThat(cli.run("config", "show").out()).containsPattern("bucket +team-soen-training +user_config");
  }

  @Test
  void config_withoutSubcommand_exits2() {
    TrainCommandTest.assertBadUsage(cli.run("config"), "missing a subcommand: show, set KEY VALUE, save or reference");
  }
}
