package org.soen.cloud.aws.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.aws.SageMakerProvider;
import org.soen.cloud.testkit.ManualClock;
import org.soen.cloud.testkit.TrainingBackendContract;
import org.soen.cloud.testkit.aws.EmbeddedS3;
import org.soen.cloud.testkit.aws.FakeSageMaker;

/** The testkit's contract suite, run against the sagemaker provider on EmbeddedS3 and FakeSageMaker. */
class SageMakerContractIT extends TrainingBackendContract {
  private static final String BUCKET = "contract-bucket";
  private final ManualClock clock = ManualClock.create();
  private EmbeddedS3 s3;
  private FakeSageMaker fake;
  private Path work;

  @BeforeEach
  void startFakes() throws IOException {
    s3 = EmbeddedS3.start(BUCKET);
    fake = FakeSageMaker.start(clock, s3).trainingDuration(Duration.ofMinutes(2));
    work = Files.createTempDirectory("sagemaker-contract");
    Files.createDirectories(work.resolve("data"));
    Files.writeString(work.resolve("data/train.csv"), "x,y\n1,2\n");
  }

  @AfterEach
  void stopFakes() {
    fake.close();
    s3.close();
  }

  @Override
  protected CloudTrainer newTrainer(Path home, JobListener listener) {
    return CloudTrainer.builder().provider(new SageMakerProvider()).discoverProviders(false)
        .clock(clock).sleeper(clock).pollInterval(Duration.ofSeconds(30)).home(home).listener(listener)
        .environment(Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(), "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(),
            "AWS_EC2_METADATA_DISABLED", "true", "HOME", home.toString(),
            "AWS_ENDPOINT_URL", fake.endpoint().toString()))
        .build();
  }

  private CloudConfig.Builder base() {
    return CloudConfig.builder().provider("sagemaker").set(SageMakerSettings.REGION, "us-east-1")
        .set(SageMakerSettings.ROLE, "arn:aws:iam::123456789012:role/SageMakerRole").set(SageMakerSettings.BUCKET, BUCKET)
        .set(SageMakerSettings.IMAGE_PYTORCH, "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311")
        .set(SageMakerSettings.ENDPOINTS.get("s3"), s3.endpoint()).set(SageMakerSettings.S3_PATH_STYLE, true)
        .instance(InstanceSpec.builder().instanceType("ml.g5.xlarge").maxRuntime(Duration.ofHours(2)).build())
        .command(List.of("python", "train.py")).data("data").baseDirectory(work).addArtifacts("model.pt");
  }

  @Override
  protected CloudConfig successfulJob() {
    return base().build();
  }

  @Override
  protected CloudConfig failingJob() {
    fake.failNextJob("AlgorithmError: ExecuteUserScriptError: Command \"python train.py\" exit code 1");
    return base().build();
  }

  @Override
  protected CloudConfig longRunningJob() {
    fake.trainNextJobFor(Duration.ofDays(2));
    return base().instance(InstanceSpec.builder().instanceType("ml.g5.xlarge").maxRuntime(Duration.ofDays(3)).build()).build();
  }

  @Override
  protected Optional<String> stagedConfig(JobHandle job) {
    String prefix = job.stagingUri().orElseThrow().substring(("s3://" + BUCKET + "/").length());
    try (InputStream in = s3.open(BUCKET, prefix + "config/training_config.yaml")) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
