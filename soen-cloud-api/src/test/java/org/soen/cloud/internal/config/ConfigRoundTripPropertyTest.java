package org.soen.cloud.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.soen.cloud.Framework;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.Setting;

/** Writing a config's cloud: section and reading it back gives the same config. */
class ConfigRoundTripPropertyTest {
  private static final Path SOURCE = Path.of("/tmp/roundtrip/train.yaml");

  /** A plug-in's section, declared as a provider would. */
  static final Setting<String> ZONE = Setting.text("sandbox.zone").description("zone").build();
  static final Setting<Duration> IDLE = Setting.minutes("sandbox.idle_minutes").positive("1440")
      .defaultValue(Duration.ofMinutes(30)).description("idle").build();
  static final Setting<java.util.List<String>> SETUP = Setting.list("sandbox.setup").description("setup").build();
  static final Setting<String> TOKEN = Setting.text("sandbox.token").secret().env("SANDBOX_TOKEN")
      .description("token").build();
  static final SettingsRegistry REGISTRY = SettingsRegistry.of(Map.of("sandbox",
      java.util.List.of(ZONE, IDLE, SETUP, TOKEN)));
  private static Gen<String> names() {
    return strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 20);
  }

  private static Gen<String> text() {
    // Any text, including YAML's special characters, quotes, controls and unicode; never blank,
    // since the loader rightly refuses blank values.
    return strings().betweenCodePoints(0x20, 0x2FF).ofLengthBetween(0, 30).map(t -> "x" + t);
  }

  private static Gen<InstanceSpec> instances() {
    return booleans().all().zip(longs().between(1, 672L * 3600), integers().between(1, 100),
        integers().between(1, 16384), (spot, runtime, count, volume) -> {
          InstanceSpec.Builder b = InstanceSpec.builder().instanceType("ml.g5.xlarge").useSpot(spot)
              .maxRuntime(Duration.ofSeconds(runtime)).instanceCount(count).volumeSizeGb(volume);
          if (spot) {
            b.maxWait(Duration.ofSeconds(runtime + 60));
          }
          return b.build();
        });
  }

  private static Gen<CloudConfig> configs() {
    return instances().zip(names(), text(), lists().of(text()).ofSizeBetween(0, 4), booleans().all(),
        (instance, experiment, anyText, command, jax) -> CloudConfig.builder()
            .active(jax)
            .provider("sagemaker")
            .experiment(experiment)
            .project("p-" + experiment)
            .framework(jax ? Framework.JAX : Framework.PYTORCH)
            .instance(instance)
            .set(ZONE, anyText)
            .set(SETUP, command)
            .set(IDLE, Duration.ofMinutes(instance.volumeSizeGb() % 90 + 1))
            .command(command)
            .data(anyText)
            .putEnvironment("MESSAGE", anyText)
            .putTags("team", anyText)
            .maxCostUsd(new BigDecimal(instance.instanceCount() + ".25"))
            .baseDirectory(SOURCE.getParent())
            .build());
  }

  @Test
  void storedYaml_roundTripsThroughTheJournalsForm() {
    ConfigLoader loader = new ConfigLoader(REGISTRY, Map.of(), Path.of("/nonexistent-soen-home"), Path.of("/home/u"));
    ConfigWriter writer = new ConfigWriter(REGISTRY);
    qt().withExamples(500).forAll(configs()).checkAssert(config -> {
      String yaml = writer.storedYaml(config);
      CloudConfig back = loader.readStored(SOURCE, yaml);
      assertThat(back).as("round trip of:%n%s", yaml).isEqualTo(config.toBuilder().set(IDLE, config.get(IDLE).get()).build());
    });
  }

  @Test
  void stagedYaml_neverHoldsSecrets() {
    CloudConfig config = CloudConfig.builder().provider("local").command(java.util.List.of("run"))
        .mlflow(org.soen.cloud.MlflowSettings.builder().password("hunter2-mlflow").build())
        .set(TOKEN, "secret_lambda_key_123")
        .putSecretEnvironment("HF_TOKEN", "hf_secret_token_value")
        .userSections(Map.of("logging", Map.of("mlflow_password", "hunter2-mlflow", "mlflow_active", true),
            "training", Map.of("epochs", 3)))
        .build();
    java.util.List<String> removed = new java.util.ArrayList<>();
    String staged = new ConfigWriter(REGISTRY).stagedYaml(config, removed);
    assertThat(staged).doesNotContain("hunter2-mlflow").doesNotContain("secret_lambda_key_123")
        .doesNotContain("hf_secret_token_value").contains("epochs: 3").contains("secret_env:\n  - HF_TOKEN");
    assertThat(removed).containsExactly("logging.mlflow_password");
    assertThat(Optional.of(config.toString())).get().asString().doesNotContain("hunter2-mlflow")
        .doesNotContain("secret_lambda_key_123").doesNotContain("hf_secret_token_value");
  }
}
