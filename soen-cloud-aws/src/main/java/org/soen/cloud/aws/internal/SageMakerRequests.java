package org.soen.cloud.aws.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.aws.SageMakerSettings;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * Builds the {@code CreateTrainingJob} request of a job from its checked config and where it was
 * staged: image and command, the {@code config} and {@code data} channels, environment, tags,
 * resources, stopping condition and, for spot, the checkpoint prefix.
 */
final class SageMakerRequests {
  /** The instance type of a config that names none. */
  static final String DEFAULT_INSTANCE_TYPE = "ml.g5.xlarge";
  /**
   * The staged config's name: the object under the staging prefix's {@code config/} and, as the
   * config channel names files after their keys, the file in the container.
   */
  static final String CONFIG_FILE = "training_config.yaml";
  /** Where the config channel puts the staged config in the container. */
  static final String CONFIG_PATH = "/opt/ml/input/data/config/" + CONFIG_FILE;
  /** The tag naming the journal that submitted a job ({@code JobJournal.owner()}), as Lambda's {@code soen-owner}. */
  static final String OWNER_TAG = "soen:owner";
  /** Where the data channel puts the data set in the container. */
  static final String DATA_DIR = "/opt/ml/input/data/data";

  private SageMakerRequests() {}

  /** The request that creates {@code job}, submitted by the journal {@code owner}. */
  static CreateTrainingJobRequest create(String job, String owner, CloudConfig config, S3Stager.Staged staged) {
    var instance = config.instance();
    AlgorithmSpecification.Builder algorithm = AlgorithmSpecification.builder()
        .trainingImage(SageMakerSettings.image(config).orElseThrow()).trainingInputMode("File");
    if (!config.command().isEmpty()) {
      algorithm.containerEntrypoint(config.command().get(0));
      if (config.command().size() > 1) {
        algorithm.containerArguments(config.command().subList(1, config.command().size()));
      }
    }
    List<Channel> channels = new ArrayList<>();
    channels.add(channel("config", staged.configUri(), S3DataType.S3_PREFIX));
    staged.dataUri().ifPresent(d -> channels.add(channel("data", d,
        staged.dataIsManifest() ? S3DataType.MANIFEST_FILE : S3DataType.S3_PREFIX)));
    Map<String, String> environment = new TreeMap<>(SageMakerValidation.environment(config));
    environment.putIfAbsent("SOEN_JOB_NAME", job);
    environment.putIfAbsent("SOEN_CONFIG_PATH", CONFIG_PATH);
    if (staged.dataUri().isPresent()) {
      environment.putIfAbsent("SOEN_DATA_DIR", DATA_DIR);
    }
    List<Tag> tags = new ArrayList<>();
    tags.add(Tag.builder().key("soen:project").value(config.project()).build());
    tags.add(Tag.builder().key("soen:experiment").value(config.experiment()).build());
    tags.add(Tag.builder().key(JobSecrets.TOOL_TAG).value("soen-cloud").build());
    tags.add(Tag.builder().key(OWNER_TAG).value(owner).build());
    config.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    long maxRuntime = instance.maxRuntime().toSeconds();
    CreateTrainingJobRequest.Builder b = CreateTrainingJobRequest.builder()
        .trainingJobName(job)
        .algorithmSpecification(algorithm.build())
        .roleArn(config.get(SageMakerSettings.ROLE).orElseThrow())
        .inputDataConfig(channels)
        .outputDataConfig(o -> o.s3OutputPath(staged.outputUri()))
        .resourceConfig(r -> r.instanceType(instanceType(config))
            .instanceCount(instance.instanceCount()).volumeSizeInGB(instance.volumeSizeGb()))
        .environment(environment)
        .tags(tags);
    if (instance.useSpot()) {
      long maxWait = instance.maxWait().map(Duration::toSeconds)
          .orElse(Math.min(maxRuntime + 3600, Duration.ofDays(28).toSeconds() * 2));
      b.enableManagedSpotTraining(true)
          .stoppingCondition(s -> s.maxRuntimeInSeconds((int) maxRuntime).maxWaitTimeInSeconds((int) maxWait))
          .checkpointConfig(c -> c.s3Uri(staged.checkpointUri()).localPath("/opt/ml/checkpoints"));
    } else {
      b.stoppingCondition(s -> s.maxRuntimeInSeconds((int) maxRuntime));
    }
    return b.build();
  }

  /** The instance type the job runs on. */
  static String instanceType(CloudConfig config) {
    return config.instance().instanceType().orElse(DEFAULT_INSTANCE_TYPE);
  }

  private static Channel channel(String name, String uri, S3DataType type) {
    return Channel.builder().channelName(name).inputMode("File")
        .dataSource(d -> d.s3DataSource(s -> s.s3Uri(uri).s3DataType(type).s3DataDistributionType("FullyReplicated")))
        .build();
  }
}
