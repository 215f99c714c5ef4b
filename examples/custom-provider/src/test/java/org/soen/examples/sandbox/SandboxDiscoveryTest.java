package org.soen.examples.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.spi.TrainingBackendProvider;

class SandboxDiscoveryTest {
  @TempDir Path home;

  @Test
  void serviceLoader_findsTheSandboxProvider() {
    assertThat(ServiceLoader.load(TrainingBackendProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(SandboxProvider.class);
  }

  @Test
  void cloudTrainerCreate_knowsSandboxBesideLocal() {
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(Map.of()).build()) {
      assertThat(trainer.operations().providerIds()).contains("sandbox", "local");
    }
  }

  @Test
  void estimate_onSandbox_isFreeAndNamesThisMachine() {
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(Map.of()).build()) {
      CostEstimate e = trainer.estimate(CloudConfig.builder().provider("sandbox")
          .command(List.of("true")).baseDirectory(home).build());
      assertThat(e.instanceType()).isEqualTo("this-machine");
      assertThat(e.totalUsd().orElseThrow()).isZero();
      assertThat(e.priceSource().orElseThrow()).isEqualTo("your own machine");
    }
  }

  @Test
  void job_seesOnlyPathItsOwnVariablesAndSoenFolders() throws Exception {
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(Map.of("PATH", System.getenv("PATH")))
        .pollInterval(java.time.Duration.ofMillis(20)).build()) {
      org.soen.cloud.JobHandle job = trainer.submit(CloudConfig.builder().provider("sandbox").baseDirectory(home)
          .command(List.of("/bin/sh", "-c", "env > \"$SOEN_OUTPUT_DIR/env.txt\""))
          .putEnvironment("EPOCHS", "3").addArtifacts("env.txt").build());
      assertThat(trainer.await(job).state()).isEqualTo(org.soen.cloud.JobState.COMPLETED);
      List<Path> files = trainer.download(job, home.resolve("out"));
      List<String> names = java.nio.file.Files.readAllLines(files.get(0)).stream()
          .map(l -> l.substring(0, l.indexOf('='))).toList();
      assertThat(names).contains("PATH", "EPOCHS", "SOEN_OUTPUT_DIR", "SOEN_CONFIG", "SOEN_DATA_DIR")
          .allMatch(n -> List.of("PATH", "HOME", "EPOCHS", "PWD", "SHLVL", "_").contains(n) || n.startsWith("SOEN_"));
    }
  }

  @Test
  void submit_withAnotherInstanceType_failsNamingTheOnlyOne() {
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(Map.of()).build()) {
      CloudConfig config = CloudConfig.builder().provider("sandbox").command(List.of("true")).baseDirectory(home)
          .instance(org.soen.cloud.InstanceSpec.builder().instanceType("ml.g5.xlarge").build()).build();
      assertThatThrownBy(() -> trainer.submit(config)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("cloud.instance.instance_type")
          .hasMessageContaining("the sandbox provider runs on this machine only: use this-machine, was ml.g5.xlarge");
    }
  }

  @Test
  void ownSection_typoInAKey_isRefusedWithADidYouMeanAtItsLine() throws Exception {
    Path yaml = home.resolve("train.yaml");
    java.nio.file.Files.writeString(yaml, "cloud:\n  provider: sandbox\n  command: [\"true\"]\n  sandbox:\n"
        + "    pas_env: [LANG]\n");
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(Map.of()).build()) {
      ConfigurationException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigurationException.class,
          () -> trainer.loadConfig(yaml));
      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.keyPath()).isEqualTo("cloud.sandbox.pas_env");
        assertThat(p.message()).startsWith("unknown setting; did you mean pass_env?");
        assertThat(p.line()).contains(5);
        assertThat(p.code()).isEqualTo(org.soen.cloud.ConfigProblem.CODE_UNKNOWN_KEY);
      });
    }
  }

  @Test
  void ownSection_badValue_isRefusedByTheDeclaredCheck() throws Exception {
    Path yaml = home.resolve("train.yaml");
    java.nio.file.Files.writeString(yaml, "cloud:\n  provider: sandbox\n  command: [\"true\"]\n  sandbox:\n"
        + "    pass_env: [OK, 1BAD]\n");
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(Map.of()).build()) {
      assertThatThrownBy(() -> trainer.loadConfig(yaml)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(yaml + ":5:15: cloud.sandbox.pass_env: environment variable names must match");
    }
  }

  @Test
  void ownSection_passEnv_letsTheNamedVariablesThroughAndNoOther() throws Exception {
    Path yaml = home.resolve("train.yaml");
    java.nio.file.Files.writeString(yaml, "cloud:\n  provider: sandbox\n"
        + "  command: [/bin/sh, -c, 'env > \"$SOEN_OUTPUT_DIR/env.txt\"']\n  artifacts: [env.txt]\n"
        + "  sandbox:\n    pass_env: [LANG]\n");
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8", "AWS_SECRET_ACCESS_KEY", "nope");
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(env)
        .pollInterval(java.time.Duration.ofMillis(20)).build()) {
      org.soen.cloud.JobHandle job = trainer.submit(yaml);
      assertThat(trainer.await(job).state()).isEqualTo(org.soen.cloud.JobState.COMPLETED);
      String seen = java.nio.file.Files.readString(trainer.download(job, home.resolve("out")).get(0));
      assertThat(seen).contains("LANG=C.UTF-8").doesNotContain("AWS_SECRET_ACCESS_KEY");
    }
  }
}
