package org.soen.cloud.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.soen.cloud.testkit.ManualClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

class FakeSageMakerIT {
  private static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerRole";

  private final ManualClock clock = ManualClock.create();
  private EmbeddedS3 s3;
  private FakeSageMaker fake;
  private SageMakerClient sm;

  @BeforeEach
  void start() {
    s3 = EmbeddedS3.start("bkt");
    fake = FakeSageMaker.start(clock, s3);
    sm = SageMakerClient.builder().endpointOverride(fake.endpoint()).region(Region.US_EAST_1)
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
        .build();
    try (S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
        .build()) {
      client.putObject(r -> r.bucket("bkt").key("in/train.csv"), RequestBody.fromString("x,y\n1,2\n"));
    }
  }

  @AfterEach
  void stop() {
    sm.close();
    fake.close();
    s3.close();
  }

  private static Consumer<CreateTrainingJobRequest.Builder> job(String name) {
    return b -> b.trainingJobName(name).roleArn(ROLE)
        .algorithmSpecification(a -> a.trainingImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1").trainingInputMode("File"))
        .inputDataConfig(c -> c.channelName("train").dataSource(d -> d.s3DataSource(s -> s.s3Uri("s3://bkt/in/").s3DataType("S3Prefix"))))
        .outputDataConfig(o -> o.s3OutputPath("s3://bkt/out/"))
        .resourceConfig(r -> r.instanceType("ml.g5.xlarge").instanceCount(1).volumeSizeInGB(30))
        .stoppingCondition(s -> s.maxRuntimeInSeconds(3600));
  }

  @Test
  void createAndDescribe_walkTheRealStatusSequenceAndWriteTheModel() {
    sm.createTrainingJob(job("soen-a-1"));
    assertThat(sm.describeTrainingJob(b -> b.trainingJobName("soen-a-1")).secondaryStatusAsString()).isEqualTo("Starting");
    clock.advance(Duration.ofSeconds(90));
    assertThat(sm.describeTrainingJob(b -> b.trainingJobName("soen-a-1")).secondaryStatusAsString()).isEqualTo("Training");
    assertThat(fake.inputs("soen-a-1").get("train")).containsEntry("train.csv", 8L);
    clock.advance(Duration.ofMinutes(6));
    var done = sm.describeTrainingJob(b -> b.trainingJobName("soen-a-1"));
    assertThat(done.trainingJobStatus()).isEqualTo(TrainingJobStatus.COMPLETED);
    assertThat(done.billableTimeInSeconds()).isEqualTo(350);
    assertThat(done.modelArtifacts().s3ModelArtifacts()).isEqualTo("s3://bkt/out/soen-a-1/output/model.tar.gz");
    assertThat(s3.keys("bkt")).contains("out/soen-a-1/output/model.tar.gz");
    assertThat(done.secondaryStatusTransitions()).extracting(t -> t.statusAsString())
        .containsExactly("Starting", "Downloading", "Training", "Uploading", "Completed");
  }

  @Test
  void create_rejectsWhatSageMakerRejectsWithItsErrorShapes() {
    assertThatThrownBy(() -> sm.createTrainingJob(job("bad_name")))
        .isInstanceOf(SageMakerException.class)
        .satisfies(e -> assertThat(((SageMakerException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
        .hasMessageContaining("Value 'bad_name' at 'trainingJobName' failed to satisfy constraint");
    assertThatThrownBy(() -> sm.createTrainingJob(job("ok").andThen(b -> b.roleArn("SageMakerRole"))))
        .hasMessageContaining("at 'roleArn' failed to satisfy constraint");
    assertThatThrownBy(() -> sm.createTrainingJob(job("ok").andThen(b -> b.resourceConfig(r -> r.instanceType("ml.g5.xlarg").instanceCount(1)))))
        .hasMessageContaining("at 'resourceConfig.instanceType' failed to satisfy constraint: Member must satisfy enum value set");
    assertThatThrownBy(() -> sm.createTrainingJob(job("ok").andThen(b -> b.enableManagedSpotTraining(true)
        .stoppingCondition(s -> s.maxRuntimeInSeconds(3600).maxWaitTimeInSeconds(60)))))
        .hasMessageContaining("Invalid MaxWaitTimeInSeconds. It must be present and be greater than or equal to MaxRuntimeInSeconds");
    sm.createTrainingJob(job("dup"));
    assertThatThrownBy(() -> sm.createTrainingJob(job("dup")))
        .isInstanceOf(ResourceInUseException.class)
        .hasMessageContaining("a training job with this name already exists");
    fake.limitInstances("ml.g5.xlarge", 1);
    assertThatThrownBy(() -> sm.createTrainingJob(job("third")))
        .isInstanceOf(ResourceLimitExceededException.class)
        .hasMessageContaining("The account-level service limit 'ml.g5.xlarge for training job usage' is 1 Instances");
    assertThatThrownBy(() -> sm.describeTrainingJob(b -> b.trainingJobName("nope")))
        .hasMessageContaining("Requested resource not found.");
  }

  @Test
  void listTrainingJobs_pagesWithOpaqueTokensAndRejectsWhatSageMakerRejects() {
    for (int i = 0; i < 12; i++) {
      sm.createTrainingJob(job("soen-p-" + i));
      clock.advance(Duration.ofSeconds(1));
    }
    sm.createTrainingJob(job("other-job"));

    var first = sm.listTrainingJobs(b -> b.nameContains("soen-").maxResults(5));
    assertThat(first.trainingJobSummaries()).extracting(s -> s.trainingJobName())
        .containsExactly("soen-p-11", "soen-p-10", "soen-p-9", "soen-p-8", "soen-p-7");
    assertThat(first.nextToken()).as("opaque").isNotBlank().isNotEqualTo("5");
    var all = sm.listTrainingJobsPaginator(b -> b.nameContains("soen-").maxResults(5)).trainingJobSummaries().stream()
        .map(s -> s.trainingJobName()).toList();
    assertThat(all).hasSize(12).doesNotContain("other-job");
    assertThat(sm.listTrainingJobs(b -> b.nameContains("soen-")).trainingJobSummaries()).as("10 by default").hasSize(10);

    assertThatThrownBy(() -> sm.listTrainingJobs(b -> b.maxResults(101)))
        .isInstanceOf(SageMakerException.class)
        .satisfies(e -> assertThat(((SageMakerException) e).awsErrorDetails().errorCode()).isEqualTo("ValidationException"))
        .hasMessageContaining("Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
    assertThatThrownBy(() -> sm.listTrainingJobs(b -> b.nameContains("soen_")))
        .hasMessageContaining("at 'nameContains' failed to satisfy constraint");
    assertThatThrownBy(() -> sm.listTrainingJobs(b -> b.nameContains("other").nextToken(first.nextToken())))
        .as("a token belongs to its query").hasMessageContaining("Invalid pagination token");
    assertThatThrownBy(() -> sm.listTrainingJobs(b -> b.nextToken("5")))
        .hasMessageContaining("Invalid pagination token");
  }

  @Test
  void listTags_answersTheTagsTheJobWasCreatedWithInPagesOfAtLeast50() {
    sm.createTrainingJob(job("soen-t-1").andThen(b -> b.tags(t -> t.key("soen:tool").value("soen-cloud"),
        t -> t.key("soen:owner").value("0123456789abcdef"))));
    String arn = sm.describeTrainingJob(b -> b.trainingJobName("soen-t-1")).trainingJobArn();

    assertThat(sm.listTags(b -> b.resourceArn(arn)).tags()).extracting(t -> t.key() + "=" + t.value())
        .containsExactly("soen:tool=soen-cloud", "soen:owner=0123456789abcdef");
    assertThatThrownBy(() -> sm.listTags(b -> b.resourceArn(arn).maxResults(10)))
        .hasMessageContaining("Value '10' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 50");
    assertThatThrownBy(() -> sm.listTags(b -> b.resourceArn("soen-t-1")))
        .hasMessageContaining("at 'resourceArn' failed to satisfy constraint");
    assertThatThrownBy(() -> sm.listTags(b -> b.resourceArn(arn.replace("soen-t-1", "gone"))))
        .hasMessageContaining("Requested resource not found.");
  }

  @Test
  void throttling_isRetriedByTheSdkAndAnsweredWithTheRealCode() {
    fake.throttle("SageMaker.ListTrainingJobs", 1);
    assertThat(sm.listTrainingJobs(b -> b.maxResults(10)).trainingJobSummaries()).isEmpty();
    assertThat(fake.requests()).filteredOn(r -> r.target().equals("SageMaker.ListTrainingJobs")).hasSize(2);
  }

  @Test
  void sts_speaksTheQueryProtocolAndRejectsUnknownKeys() {
    try (StsClient sts = StsClient.builder().endpointOverride(fake.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(), "s"))).build()) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo("123456789012");
    }
    try (StsClient sts = StsClient.builder().endpointOverride(fake.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAOTHER", "s"))).build()) {
      assertThatThrownBy(sts::getCallerIdentity).isInstanceOf(StsException.class)
          .satisfies(e -> assertThat(((StsException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId"));
    }
  }

  @Test
  void logs_unknownGroupIsResourceNotFound() {
    try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(fake.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(), "s"))).build()) {
      assertThatThrownBy(() -> logs.describeLogStreams(b -> b.logGroupName("/nope")))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThat(logs.describeLogStreams(b -> b.logGroupName(FakeSageMaker.LOG_GROUP)).logStreams()).isEmpty();
    }
  }
}
