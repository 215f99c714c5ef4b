package org.soen.cloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;

/**
 * A fake looser than the real thing is a trap: every config the real {@code local} provider
 * refuses, a fake standing in for it refuses with the same problems, and the default {@code fake}
 * refuses at the same keys. Checked through {@link CloudTrainer#estimate}, which validates exactly
 * as {@code submit} does but launches nothing.
 */
class FakeValidationMatchesRealTest {
  @TempDir Path base;
  @TempDir Path realHome;
  @TempDir Path fakeHome;
  @TempDir Path genericHome;

  private CloudTrainer real;
  private CloudTrainer fakeLocal;
  private CloudTrainer fakeGeneric;

  @BeforeEach
  void trainers() throws IOException {
    Files.createDirectories(base.resolve("data"));
    Files.writeString(base.resolve("data/train.csv"), "x,y\n1,2\n");
    real = CloudTrainer.builder().discoverProviders(true).home(realHome).environment(Map.of())
        .build();
    ManualClock clock = ManualClock.create();
    fakeLocal = CloudTrainer.builder()
        .provider(FakeTrainingBackend.builder().id("local").clock(clock).build().provider())
        .discoverProviders(false).clock(clock).home(fakeHome).environment(Map.of()).build();
    fakeGeneric = CloudTrainer.builder().provider(FakeTrainingBackend.create().provider())
        .discoverProviders(false).clock(clock).home(genericHome).environment(Map.of()).build();
  }

  @AfterEach
  void close() {
    real.close();
    fakeLocal.close();
    fakeGeneric.close();
  }

  private CloudConfig good() {
    return CloudConfig.builder().provider("local").experiment("align")
        .command(List.of("python", "train.py")).data("data").baseDirectory(base).build();
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("no command", (UnaryOperator<CloudConfig>) c ->
            c.toBuilder().command(List.of()).build()),
        Arguments.of("an empty command argument", (UnaryOperator<CloudConfig>) c ->
            c.toBuilder().command(List.of("python", "")).build()),
        Arguments.of("a missing data folder", (UnaryOperator<CloudConfig>) c ->
            c.toBuilder().data("no-such-folder").build()),
        Arguments.of("s3 data outside sagemaker", (UnaryOperator<CloudConfig>) c ->
            c.toBuilder().data("s3://bucket/data/").build()),
        Arguments.of("no command and missing data", (UnaryOperator<CloudConfig>) c ->
            c.toBuilder().command(List.of()).data("gone/").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void fakeRefusesWhatTheRealLocalProviderRefuses(String name, UnaryOperator<CloudConfig> breakIt) {
    CloudConfig bad = breakIt.apply(good());

    List<ConfigProblem> realProblems = problems(real, bad);
    List<ConfigProblem> asLocal = problems(fakeLocal, bad);
    List<ConfigProblem> asFake = problems(fakeGeneric, bad.toBuilder().provider("fake").build());

    assertThat(realProblems).as("the real local provider refuses " + name).isNotEmpty();
    assertThat(asLocal).as("a fake standing in for local refuses it identically")
        .isEqualTo(realProblems);
    assertThat(asFake).extracting(ConfigProblem::keyPath).as("the fake refuses it at the same keys")
        .isEqualTo(realProblems.stream().map(ConfigProblem::keyPath).toList());
  }

  @Test
  void aYamlConfigRefused_isRefusedWithTheSameFileLineProblems() throws IOException {
    Path yaml = base.resolve("train.yaml");
    Files.writeString(yaml, "training:\n  epochs: 3\ncloud:\n  provider: local\n  data: missing/\n");
    CloudConfig loaded = real.loadConfig(yaml);

    List<ConfigProblem> realProblems = problems(real, loaded);

    assertThat(realProblems).extracting(ConfigProblem::keyPath)
        .containsExactly("cloud.data", "cloud.command");
    assertThat(problems(fakeLocal, loaded)).isEqualTo(realProblems);
  }

  @Test
  void aGoodConfig_isAcceptedByAll() {
    assertThat(real.estimate(good()).provider()).isEqualTo("local");
    assertThat(fakeLocal.estimate(good()).provider()).isEqualTo("local");
    assertThat(fakeGeneric.estimate(good().toBuilder().provider("fake").build()).instanceType())
        .isEqualTo("fake-gpu-1x");
  }

  private static List<ConfigProblem> problems(CloudTrainer trainer, CloudConfig config) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> trainer.estimate(config));
    return e == null ? List.of() : e.problems();
  }
}
