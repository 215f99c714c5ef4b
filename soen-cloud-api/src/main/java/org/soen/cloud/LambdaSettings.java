package org.soen.cloud;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The {@code cloud.lambda:} block: how the {@code lambdalabs} provider launches, prepares and
 * cleans up an instance.
 *
 * <pre>{@code
 * cloud:
 *   provider: lambdalabs
 *   instance: {instance_type: gpu_1x_a100_sxm4}
 *   lambda:
 *     ssh_key_name: my-key
 *     ssh_private_key: ~/.ssh/lambda.pem
 *     setup: ["pip install 'numpy<2' ultralytics"]
 *     artifacts: [runs/detect/train/weights/best.pt]
 * }</pre>
 */
@Value.Immutable
public abstract class LambdaSettings {
  /** Lambda Cloud's public API. */
  public static final URI DEFAULT_API_URL = URI.create("https://cloud.lambda.ai/api/v1");

  LambdaSettings() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this value. */
  public Builder toBuilder() {
    return builder().from(this);
  }

  /** Every default. */
  public static LambdaSettings defaults() {
    return builder().build();
  }

  /** {@code cloud.lambda.api_url} or {@code LAMBDA_API_URL}. */
  @Value.Default
  public URI apiUrl() {
    return DEFAULT_API_URL;
  }

  /** {@code LAMBDA_API_KEY} or {@code ~/.lambda_cloud/lambda_keys}: a secret, never shown. */
  @Value.Redacted
  public abstract Optional<String> apiKey();

  /** {@code cloud.lambda.region}; empty means the cheapest region with capacity. */
  public abstract Optional<String> region();

  /** {@code cloud.lambda.ssh_key_name}: the name of an SSH key registered with Lambda. */
  public abstract Optional<String> sshKeyName();

  /** {@code cloud.lambda.ssh_private_key}: the matching private key file (PEM or OpenSSH). */
  public abstract Optional<Path> sshPrivateKey();

  /** {@code cloud.lambda.ssh_user}. */
  @Value.Default
  public String sshUser() {
    return "ubuntu";
  }

  /** {@code cloud.lambda.remote_dir}: where the dataset and the run live on the instance. */
  @Value.Default
  public String remoteDir() {
    return "/home/ubuntu/soen";
  }

  /** {@code cloud.lambda.setup}: shell commands run once before the upload. */
  public abstract List<String> setup();

  /** {@code cloud.lambda.after}: shell commands run after training, e.g. an ONNX export. */
  public abstract List<String> after();

  /** {@code cloud.lambda.dataset_yaml}: a YAML in the dataset whose {@code path:} is made absolute. */
  public abstract Optional<String> datasetYaml();

  /** {@code cloud.lambda.metrics_pattern}: a regex with named groups for epoch metrics. */
  public abstract Optional<String> metricsPattern();

  /** {@code cloud.lambda.terminate}. */
  @Value.Default
  public TerminatePolicy terminate() {
    return TerminatePolicy.ALWAYS;
  }

  /** {@code cloud.lambda.boot_timeout_minutes}: deadline for {@code active} plus an IP. */
  @Value.Default
  public Duration bootTimeout() {
    return Duration.ofMinutes(30);
  }

  /** {@code cloud.lambda.ssh_timeout_minutes}: deadline for SSH to answer after boot. */
  @Value.Default
  public Duration sshTimeout() {
    return Duration.ofMinutes(10);
  }

  /** Builds {@link LambdaSettings} values. */
  public static final class Builder extends ImmutableLambdaSettings.Builder {
    Builder() {}
  }
}
