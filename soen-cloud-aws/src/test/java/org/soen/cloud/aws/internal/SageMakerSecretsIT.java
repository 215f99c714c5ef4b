package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobHandle;
import org.soen.cloud.ReapReport;
import org.soen.cloud.JobState;
import org.soen.cloud.MlflowSettings;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.testkit.aws.EmbeddedS3;
import org.soen.cloud.testkit.aws.FakeSageMaker;
import org.soen.cloud.testkit.aws.FakeSecretsManager;

/** {@code cloud.secrets: secrets_manager} on the wire: the real SDK against EmbeddedS3 and FakeSageMaker. */
class SageMakerSecretsIT {
  private static final String BUCKET = FakeAws.BUCKET;
  private static final String HF_TOKEN = "hf_s3cr3t_token_value";
  private static final String MLFLOW_PASSWORD = "mlflow-p4ssw0rd";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  @RegisterExtension final FakeAws aws = new FakeAws(() -> tmp).withData();
  private FakeSageMaker fake;
  private SageMakerBackend backend;
  private int counter;

  @BeforeEach
  void start() {
    backend = aws.backend();
    fake = aws.fake;
  }

  private CloudConfig.Builder config() {
    return aws.config(tmp).set(SageMakerSettings.SECRETS, "secrets_manager")
        .command(List.of("python", "train.py", "--epochs", "5"))
        .putSecretEnvironment("HF_TOKEN", HF_TOKEN)
        .mlflow(MlflowSettings.builder().trackingUri("http://mlflow:5000").username("me").password(MLFLOW_PASSWORD).build());
  }

  private JobHandle submit(CloudConfig config) {
    return aws.submit(backend, config, "soen-cats-20261122210509-" + String.format("%04d", ++counter));
  }

  @Test
  void submit_inSecretsManagerMode_keepsSecretsOutOfCreateTrainingJobAndWrapsTheCommand() throws Exception {
    JobHandle handle = submit(config().build());

    JsonNode create = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fake.createRequest(handle.id()));
    JsonNode environment = create.path("Environment");
    assertThat(environment.has("HF_TOKEN")).isFalse();
    assertThat(environment.has("MLFLOW_TRACKING_PASSWORD")).isFalse();
    assertThat(environment.path("MLFLOW_TRACKING_USERNAME").asText()).isEqualTo("me");
    assertThat(environment.path("SOEN_SECRET_ID").asText()).isEqualTo("soen-cloud/" + handle.id());
    assertThat(environment.path("SOEN_SECRET_REGION").asText()).isEqualTo("us-east-1");
    for (FakeSageMaker.Request r : fake.requests()) {
      if (!r.target().startsWith("secretsmanager.")) {
        assertThat(Set.of(HF_TOKEN, MLFLOW_PASSWORD)).as(r.target()).noneMatch(r.body()::contains);
      }
    }
    assertThat(create.path("AlgorithmSpecification").path("ContainerEntrypoint").toString())
        .isEqualTo("[\"sh\",\"/opt/ml/input/data/config/soen-entry.sh\"]");
    assertThat(create.path("AlgorithmSpecification").path("ContainerArguments").toString())
        .isEqualTo("[\"python\",\"train.py\",\"--epochs\",\"5\"]");

    String wrapperKey = aws.s3.keys(BUCKET).stream().filter(k -> k.endsWith("config/soen-entry.sh")).findFirst().orElseThrow();
    String configKey = aws.s3.keys(BUCKET).stream().filter(k -> k.endsWith("config/training_config.yaml")).findFirst().orElseThrow();
    assertThat(wrapperKey.replace("soen-entry.sh", "")).isEqualTo(configKey.replace("training_config.yaml", ""));
    try (var in = aws.s3.open(BUCKET, wrapperKey)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("#!/bin/sh").contains("exec \"$@\"");
    }

    FakeSecretsManager.Secret secret = fake.secretsManager().secret("soen-cloud/" + handle.id()).orElseThrow();
    assertThat(JSON.readTree(secret.value())).isEqualTo(JSON.readTree(
        "{\"HF_TOKEN\":\"" + HF_TOKEN + "\",\"MLFLOW_TRACKING_PASSWORD\":\"" + MLFLOW_PASSWORD + "\"}"));
    assertThat(secret.tags()).containsEntry("soen:job", handle.id()).containsEntry("soen:tool", "soen-cloud")
        .containsEntry("soen:owner", aws.journal.owner());
    String journalText = aws.journal.find(handle.id()).orElseThrow().toString();
    assertThat(Set.of(HF_TOKEN, MLFLOW_PASSWORD)).noneMatch(journalText::contains);
  }

  @Test
  void status_whenTheJobHasEnded_deletesTheSecretOnce() {
    JobHandle handle = submit(config().build());
    String name = "soen-cloud/" + handle.id();
    assertThat(backend.status(handle).state().isTerminal()).isFalse();
    assertThat(fake.secretsManager().secret(name)).isPresent();

    aws.clock.advance(Duration.ofHours(1));
    assertThat(backend.status(handle).state()).isEqualTo(JobState.COMPLETED);
    backend.status(handle);

    assertThat(fake.secretsManager().secret(name)).isEmpty();
    assertThat(fake.secretsManager().secrets()).filteredOn(s -> s.name().equals(name)).singleElement()
        .satisfies(s -> assertThat(s.deleted()).isTrue());
    assertThat(fake.requests()).filteredOn(r -> r.target().equals("secretsmanager.DeleteSecret")).hasSize(1);
  }

  private void putSecret(String job, String owner) {
    Map<String, String> tags = new java.util.LinkedHashMap<>(Map.of("soen:job", job, "soen:tool", "soen-cloud"));
    if (owner != null) {
      tags.put("soen:owner", owner);
    }
    fake.secretsManager().put("soen-cloud/" + job, "{}", tags);
  }

  @Test
  void reap_deletesThisJournalsSecretOfAMissingJobOnceOlderThanTheGrace_andNoOneElses() {
    String owner = aws.journal.owner();
    putSecret("soen-gone-1", owner);
    putSecret("soen-theirs-1", "fedcba9876543210");
    putSecret("soen-legacy-1", null);
    fake.secretsManager().put("unrelated", "{}", Map.of("team", "x"));
    aws.clock.advance(JobSecrets.GRACE.plusMinutes(1));
    JobHandle running = submit(config().build());
    putSecret("soen-starting-1", owner);

    ReapReport.Released gone = ReapReport.Released.of("sagemaker", "secret soen-cloud/soen-gone-1 in AWS Secrets Manager",
        "training job soen-gone-1 does not exist, and the secret is over 60 minutes old");
    assertThat(backend.reap(true)).isEqualTo(ReapReport.builder().dryRun(true).addReleased(gone).build());
    assertThat(fake.secretsManager().secret("soen-cloud/soen-gone-1")).isPresent();
    assertThat(backend.reap(false)).isEqualTo(ReapReport.builder().dryRun(false).addReleased(gone).build());

    assertThat(fake.secretsManager().secret("soen-cloud/soen-gone-1")).isEmpty();
    assertThat(fake.secretsManager().secret("soen-cloud/" + running.id())).as("its job is running").isPresent();
    assertThat(fake.secretsManager().secret("soen-cloud/soen-starting-1"))
        .as("a submission in flight (secret made, job not yet) keeps its secret").isPresent();
    assertThat(fake.secretsManager().secret("soen-cloud/soen-theirs-1")).as("another journal's").isPresent();
    assertThat(fake.secretsManager().secret("soen-cloud/soen-legacy-1")).as("no owner tag, a job this journal does not know")
        .isPresent();
    assertThat(fake.secretsManager().secret("unrelated")).isPresent();
  }

  @Test
  void reap_deletesTheSecretOfThisJournalsEndedJob_evenOneMadeBeforeSecretsCarriedAnOwner() {
    JobHandle ended = submit(config().build());
    JobHandle legacy = submit(config().build());
    putSecret(legacy.id(), null);
    aws.clock.advance(Duration.ofHours(1));

    ReapReport report = backend.reap(false);

    assertThat(report.released()).extracting(ReapReport.Released::resource).containsExactlyInAnyOrder(
        "secret soen-cloud/" + ended.id() + " in AWS Secrets Manager", "secret soen-cloud/" + legacy.id() + " in AWS Secrets Manager");
    assertThat(report.released()).extracting(ReapReport.Released::why)
        .containsExactlyInAnyOrder("training job " + ended.id() + " has ended", "training job " + legacy.id() + " has ended");
    assertThat(fake.secretsManager().secret("soen-cloud/" + ended.id())).isEmpty();
    assertThat(fake.secretsManager().secret("soen-cloud/" + legacy.id())).isEmpty();
  }

  @Test
  void submit_inSecretsManagerModeWithoutACommand_isRefusedBeforeAnyUpload() {
    assertThatThrownBy(() -> submit(config().command(List.of()).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cloud.command: required with cloud.secrets: secrets_manager");
    assertThat(aws.s3.keys(BUCKET)).isEmpty();
    assertThat(fake.secretsManager().secrets()).isEmpty();
  }

  @Test
  void whereTheyGo_saysWhoCanReadTheSecretsInEitherMode() {
    assertThat(JobSecrets.whereTheyGo(config().build())).isEqualTo("secrets (HF_TOKEN, MLFLOW_TRACKING_PASSWORD) go "
        + "to AWS Secrets Manager (one secret per job, soen-cloud/<job>, deleted when the job ends): readable by the "
        + "execution role and by principals allowed secretsmanager:GetSecretValue, not shown by DescribeTrainingJob");
    assertThat(JobSecrets.whereTheyGo(config().set(SageMakerSettings.SECRETS, "environment").build()))
        .startsWith("secrets (HF_TOKEN, MLFLOW_TRACKING_PASSWORD) go to the job's Environment: anyone allowed "
            + "sagemaker:DescribeTrainingJob");
  }
}
