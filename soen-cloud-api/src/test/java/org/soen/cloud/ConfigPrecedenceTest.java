package org.soen.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precedence table of design section 4: flag > training YAML > environment > user config > default. */
class ConfigPrecedenceTest {
  @TempDir Path dir;
  Path home;
  Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    home = Files.createDirectories(dir.resolve("soen-home"));
  }

  private ResolvedConfig resolve(String trainingYaml, Map<String, String> flags) throws IOException {
    Path yaml = dir.resolve("train.yaml");
    Files.writeString(yaml, trainingYaml);
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(env).build()) {
      return trainer.resolveConfig(Optional.of(yaml), flags);
    }
  }

  private void userConfig(String yaml) throws IOException {
    Files.writeString(home.resolve("cloud_config.yaml"), yaml);
  }

  private static SettingOrigin origin(ResolvedConfig r, String key) {
    return r.origins().stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow();
  }

  @Test
  void flag_overridesTrainingYaml() throws IOException {
    ResolvedConfig r = resolve("cloud:\n  instance_type: ml.g5.xlarge\n", Map.of("instance.instance_type", "ml.g5.2xlarge"));
    assertThat(r.config().instance().instanceType()).contains("ml.g5.2xlarge");
    assertThat(origin(r, "instance.instance_type").layer()).isEqualTo(SettingOrigin.Layer.FLAG);
  }

  @Test
  void trainingYaml_overridesEnvironment() throws IOException {
    env.put("SOEN_SM_ROLE", "arn:aws:iam::111111111111:role/from-env");
    ResolvedConfig r = resolve("cloud:\n  role: arn:aws:iam::222222222222:role/from-yaml\n", Map.of());
    assertThat(r.config().role()).contains("arn:aws:iam::222222222222:role/from-yaml");
    assertThat(origin(r, "role").layer()).isEqualTo(SettingOrigin.Layer.YAML);
  }

  @Test
  void environment_overridesUserConfig() throws IOException {
    env.put("SOEN_SM_BUCKET", "bucket-from-env");
    userConfig("aws:\n  bucket: bucket-from-user-config\n");
    ResolvedConfig r = resolve("cloud:\n  active: true\n", Map.of());
    assertThat(r.config().bucket()).contains("bucket-from-env");
    assertThat(origin(r, "bucket").where()).contains("environment variable SOEN_SM_BUCKET");
  }

  @Test
  void userConfig_overridesDefault() throws IOException {
    userConfig("instance:\n  max_runtime_hours: 2.5\nproject: team-project\n");
    ResolvedConfig r = resolve("cloud:\n  active: true\n", Map.of());
    assertThat(r.config().instance().maxRuntime()).isEqualTo(Duration.ofMinutes(150));
    assertThat(r.config().project()).isEqualTo("team-project");
    assertThat(origin(r, "project").layer()).isEqualTo(SettingOrigin.Layer.USER_CONFIG);
  }

  @Test
  void defaults_applyWhenNoLayerSetsAValue() throws IOException {
    ResolvedConfig r = resolve("cloud:\n  active: true\n", Map.of());
    assertThat(r.config().provider()).isEqualTo("local");
    assertThat(r.config().instance().maxRuntime()).isEqualTo(Duration.ofHours(24));
    assertThat(r.config().instance().instanceCount()).isEqualTo(1);
    assertThat(r.origins()).extracting(SettingOrigin::key).containsExactly("active");
  }

  @Test
  void environmentFallbacks_fillEveryDocumentedKey() throws IOException {
    env.putAll(Map.of(
        "SOEN_SM_ROLE", "arn:aws:iam::123456789012:role/sagemaker-role",
        "SOEN_SM_BUCKET", "team-soen-training",
        "AWS_REGION", "eu-west-1",
        "SOEN_DOCKER_PYTORCH", "123.dkr.ecr.us-east-1.amazonaws.com/soen:v2-pytorch",
        "SOEN_DOCKER_JAX", "123.dkr.ecr.us-east-1.amazonaws.com/soen:v2-jax",
        "LAMBDA_API_KEY", "secret_lambda_key",
        "LAMBDA_API_URL", "http://127.0.0.1:9/api/v1",
        "MLFLOW_TRACKING_URI", "https://mlflow.example.test"));
    CloudConfig c = resolve("cloud:\n  active: true\n", Map.of()).config();
    assertThat(c.role()).contains("arn:aws:iam::123456789012:role/sagemaker-role");
    assertThat(c.bucket()).contains("team-soen-training");
    assertThat(c.region()).contains("eu-west-1");
    assertThat(c.dockerImagePytorch()).contains("123.dkr.ecr.us-east-1.amazonaws.com/soen:v2-pytorch");
    assertThat(c.dockerImageJax()).contains("123.dkr.ecr.us-east-1.amazonaws.com/soen:v2-jax");
    assertThat(c.lambda().apiKey()).contains("secret_lambda_key");
    assertThat(c.lambda().apiUrl().toString()).isEqualTo("http://127.0.0.1:9/api/v1");
    assertThat(c.mlflow().trackingUri()).contains("https://mlflow.example.test");
  }

  @Test
  void userConfig_keepsTheSourceDocumentsShape() throws IOException {
    userConfig(String.join("\n",
        "aws:",
        "  role: arn:aws:iam::123456789012:role/sagemaker-role",
        "  bucket: team-soen-training",
        "  region: us-east-1",
        "instance:",
        "  instance_type: ml.g5.xlarge",
        "  instance_count: 1",
        "  use_spot: true",
        "  max_runtime_hours: 24.0",
        "mlflow:",
        "  tracking_uri: https://mlflow.yourteam.com",
        "  experiment_name: my-experiment",
        "project: my-project",
        "experiment: experiment-001",
        "docker_images:",
        "  pytorch: 123.dkr.ecr.us-east-1.amazonaws.com/soen-toolkit:v2-pytorch",
        "  jax: 123.dkr.ecr.us-east-1.amazonaws.com/soen-toolkit:v2-jax",
        "lambda:",
        "  region: us-west-1",
        ""));
    CloudConfig c = resolve("cloud:\n  active: true\n", Map.of()).config();
    assertThat(c.instance().useSpot()).isTrue();
    assertThat(c.experiment()).isEqualTo("experiment-001");
    assertThat(c.mlflow().experimentName()).contains("my-experiment");
    assertThat(c.dockerImageJax()).contains("123.dkr.ecr.us-east-1.amazonaws.com/soen-toolkit:v2-jax");
    assertThat(c.lambda().region()).contains("us-west-1");
  }

  @Test
  void maxRuntimeHours_keepsFractions() throws IOException {
    CloudConfig c = resolve("cloud:\n  max_runtime_hours: 1.5\n", Map.of()).config();
    assertThat(c.instance().maxRuntime()).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void userSections_arePassedThroughUntouched() throws IOException {
    CloudConfig c = resolve("training:\n  epochs: 150\n  lr: 0.01\nmodel:\n  name: yolo11n\ncloud:\n  active: true\n",
        Map.of()).config();
    assertThat(c.userSections()).containsOnlyKeys("training", "model");
    assertThat(c.userSections().get("model")).isEqualTo(Map.of("name", "yolo11n"));
  }

  @Test
  void soenHome_movesTheUserConfig() throws IOException {
    Path moved = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(moved.resolve("cloud_config.yaml"), "project: moved-home\n");
    env.put("SOEN_HOME", moved.toString());
    Path yaml = dir.resolve("t.yaml");
    Files.writeString(yaml, "cloud:\n  active: true\n");
    try (CloudTrainer trainer = CloudTrainer.builder().environment(env).build()) {
      assertThat(trainer.loadConfig(yaml).project()).isEqualTo("moved-home");
    }
  }

  @Test
  void flatAndNestedInstanceKeys_agreeingValuesAreAccepted() throws IOException {
    CloudConfig c = resolve("cloud:\n  use_spot: true\n  instance:\n    use_spot: true\n    max_wait_hours: 30\n", Map.of())
        .config();
    assertThat(c.instance().useSpot()).isTrue();
    assertThat(c.instance().maxWait()).contains(Duration.ofHours(30));
  }
}
