package org.soen.cloud.aws;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.Framework;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.Setting;
import org.soen.cloud.aws.internal.AwsNameRules;

/**
 * The settings the {@code sagemaker} provider owns, declared once each: the AWS keys of the
 * {@code cloud:} section, with their environment variables ({@code SOEN_SM_ROLE},
 * {@code SOEN_SM_BUCKET}, {@code AWS_REGION}, {@code SOEN_DOCKER_PYTORCH}, {@code SOEN_DOCKER_JAX})
 * and their places in {@code ~/.soen/cloud_config.yaml} ({@code aws:}, {@code docker_images:}).
 * Values are checked against AWS's naming rules before anything is sent.
 */
public final class SageMakerSettings {
  /** {@code cloud.region}: the AWS region. */
  public static final Setting<String> REGION = Setting.text("region").env("AWS_REGION", "AWS_DEFAULT_REGION").userConfig("aws.region")
      .allowed("an AWS region such as us-east-1").example("us-east-1")
      .check((region, config) -> AwsNameRules.region(region, config.get(SageMakerSettings.EXTRA_REGIONS).orElse(List.of())))
      .description("The AWS region of the job, its bucket and its logs").build();

  /** {@code cloud.extra_regions}: regions newer than the AWS SDK that knows the others. */
  public static final Setting<List<String>> EXTRA_REGIONS = Setting.list("extra_regions")
      .userConfig("aws.extra_regions").allowed("a list of region names, e.g. [xx-newregion-1]").example("[xx-newregion-1]")
      .description("Regions to allow that are newer than the AWS SDK soen-cloud was built with").build();

  /** {@code cloud.role}: the SageMaker execution role's ARN. */
  public static final Setting<String> ROLE = Setting.text("role").env("SOEN_SM_ROLE").userConfig("aws.role")
      .allowed("an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerRole")
      .example("arn:aws:iam::123456789012:role/SageMakerRole")
      .check(AwsNameRules::roleArn)
      .description("The execution role SageMaker runs the job as").build();

  /** {@code cloud.bucket}: the staging bucket. */
  public static final Setting<String> BUCKET = Setting.text("bucket").env("SOEN_SM_BUCKET").userConfig("aws.bucket")
      .allowed("an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens").example("team-soen-training")
      .check(AwsNameRules::bucketName)
      .description("The S3 bucket configs, data and output are staged in").build();

  /** {@code cloud.docker_image_pytorch}: the training image for {@code backend: pytorch}. */
  public static final Setting<String> IMAGE_PYTORCH = image("pytorch");

  /** {@code cloud.docker_image_jax}: the training image for {@code backend: jax}. */
  public static final Setting<String> IMAGE_JAX = image("jax");

  /** {@code cloud.s3_path_style}: path-style S3 addressing (S3Proxy, MinIO, buckets with dots). */
  public static final Setting<Boolean> S3_PATH_STYLE = Setting.bool("s3_path_style").defaultValue(false)
      .userConfig("aws.s3_path_style").description("Path-style S3 addressing (S3Proxy, MinIO, LocalStack)").build();

  /** {@code cloud.secrets}: where {@code secret_env} values and the MLflow password go. */
  public static final Setting<String> SECRETS = Setting.choice("secrets", "environment", "secrets_manager")
      .defaultValue("environment").userConfig("aws.secrets").example("secrets_manager")
      .description("Where secret_env values and the MLflow password go: environment (the job's Environment, shown "
          + "by DescribeTrainingJob and the console to anyone who may read the job) or secrets_manager (one AWS "
          + "Secrets Manager secret per job, read by the container's entry wrapper, deleted when the job ends)").build();

  /** {@code cloud.endpoints.<service>}: endpoint overrides, by service. */
  public static final Map<String, Setting<URI>> ENDPOINTS = Map.of(
      "s3", endpoint("s3", "S3"), "sagemaker", endpoint("sagemaker", "SageMaker"),
      "logs", endpoint("logs", "CloudWatch Logs"), "sts", endpoint("sts", "STS"),
      "secretsmanager", endpoint("secretsmanager", "Secrets Manager"),
      "pricing", endpoint("pricing", "the AWS Price List Query API (live prices; AWS serves it from us-east-1, "
          + "eu-central-1 and ap-south-1)"));

  private SageMakerSettings() {}

  /** Every declaration, in the order the reference lists them. */
  static List<Setting<?>> all() {
    return List.of(ROLE, BUCKET, REGION, EXTRA_REGIONS, IMAGE_PYTORCH, IMAGE_JAX, SECRETS, S3_PATH_STYLE,
        ENDPOINTS.get("s3"), ENDPOINTS.get("sagemaker"), ENDPOINTS.get("logs"), ENDPOINTS.get("sts"),
        ENDPOINTS.get("secretsmanager"), ENDPOINTS.get("pricing"));
  }

  /** The training image for the config's framework ({@code cloud.backend}), if set. */
  public static Optional<String> image(CloudConfig config) {
    return config.get(config.framework() == Framework.JAX ? IMAGE_JAX : IMAGE_PYTORCH);
  }

  /** The setting that holds the image of {@code framework}. */
  public static Setting<String> imageSetting(Framework framework) {
    return framework == Framework.JAX ? IMAGE_JAX : IMAGE_PYTORCH;
  }

  private static Setting<String> image(String backend) {
    return Setting.text("docker_image_" + backend).env("SOEN_DOCKER_" + backend.toUpperCase(java.util.Locale.ROOT))
        .userConfig("docker_images." + backend).check(AwsNameRules::imageUri)
        .allowed("an ECR image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0")
        .example("763104351884.dkr.ecr.us-east-1.amazonaws.com/" + backend + "-training:latest")
        .description("The training image for backend: " + backend).build();
  }

  private static Setting<URI> endpoint(String service, String name) {
    return Setting.http("endpoints." + service).userConfig("aws.endpoints." + service)
        .allowed("an http or https URL such as http://127.0.0.1:9000").example("http://127.0.0.1:9000")
        .description("Endpoint override for " + name + " (also AWS_ENDPOINT_URL_*)").build();
  }
}
