package org.soen.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
      return trainer.resolveConfig(yaml, flags);
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
    env.put("MLFLOW_TRACKING_URI", "http://from-env.test");
    ResolvedConfig r = resolve("logging:\n  mlflow_tracking_uri: http://from-yaml.test\ncloud:\n  active: true\n",
        Map.of());
    assertThat(r.config().mlflow().trackingUri()).contains("http://from-yaml.test");
    assertThat(origin(r, "mlflow.tracking_uri").layer()).isEqualTo(SettingOrigin.Layer.YAML);
    assertThat(origin(r, "mlflow.tracking_uri").line()).contains(2);
  }

  @Test
  void environment_overridesUserConfig() throws IOException {
    env.put("MLFLOW_TRACKING_URI", "http://from-env.test");
    userConfig("mlflow:\n  tracking_uri: http://from-user-config.test\n");
    ResolvedConfig r = resolve("cloud:\n  active: true\n", Map.of());
    assertThat(r.config().mlflow().trackingUri()).contains("http://from-env.test");
    assertThat(origin(r, "mlflow.tracking_uri").where()).contains("environment variable MLFLOW_TRACKING_URI");
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
    assertThat(r.origins()).filteredOn(o -> o.layer() != SettingOrigin.Layer.DEFAULT).extracting(SettingOrigin::key)
        .containsExactly("active");
    assertThat(origin(r, "instance.max_runtime_hours").displayValue()).isEqualTo("24");
  }

  @Test
  void userConfig_keepsTheSourceDocumentsShape() throws IOException {
    userConfig(String.join("\n",
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
        ""));
    CloudConfig c = resolve("cloud:\n  active: true\n", Map.of()).config();
    assertThat(c.instance().useSpot()).isTrue();
    assertThat(c.experiment()).isEqualTo("experiment-001");
    assertThat(c.mlflow().experimentName()).contains("my-experiment");
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
