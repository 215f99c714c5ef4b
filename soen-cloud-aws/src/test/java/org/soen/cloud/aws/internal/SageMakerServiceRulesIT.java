package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.testkit.aws.FakeSageMaker;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;

/**
 * One case per rule of SageMaker's published model that a config can break: the provider refuses
 * it before any upload, naming the user's setting, and FakeSageMaker refuses the same request sent
 * directly with the service's ValidationException.
 */
class SageMakerServiceRulesIT {
  private static final String BUCKET = FakeAws.BUCKET;
  private static final Instant T0 = FakeAws.T0;
  private static final String SECRET = "hf_" + "s".repeat(600);

  @TempDir Path tmp;
  @RegisterExtension final FakeAws aws = new FakeAws(() -> tmp).withData();
  private SageMakerBackend backend;

  @BeforeEach
  void start() {
    backend = aws.backend();
  }

  private CloudConfig.Builder config() {
    return aws.config(tmp);
  }

  private static Map<String, String> numbered(String prefix, int count) {
    Map<String, String> out = new HashMap<>();
    IntStream.range(0, count).forEach(i -> out.put(prefix + i, "v" + i));
    return out;
  }

  private static List<String> command(int arguments, String each) {
    List<String> out = new ArrayList<>(List.of("python"));
    IntStream.range(0, arguments).forEach(i -> out.add(each));
    return out;
  }

  /** name, how the config breaks the rule, the setting named, words of the message, the fake's path and constraint. */
  static Stream<Arguments> rules() {
    return Stream.of(
        rule("more than 100 Environment entries once soen-cloud's are added",
            b -> b.putAllEnvironment(numbered("E", 98)), "cloud.environment",
            "at most 100 entries", "environment", "Member must have length less than or equal to 100"),
        rule("an environment value over 512 characters",
            b -> b.putEnvironment("LONG", "x".repeat(513)), "cloud.environment.LONG",
            "at most 512 characters", "environment", "Map value must satisfy constraint: [Member must have length less than or equal to 512]"),
        rule("a secret_env value over 512 characters, reported without its value",
            b -> b.putSecretEnvironment("HF_TOKEN", SECRET), "cloud.secret_env",
            "environment variable HF_TOKEN", "environment", "Map value must satisfy constraint"),
        rule("a tag value with ','",
            b -> b.putTags("team", "vision,nlp"), "cloud.tags.team",
            "no ',' or '#'", "tags.5.member.value", "Member must satisfy regular expression pattern"),
        rule("a tag value with '#'",
            b -> b.putTags("team", "vision#1"), "cloud.tags.team",
            "no ',' or '#'", "tags.5.member.value", "Member must satisfy regular expression pattern"),
        rule("a user tag repeating soen-cloud's own key",
            b -> b.putTags("soen:project", "other"), "cloud.tags.soen:project",
            "soen-cloud sets soen:project, soen:experiment, soen:tool, soen:owner itself", "tags", "Keys must be unique per resource"),
        rule("more than 50 tags once soen-cloud's 4 are added",
            b -> b.putAllTags(numbered("t", 47)), "cloud.tags",
            "at most 50 items", "tags", "Member must have length less than or equal to 50"),
        rule("a tag key over 128 characters",
            b -> b.putTags("k".repeat(129), "v"), "cloud.tags." + "k".repeat(129),
            "at most 128 characters", "tags.5.member.key", "Member must have length less than or equal to 128"),
        rule("a container argument over 256 characters",
            b -> b.command(List.of("python", "train.py", "--note=" + "n".repeat(260))), "cloud.command[2]",
            "at most 256 characters", "algorithmSpecification.containerArguments",
            "Member must satisfy constraint: [Member must have length less than or equal to 256]"),
        rule("more than 100 container arguments",
            b -> b.command(command(101, "-v")), "cloud.command",
            "at most 100 items", "algorithmSpecification.containerArguments", "Member must have length less than or equal to 100"));
  }

  private static Arguments rule(String name, UnaryOperator<CloudConfig.Builder> breakIt, String key, String words,
      String awsPath, String constraint) {
    return Arguments.of(name, breakIt, key, words, awsPath, constraint);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void submit_whenTheRequestBreaksAModelRule_isRefusedBeforeAnyUploadAtTheUsersSetting(String name,
      UnaryOperator<CloudConfig.Builder> breakIt, String key, String words, String awsPath, String constraint) {
    CloudConfig config = breakIt.apply(config()).build();
    String job = "soen-cats-20261122210509-0001";
    aws.journal.create(job, config);

    assertThatThrownBy(() -> backend.submit(SubmitRequest.builder().jobName(job).config(config).submittedAt(T0)
        .stagedConfigYaml("training:\n  epochs: 5\n").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(key + ": ")
        .hasMessageContaining(words)
        .hasMessageContaining("SageMaker's CreateTrainingJob accepts")
        .hasMessageNotContaining(SECRET);
    assertThat(aws.s3.keys(BUCKET)).isEmpty();
    assertThat(aws.fake.requests()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void fake_whenTheSameRequestIsSentDirectly_answersValidationExceptionInTheServicesWording(String name,
      UnaryOperator<CloudConfig.Builder> breakIt, String key, String words, String awsPath, String constraint) {
    CloudConfig config = breakIt.apply(config()).build();
    String job = "soen-cats-20261122210509-0002";
    String prefix = "soen/vision/cats/" + job + "/";
    S3Stager.Staged staged = new S3Stager.Staged(BUCKET, prefix,
        java.util.Optional.of("s3://" + BUCKET + "/" + prefix + "data/manifest.json"), true, 0, 0, false);
    CreateTrainingJobRequest request = SageMakerBackend.createRequest(job, "0123456789abcdef", config, staged);

    try (AwsClients clients = AwsClients.create(config, aws.env())) {
      assertThatThrownBy(() -> clients.sageMaker().createTrainingJob(request))
          .isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value ")
                .contains(" at '" + awsPath + "' failed to satisfy constraint: ").contains(constraint);
          });
    }
    assertThat(aws.fake.requests()).extracting(FakeSageMaker.Request::target).contains("SageMaker.CreateTrainingJob");
  }

  @Test
  void validate_whenTheRequestIsWithinEveryRule_findsNothing() {
    assertThat(SageMakerRequestRules.problems(config().putAllEnvironment(numbered("E", 97)).putAllTags(numbered("t", 46))
        .command(command(100, "a".repeat(256))).build())).isEmpty();
  }

  @Test
  void validate_whenRoleBucketAndImageAreMissing_stillChecksTheRestOfTheRequest() {
    CloudConfig config = CloudConfig.builder().provider("sagemaker").project("vision").experiment("cats")
        .putTags("team", "a,b").build();
    assertThat(SageMakerRequestRules.problems(config)).extracting(p -> p.keyPath()).containsExactly("cloud.tags.team");
  }
}
