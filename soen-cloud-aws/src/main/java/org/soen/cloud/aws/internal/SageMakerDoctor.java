package org.soen.cloud.aws.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.aws.SageMakerSettings;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code doctor --provider sagemaker}: region, credentials, role, bucket and image, every check
 * run and every failure reported with its fix at once. Without a region the checks that reach
 * AWS still run, against {@value #FALLBACK_REGION} (STS answers from any region; a bucket
 * elsewhere answers with a redirect that names its region).
 */
final class SageMakerDoctor {
  static final String FALLBACK_REGION = "us-east-1";
  private static final String ROLE_FIX = "set cloud.role or SOEN_SM_ROLE to arn:aws:iam::<account>:role/<name>";

  private final Map<String, String> environment;
  private final java.time.Clock clock;
  private final Function<CloudConfig, AwsClients> clients;

  SageMakerDoctor(Map<String, String> environment, java.time.Clock clock, Function<CloudConfig, AwsClients> clients) {
    this.environment = environment;
    this.clock = clock;
    this.clients = clients;
  }

  List<PreflightCheck> run(CloudConfig config) {
    List<PreflightCheck> checks = new ArrayList<>();
    Optional<String> region;
    try {
      region = Optional.of(AwsClients.region(config, environment));
      checks.add(PreflightCheck.ok("region", region.get()));
    } catch (ConfigurationException e) {
      region = Optional.empty();
      checks.add(PreflightCheck.failed("region", "no AWS region configured (the checks below used "
          + FALLBACK_REGION + ")", "set cloud.region (e.g. us-east-1) or AWS_REGION"));
    }
    CloudConfig reachable = region.isPresent() ? config
        : config.toBuilder().set(SageMakerSettings.REGION, FALLBACK_REGION).build();
    AwsClients aws = clients.apply(reachable);
    checks.add(credentials(aws));
    checks.add(role(config));
    checks.add(bucket(aws, config, region.orElse(FALLBACK_REGION)));
    checks.add(image(config, region));
    return checks;
  }

  private static PreflightCheck credentials(AwsClients aws) {
    try {
      var id = aws.sts().getCallerIdentity();
      return PreflightCheck.ok("credentials", "account " + id.account() + " as " + id.arn());
    } catch (SdkException e) {
      SoenCloudException t = AwsErrors.translate("check credentials with STS GetCallerIdentity", e);
      if (t.getMessage().equals(AwsErrors.CREDENTIALS_FIX)) {
        return PreflightCheck.failed("credentials", AwsErrors.CREDENTIALS_MISSING + " (environment, ~/.aws profiles, "
            + "web identity and instance role were tried)", AwsErrors.CREDENTIALS_HOW);
      }
      return PreflightCheck.failed("credentials", t.getMessage(),
          "check which identity the SDK finds with `aws sts get-caller-identity`");
    }
  }

  private static PreflightCheck role(CloudConfig config) {
    return config.get(SageMakerSettings.ROLE).map(r -> AwsNameRules.roleArn(r)
            .map(why -> PreflightCheck.failed("role", why, ROLE_FIX))
            .orElse(PreflightCheck.ok("role", r)))
        .orElse(PreflightCheck.failed("role", "no SageMaker execution role configured", ROLE_FIX));
  }

  private PreflightCheck bucket(AwsClients aws, CloudConfig config, String region) {
    if (config.get(SageMakerSettings.BUCKET).isEmpty()) {
      return PreflightCheck.failed("bucket", "no staging bucket configured", "set cloud.bucket or SOEN_SM_BUCKET");
    }
    String bucket = config.get(SageMakerSettings.BUCKET).get();
    try {
      aws.s3().headBucket(b -> b.bucket(bucket));
      String key = "soen/.doctor-" + clock.millis();
      aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("ok"));
      aws.s3().deleteObject(b -> b.bucket(bucket).key(key));
      return PreflightCheck.ok("bucket", "s3://" + bucket + " is readable and writable");
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return PreflightCheck.failed("bucket", "bucket s3://" + bucket + " does not exist",
            "create it with `aws s3 mb s3://" + bucket + " --region " + region + "` or set cloud.bucket to an existing bucket");
      }
      if (e.statusCode() == 403) {
        return PreflightCheck.failed("bucket", "Access denied to bucket s3://" + bucket,
            "Your IAM user needs S3 permissions. Ask your team admin to attach the AmazonS3FullAccess policy.");
      }
      if (e.statusCode() == 301) {
        String actual = e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null ? "another region"
            : e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region").orElse("another region");
        return PreflightCheck.failed("bucket", "bucket s3://" + bucket + " is in " + actual + ", not " + region,
            "set cloud.region to " + actual + " or use a bucket in " + region);
      }
      return PreflightCheck.failed("bucket", AwsErrors.translate("check bucket " + bucket, e).getMessage(),
          "check the bucket name and region");
    } catch (SdkException e) {
      SoenCloudException t = AwsErrors.translate("check bucket " + bucket, e);
      return PreflightCheck.failed("bucket", "could not check s3://" + bucket + ": " + t.getMessage(),
          t instanceof CredentialsException ? "give credentials first (see the credentials check); this check needs them"
              : "check the network path to S3 and the bucket name");
    }
  }

  private static PreflightCheck image(CloudConfig config, Optional<String> region) {
    Optional<String> image = SageMakerSettings.image(config);
    if (image.isEmpty()) {
      return PreflightCheck.failed("image", "no training image for backend " + config.framework().configName(),
          "set cloud.docker_image_" + config.framework().configName() + " or SOEN_DOCKER_" + config.framework().name()
              + " to an ECR image URI");
    }
    Optional<String> wrong = AwsNameRules.imageUri(image.get());
    Optional<String> imageRegion = AwsNameRules.ecrRegion(image.get());
    if (wrong.isPresent()) {
      return PreflightCheck.failed("image", wrong.get(),
          "SageMaker pulls training images from ECR: use <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>");
    }
    if (imageRegion.isPresent() && region.isPresent() && !imageRegion.get().equals(region.get())) {
      return PreflightCheck.failed("image", image.get() + " is in region " + imageRegion.get()
          + ", the job runs in " + region.get(), "use the image of region " + region.get() + " or set cloud.region to "
          + imageRegion.get());
    }
    return PreflightCheck.ok("image", image.get());
  }
}
