package org.soen.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.soen.cloud.spi.TrainingBackendProvider;

/**
 * The catalogue of bad configs: each one is refused before anything is sent, with one clear
 * message naming the file, the key path, the line and column where known, and what is allowed.
 */
public class BadConfigCatalogueTest {
  @TempDir Path dir;

  /** One bad config: how to make the file, and what the message must say. */
  public record Case(String name, Function<Path, Path> file, String keyPath, String messagePart, Integer line,
      Map<String, String> env) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case yaml(String name, String yaml, String keyPath, String messagePart, Integer line) {
    return new Case(name, d -> write(d.resolve("train.yaml"), yaml.getBytes(StandardCharsets.UTF_8)),
        keyPath, messagePart, line, Map.of());
  }

  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The section the catalogue's {@code recording} provider declares; fakes standing in for it declare it too. */
  public static List<Setting<?>> recordingSettings() {
    return new RecordingProvider().settings();
  }

  /** Every case; the testkit runs them against its fakes too. */
  public static Stream<Case> catalogue() {
    String base = "cloud:\n  provider: recording\n  command: [run]\n";
    return Stream.of(
        yaml("unknown key with a did-you-mean", "cloud:\n  active: true\n  instnce_type: ml.g5.xlarge\n",
            "cloud.instnce_type", "unknown setting; did you mean instance_type?", 3),
        yaml("negative hours", base + "  max_runtime_hours: -2\n",
            "cloud.max_runtime_hours", "must be hours, more than 0 and at most 672, was -2", 4),
        yaml("a float for a count", base + "  instance:\n    instance_count: 1.5\n",
            "cloud.instance.instance_count", "must be a whole number", 5),
        yaml("spot wait shorter than the runtime",
            base + "  instance:\n    use_spot: true\n    max_runtime_hours: 10\n    max_wait_hours: 5\n",
            "cloud.instance.max_wait_hours", "must be at least max_runtime_hours (10)", 7),
        yaml("spot wait without spot", base + "  max_wait_hours: 30\n",
            "cloud.max_wait_hours", "applies only with use_spot: true", 4),
        new Case("a file that does not exist", d -> d.resolve("missing.yaml"), "", "does not exist", null, Map.of()),
        new Case("a broken symbolic link", d -> {
          try {
            return Files.createSymbolicLink(d.resolve("link.yaml"), d.resolve("gone.yaml"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, "", "does not exist (broken symbolic link)", null, Map.of()),
        yaml("a YAML syntax error", "cloud:\n  active: true\n  provider: [local\n", "", "is not valid YAML", 4),
        yaml("a tab in the indentation", "cloud:\n\tactive: true\n", "", "is not valid YAML", 2),
        yaml("cloud: as text", "cloud: yes-please\n", "cloud", "must be a mapping of settings", 1),
        yaml("cloud: as a list", "cloud:\n  - active\n", "cloud", "found a list", 2),
        yaml("instance: as text", base + "  instance: big\n", "cloud.instance",
            "must be a mapping of instance_count, instance_type, max_runtime_hours", 4),
        yaml("an empty file", "", "", "is empty", null),
        yaml("only a comment", "# nothing here\n", "", "holds no YAML document", null),
        yaml("a document that is a list", "- cloud\n- training\n", "", "must be a mapping of sections", 1),
        new Case("a directory instead of a file", d -> {
          try {
            return Files.createDirectories(d.resolve("configs"));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, "", "is a directory", null, Map.of()),
        new Case("bytes that are not UTF-8", d -> write(d.resolve("latin1.yaml"),
            "cloud:\n  experiment: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)),
            "", "is not valid UTF-8 (bad byte 0xE9", 2, Map.of()),
        new Case("a 50 MB file", d -> {
          Path f = d.resolve("huge.yaml");
          try (OutputStream out = Files.newOutputStream(f)) {
            byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes(StandardCharsets.UTF_8);
            for (long written = 0; written < 50L * 1024 * 1024; written += line.length) {
              out.write(line);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return f;
        }, "", "a config file may be at most 4194304 bytes", null, Map.of()),
        yaml("a recursive alias bomb",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "cloud:\n  active: true\n",
            "", "Number of aliases for non-scalar nodes exceeds the specified max=20", null),
        yaml("a quoted number", base + "  instance_count: \"12\"\n",
            "cloud.instance_count", "found the string \"12\"; write it without quotes", 4),
        yaml("hours that are not a number", base + "  max_runtime_hours: abc\n",
            "cloud.max_runtime_hours", "must be a number", 4),
        yaml("zero hours", base + "  max_runtime_hours: 0\n", "cloud.max_runtime_hours",
            "more than 0 and at most 672, was 0", 4),
        yaml("more hours than SageMaker allows", base + "  max_runtime_hours: 1000\n",
            "cloud.max_runtime_hours", "at most 672, was 1000", 4),
        yaml("an unknown provider", "cloud:\n  provider: sagemakr\n", "cloud.provider",
            "unknown provider \"sagemakr\"; known providers: local, recording, sagemaker; did you mean sagemaker?", null),
        yaml("an unknown backend", base + "  backend: tensorflow\n", "cloud.backend",
            "must be one of pytorch, jax, was \"tensorflow\"", 4),
        yaml("yes for a boolean", base + "  use_spot: yes\n", "cloud.use_spot", "must be true or false", 4),
        yaml("a negative budget", base + "  max_cost_usd: -5\n", "cloud.max_cost_usd", "must be USD, more than 0, was -5", 4),
        yaml("a budget below the cheapest run", base + "  max_cost_usd: 0.5\n  expected_hours: 1\n",
            "cloud.max_cost_usd", "is less than the cheapest possible run: $2.00 for 1 h", null),
        yaml("a setting given twice", base + "  instance_type: a.one\n  instance:\n    instance_type: b.two\n",
            "cloud.instance.instance_type",
            "sets cloud.instance.instance_type again, with another value than cloud.instance_type (line 4); keep one", 6),
        yaml("a bad environment variable name", base + "  environment:\n    1BAD: x\n",
            "cloud.environment.1BAD", "environment variable names must match", 5),
        yaml("a mapping as an environment value", base + "  environment:\n    GOOD:\n      nested: 1\n",
            "cloud.environment.GOOD", "the value of GOOD must be text, found a mapping", 6),
        yaml("a plug-in's URI that is not a URI", base + "  recording:\n    api_url: not a uri\n",
            "cloud.recording.api_url", "an absolute URI", 5),
        yaml("an unknown key in a plug-in's section", base + "  recording:\n    zome: north\n",
            "cloud.recording.zome", "unknown setting; did you mean zone?", 5),
        yaml("an unknown choice of a plug-in", base + "  recording:\n    zone: west\n",
            "cloud.recording.zone", "must be one of north, south", 5),
        yaml("a plug-in's pattern that does not compile", base + "  recording:\n    metrics_pattern: \"epoch (\"\n",
            "cloud.recording.metrics_pattern", "a regular expression", 5),
        yaml("a plug-in's own check", base + "  recording:\n    remote_dir: soen\n",
            "cloud.recording.remote_dir", "must be an absolute folder", 5),
        yaml("a project name with a slash", base + "  project: a/b\n", "cloud.project", "letters, digits", 4),
        yaml("a data folder that does not exist", base + "  data: nope/\n", "cloud.data", "does not exist", null),
        yaml("the local provider without a command", "cloud:\n  provider: local\n", "cloud.command",
            "the local provider runs this command and it is not set", null),
        yaml("a secret_env name that is not set", base + "  secret_env: [HF_TOKEN_NOT_SET]\n",
            "cloud.secret_env", "HF_TOKEN_NOT_SET, which is not set in the environment", 4),
        yaml("a command that is not a list", base.replace("command: [run]", "command: python train.py"),
            "cloud.command", "must be a list of arguments", 3),
        new Case("an unknown key in ~/.soen/cloud_config.yaml", d -> {
          write(d.resolve("home/cloud_config.yaml"), "instance:\n  instnce_type: x\n".getBytes(StandardCharsets.UTF_8));
          return write(d.resolve("train.yaml"), "cloud:\n  active: true\n".getBytes(StandardCharsets.UTF_8));
        }, "instance.instnce_type", "unknown setting; did you mean instance_type?", 2, Map.of()),
        new Case("a bad value in an environment variable", d ->
            write(d.resolve("train.yaml"), "cloud:\n  provider: recording\n  command: [run]\n".getBytes(StandardCharsets.UTF_8)),
            "cloud.recording.api_url", "an absolute URI", null, Map.of("RECORDING_API_URL", "::nonsense")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void badConfig_isRefusedBeforeAnythingIsSent(Case c) {
    RecordingProvider recording = new RecordingProvider();
    RecordingProvider sagemaker = new RecordingProvider("sagemaker", false);
    Path file = c.file().apply(dir);
    try (CloudTrainer trainer = CloudTrainer.builder().home(dir.resolve("home")).environment(c.env())
        .provider(recording).provider(sagemaker).build()) {
      ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> trainer.submit(file));

      assertThat(e).as("a ConfigurationException").isNotNull();
      assertThat(e.problems()).hasSize(1);
      ConfigProblem p = e.problems().get(0);
      assertThat(p.keyPath()).isEqualTo(c.keyPath());
      assertThat(p.message()).contains(c.messagePart());
      if (c.line() != null) {
        assertThat(p.line()).contains(c.line());
        assertThat(p.column()).isPresent();
      }
      assertThat(e.getMessage()).doesNotContain("Immutable").doesNotContain("Exception");
      assertThat(recording.submissions).isEmpty();
      assertThat(sagemaker.submissions).isEmpty();
      assertThat(dir.resolve("home/jobs")).doesNotExist();
    }
  }

  @Test
  void aChoiceOfOnAndOff_takesTheWordsYamlReadsAsBooleans() throws IOException {
    Setting<String> mode = Setting.choice("switch.mode", "on", "off").defaultValue("on").description("d").build();
    TrainingBackendProvider plugin = new RecordingProvider() {
      @Override
      public String id() {
        return "switch";
      }

      @Override
      public List<Setting<?>> settings() {
        return List.of(mode);
      }
    };
    Path file = dir.resolve("on-off.yaml");
    Files.writeString(file, "cloud:\n  provider: switch\n  switch:\n    mode: off\n");
    try (CloudTrainer trainer = CloudTrainer.builder().home(dir.resolve("home")).environment(Map.of())
        .provider(plugin).build()) {
      assertThat(trainer.loadConfig(file).get(mode)).contains("off");
      Files.writeString(file, "cloud:\n  provider: switch\n  switch:\n    mode: false\n");
      assertThat(trainer.loadConfig(file).get(mode)).contains("off");
      Files.writeString(file, "cloud:\n  provider: switch\n  switch:\n    mode: yes\n");
      assertThat(trainer.loadConfig(file).get(mode)).contains("on");
    }
  }

  @Test
  void catalogue_holdsAtLeastTwentyFiveDistinctCases() {
    assertThat(catalogue().map(Case::name).distinct().count()).isGreaterThanOrEqualTo(25);
  }

  @Test
  void severalProblems_areReportedTogetherWithFileAndPosition() throws IOException {
    Path file = dir.resolve("many.yaml");
    Files.writeString(file, "cloud:\n  provider: recording\n  instance_count: 0.5\n  use_spot: maybe\n  colour: blue\n");
    try (CloudTrainer trainer = CloudTrainer.builder().home(dir.resolve("home")).environment(Map.of())
        .provider(new RecordingProvider()).build()) {
      ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> trainer.loadConfig(file));
      assertThat(e.problems()).extracting(ConfigProblem::keyPath)
          .containsExactlyInAnyOrder("cloud.instance_count", "cloud.use_spot", "cloud.colour");
      assertThat(e.getMessage()).contains("invalid configuration (3 problems)")
          .contains(file + ":5:3: cloud.colour: unknown setting");
    }
  }

  @Test
  void unknownFlag_isRefusedWithADidYouMean() throws IOException {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, "cloud:\n  active: true\n");
    try (CloudTrainer trainer = CloudTrainer.builder().home(dir.resolve("home")).environment(Map.of()).build()) {
      ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
          () -> trainer.resolveConfig(file, Map.of("instance.instanse_type", "x")));
      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.source()).isEqualTo("override");
        assertThat(p.message()).contains("did you mean instance.instance_type?");
      });
    }
  }

  @Test
  void valuesOfTheTrainingYaml_neverMentionGeneratedClasses() {
    assertThat(List.of(new ConfigurationException("x", "y").getMessage())).noneMatch(m -> m.contains("Immutable"));
  }
}
