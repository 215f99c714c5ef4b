package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.soen.cloud.AccessDeniedException;
import org.soen.cloud.CapacityException;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobState;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.QuotaException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class SageMakerMappingTest {
  @ParameterizedTest
  @CsvSource({
      "InProgress,Starting,PROVISIONING", "InProgress,LaunchingMLInstances,PROVISIONING",
      "InProgress,Downloading,STAGING", "InProgress,DownloadingTrainingImage,STAGING", "InProgress,Training,RUNNING",
      "InProgress,Uploading,COLLECTING", "InProgress,Interrupted,INTERRUPTED", "InProgress,Restarting,PROVISIONING",
      "Stopping,Stopping,STOPPING", "Stopped,MaxRuntimeExceeded,STOPPED", "Stopped,MaxWaitTimeExceeded,STOPPED",
      "Completed,Completed,COMPLETED", "Failed,Failed,FAILED"})
  void state_mapsTrainingJobStatusAndSecondaryStatus(String status, String secondary, JobState expected) {
    assertThat(SageMakerStatuses.state(status, secondary)).isEqualTo(expected);
  }

  private static AwsServiceException error(String code, String message, int status) {
    return AwsServiceException.builder().statusCode(status).message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }

  @Test
  void translate_mapsEveryDocumentedErrorToItsTypeAndFix() {
    assertThat(AwsErrors.translate("x", SdkClientException.create("Unable to load credentials from any of the providers")))
        .isInstanceOf(CredentialsException.class)
        .hasMessageStartingWith("AWS credentials not found: run `aws configure` or set AWS_ACCESS_KEY_ID");
    assertThat(AwsErrors.translate("read bucket b", error("AccessDenied", "Access Denied", 403)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("Access denied to read bucket b").hasMessageContaining("AmazonS3FullAccess");
    assertThat(AwsErrors.translate("create", error("ResourceLimitExceeded", "limit 'ml.p4d' is 0 Instances", 400)))
        .isInstanceOf(QuotaException.class);
    assertThat(AwsErrors.translate("create", error("CapacityError", "Unable to provision requested ML compute capacity", 400)))
        .isInstanceOf(CapacityException.class)
        .hasMessageStartingWith("Waiting for capacity")
        .hasMessageContaining("use_spot: false").hasMessageContaining("different instance type");
    assertThat(AwsErrors.translate("describe training job soen-x", error("ValidationException", "Requested resource not found.", 400)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("not found while trying to describe training job soen-x: Requested resource not found. SageMaker has "
            + "no record of it in this account and region; it was submitted with other credentials, to another region or "
            + "to another endpoint");
    assertThat(AwsErrors.translate("create training job soen-x", error("ValidationException", "1 validation error detected", 400)))
        .isInstanceOf(ConfigurationException.class);
    var throttled = AwsErrors.translate("describe", error("ThrottlingException", "Rate exceeded", 400));
    assertThat(throttled).isInstanceOf(ProviderException.class);
    assertThat(throttled.retryable()).isTrue();
    assertThat(throttled.getCause()).isInstanceOf(AwsServiceException.class);
  }

  private static CloudConfig.Builder good() {
    return CloudConfig.builder().provider("sagemaker").set(SageMakerSettings.REGION, "us-east-1").set(SageMakerSettings.ROLE, "arn:aws:iam::123456789012:role/R")
        .set(SageMakerSettings.BUCKET, "my-bucket").set(SageMakerSettings.IMAGE_PYTORCH, "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3");
  }

  private static List<ConfigProblem> validate(CloudConfig config) {
    return SageMakerValidation.validate(config, Map.of(), PricingCatalog.bundled());
  }

  @Test
  void validate_goodConfig_hasNoProblems() {
    assertThat(validate(good().build())).isEmpty();
  }

  @Test
  void validate_listsEveryProblemWithKeyAndFix() {
    List<ConfigProblem> problems = validate(good()
        .instance(InstanceSpec.builder().instanceType("ml.g5.xlarg").build())
        .putEnvironment("BAD-NAME", "x").putEnvironment("LONG", "y".repeat(513)).build());

    assertThat(problems).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
        "cloud.instance.instance_type", "cloud.environment.BAD-NAME", "cloud.environment.LONG");
    assertThat(problems).filteredOn(p -> p.keyPath().equals("cloud.instance.instance_type")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("did you mean ml.g5.xlarge?"));
  }

  @Test
  void validate_acceptsEveryTrainingInstanceTypeOfTheSdk() {
    for (String type : List.of("ml.p4d.24xlarge", "ml.p5.48xlarge", "ml.g6.xlarge", "ml.g6e.xlarge", "ml.trn1.32xlarge")) {
      assertThat(validate(good().instance(InstanceSpec.builder().instanceType(type).build()).build())).as(type).isEmpty();
    }
  }

  @Test
  void loadConfig_badRoleBucketAndRegion_areRefusedWhereTheyWereWritten_evenWhenOverridden(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path yaml = dir.resolve("train.yaml");
    java.nio.file.Files.writeString(yaml, "cloud:\n  provider: sagemaker\n  role: SageMakerRole\n  bucket: My_Bucket\n"
        + "  region: us-est-1\n");
    try (org.soen.cloud.CloudTrainer trainer = org.soen.cloud.CloudTrainer.builder().home(dir.resolve("home"))
        .environment(Map.of("SOEN_SM_ROLE", "arn:aws:iam::123456789012:user/me")).build()) {
      org.soen.cloud.ConfigurationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          org.soen.cloud.ConfigurationException.class, () -> trainer.loadConfig(yaml));
      assertThat(e.problems()).extracting(p -> p.keyPath() + "@" + p.line().orElse(0))
          .containsExactly("cloud.role@3", "cloud.bucket@4", "cloud.region@5", "cloud.role@0");
      assertThat(e.problems()).filteredOn(p -> p.keyPath().equals("cloud.region")).singleElement()
          .satisfies(p -> assertThat(p.message()).contains("did you mean us-east-1?"));
      assertThat(e.problems()).extracting(org.soen.cloud.ConfigProblem::source).containsExactly(yaml.toString(),
          yaml.toString(), yaml.toString(), "environment variable SOEN_SM_ROLE");
      assertThat(e.problems().get(3).message()).as("a value the YAML overrides is still checked").contains("IAM user ARN");
    }
  }

  @Test
  void validate_missingRoleBucketImageAndRegion_nameTheKeysAndVariables() {
    List<ConfigProblem> problems = validate(CloudConfig.builder().provider("sagemaker").build());

    assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
        "config: cloud.role: required for SageMaker: set cloud.role or SOEN_SM_ROLE to the execution role ARN, e.g. arn:aws:iam::123456789012:role/SageMakerRole",
        "config: cloud.bucket: required for SageMaker: set cloud.bucket or SOEN_SM_BUCKET to the S3 bucket that stages configs, data and output",
        "config: cloud.docker_image_pytorch: required for SageMaker with backend pytorch: set cloud.docker_image_pytorch or SOEN_DOCKER_PYTORCH to the training image URI, e.g. 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker",
        "config: cloud.region: no AWS region: set cloud.region (e.g. us-east-1) or AWS_REGION");
  }

  @Test
  void validateForEstimate_withoutRoleBucketOrImage_needsOnlyARegion() {
    assertThat(SageMakerValidation.validateForEstimate(CloudConfig.builder().provider("sagemaker").build(), Map.of()))
        .extracting(ConfigProblem::keyPath).containsExactly("cloud.region");
    assertThat(SageMakerValidation.validateForEstimate(CloudConfig.builder().provider("sagemaker").build(),
        Map.of("AWS_REGION", "us-east-1"))).isEmpty();
  }

  @Test
  void estimate_onATrainer_needsNoRoleBucketOrImage_butSubmitDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    CloudConfig bare = CloudConfig.builder().provider("sagemaker").build();
    try (org.soen.cloud.CloudTrainer trainer = org.soen.cloud.CloudTrainer.builder().home(dir)
        .environment(Map.of("AWS_REGION", "us-east-1")).build()) {
      assertThat(trainer.estimate(bare).instanceType()).isEqualTo("ml.g5.xlarge");
      org.soen.cloud.ConfigurationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          org.soen.cloud.ConfigurationException.class, () -> trainer.submit(bare));
      assertThat(e.problems()).extracting(ConfigProblem::keyPath)
          .contains("cloud.role", "cloud.bucket", "cloud.docker_image_pytorch");
    }
  }

  @Test
  void validate_tooManyEnvironmentVariables_isAProblem() {
    CloudConfig.Builder b = good();
    for (int i = 0; i < 101; i++) {
      b.putEnvironment("V" + i, "x");
    }
    assertThat(validate(b.build())).extracting(ConfigProblem::keyPath).containsExactly("cloud.environment");
  }

  @Test
  void endpoint_configWinsOverServiceVariableWhichWinsOverTheGlobalOne() {
    CloudConfig withConfig = good().set(SageMakerSettings.ENDPOINTS.get("s3"), URI.create("http://127.0.0.1:9000")).build();
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9001", "AWS_ENDPOINT_URL", "http://127.0.0.1:9002");

    assertThat(AwsClients.endpoint(withConfig, env, "s3", "S3")).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(AwsClients.endpoint(good().build(), env, "s3", "S3")).contains(URI.create("http://127.0.0.1:9001"));
    assertThat(AwsClients.endpoint(good().build(), env, "sts", "STS")).contains(URI.create("http://127.0.0.1:9002"));
    assertThat(AwsClients.endpoint(good().build(), Map.of(), "sts", "STS")).isEmpty();
    assertThatThrownBy(() -> AwsClients.endpoint(good().build(), Map.of("AWS_ENDPOINT_URL", "not a url"), "sts", "STS"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("endpoint override must be an absolute URL");
  }

  @Test
  void decodeCursor_rejectsForeignCursors() {
    assertThat(SageMakerLogs.decodeCursor(SageMakerLogs.encodeCursor(Map.of("job/algo-1-1", "f/3"))))
        .containsExactly(Map.entry("job/algo-1-1", "f/3"));
    assertThatThrownBy(() -> SageMakerLogs.decodeCursor("%%%"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a log cursor from this provider");
  }
}
