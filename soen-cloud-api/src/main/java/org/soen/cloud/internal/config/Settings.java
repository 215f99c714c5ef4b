package org.soen.cloud.internal.config;

import static org.soen.cloud.internal.config.Setting.Kind.BOOLEAN;
import static org.soen.cloud.internal.config.Setting.Kind.DECIMAL;
import static org.soen.cloud.internal.config.Setting.Kind.INTEGER;
import static org.soen.cloud.internal.config.Setting.Kind.LIST;
import static org.soen.cloud.internal.config.Setting.Kind.MAP;
import static org.soen.cloud.internal.config.Setting.Kind.NAME;
import static org.soen.cloud.internal.config.Setting.Kind.PATH;
import static org.soen.cloud.internal.config.Setting.Kind.REGEX;
import static org.soen.cloud.internal.config.Setting.Kind.STRING;
import static org.soen.cloud.internal.config.Setting.Kind.URI;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every setting of the {@code cloud:} section and where each layer spells it. */
final class Settings {
  static final List<Setting> ALL = List.of(
      Setting.of("active", BOOLEAN, "true or false"),
      Setting.of("provider", STRING, "a provider id"),
      Setting.of("project", NAME, "1-63 letters, digits, '.', '-' or '_'"),
      Setting.of("experiment", NAME, "1-63 letters, digits, '.', '-' or '_'"),
      Setting.oneOf("backend", List.of("pytorch", "jax")),
      Setting.of("region", STRING, "a region name such as us-east-1"),
      Setting.of("role", STRING, "an IAM role ARN such as arn:aws:iam::123456789012:role/sagemaker-role"),
      Setting.of("bucket", STRING, "an S3 bucket name"),
      Setting.of("docker_image_pytorch", STRING, "an image URI"),
      Setting.of("docker_image_jax", STRING, "an image URI"),
      Setting.of("instance.instance_type", STRING, "an instance type such as ml.g5.xlarge"),
      Setting.of("instance.instance_count", INTEGER, "a whole number from 1 to 100"),
      Setting.of("instance.use_spot", BOOLEAN, "true or false"),
      Setting.of("instance.max_runtime_hours", DECIMAL, "hours, more than 0 and at most 672"),
      Setting.of("instance.max_wait_hours", DECIMAL, "hours, at least max_runtime_hours (spot only)"),
      Setting.of("instance.volume_size_gb", INTEGER, "a whole number of GB from 1 to 16384"),
      Setting.of("command", LIST, "a list of arguments, e.g. [python, train.py]"),
      Setting.of("data", STRING, "a local folder or file, or an s3:// URI"),
      Setting.of("artifacts", LIST, "a list of output paths or globs, e.g. [weights/best.pt]"),
      Setting.of("environment", MAP, "a mapping of environment variable names to values"),
      Setting.of("secret_env", LIST, "a list of environment variable names passed to the job as secrets"),
      Setting.of("tags", MAP, "a mapping of tag names to values"),
      Setting.of("max_cost_usd", DECIMAL, "USD, more than 0"),
      Setting.of("expected_hours", DECIMAL, "hours, more than 0"),
      Setting.of("endpoints.s3", URI, "an absolute URI such as http://127.0.0.1:9000"),
      Setting.of("endpoints.sagemaker", URI, "an absolute URI"),
      Setting.of("endpoints.logs", URI, "an absolute URI"),
      Setting.of("endpoints.sts", URI, "an absolute URI"),
      Setting.of("s3_path_style", BOOLEAN, "true or false"),
      Setting.of("mlflow.active", BOOLEAN, "true or false"),
      Setting.of("mlflow.tracking_uri", STRING, "an MLflow tracking URI"),
      Setting.of("mlflow.experiment_name", STRING, "an MLflow experiment name"),
      Setting.of("mlflow.username", STRING, "an MLflow user name"),
      Setting.secret("mlflow.password", "an MLflow password (better: MLFLOW_TRACKING_PASSWORD in the environment)"),
      Setting.of("lambda.api_url", URI, "an absolute URI"),
      Setting.secret("lambda.api_key", "a Lambda Cloud API key (better: LAMBDA_API_KEY in the environment)"),
      Setting.of("lambda.region", STRING, "a Lambda region such as us-west-1"),
      Setting.of("lambda.ssh_key_name", STRING, "the name of an SSH key registered with Lambda"),
      Setting.of("lambda.ssh_private_key", PATH, "a private key file"),
      Setting.of("lambda.ssh_user", STRING, "a user name"),
      Setting.of("lambda.remote_dir", STRING, "an absolute folder on the instance"),
      Setting.of("lambda.setup", LIST, "a list of shell commands"),
      Setting.of("lambda.after", LIST, "a list of shell commands"),
      Setting.of("lambda.dataset_yaml", STRING, "a YAML file inside the dataset"),
      Setting.of("lambda.metrics_pattern", REGEX, "a regular expression with named groups"),
      Setting.oneOf("lambda.terminate", List.of("always", "on_success", "never")),
      Setting.of("lambda.boot_timeout_minutes", DECIMAL, "minutes, more than 0"),
      Setting.of("lambda.ssh_timeout_minutes", DECIMAL, "minutes, more than 0"));

  /** The source document's flat spellings in the training YAML's {@code cloud:} section. */
  static final Map<String, String> FLAT_ALIASES = Map.of(
      "instance_type", "instance.instance_type",
      "instance_count", "instance.instance_count",
      "use_spot", "instance.use_spot",
      "max_runtime_hours", "instance.max_runtime_hours",
      "max_wait_hours", "instance.max_wait_hours",
      "volume_size_gb", "instance.volume_size_gb");

  /** Environment fallbacks (design section 4). */
  static final Map<String, String> ENVIRONMENT = orderedMap(
      "SOEN_SM_ROLE", "role",
      "SOEN_SM_BUCKET", "bucket",
      "AWS_REGION", "region",
      "SOEN_DOCKER_PYTORCH", "docker_image_pytorch",
      "SOEN_DOCKER_JAX", "docker_image_jax",
      "LAMBDA_API_KEY", "lambda.api_key",
      "LAMBDA_API_URL", "lambda.api_url",
      "MLFLOW_TRACKING_URI", "mlflow.tracking_uri");

  /** {@code ~/.soen/cloud_config.yaml} spellings (the source document's shape plus a lambda block). */
  static final Map<String, String> USER_CONFIG = userConfig();

  /** The training YAML's {@code logging:} keys that configure MLflow. */
  static final Map<String, String> LOGGING = orderedMap(
      "mlflow_active", "mlflow.active",
      "mlflow_tracking_uri", "mlflow.tracking_uri",
      "mlflow_experiment_name", "mlflow.experiment_name",
      "mlflow_username", "mlflow.username",
      "mlflow_password", "mlflow.password");

  private static final Map<String, Setting> BY_KEY = byKey();

  private Settings() {}

  static Optional<Setting> find(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  static boolean isSection(String prefix) {
    return ALL.stream().anyMatch(s -> s.key().startsWith(prefix + ".")) && !BY_KEY.containsKey(prefix);
  }

  private static Map<String, Setting> byKey() {
    Map<String, Setting> map = new LinkedHashMap<>();
    ALL.forEach(s -> map.put(s.key(), s));
    return Map.copyOf(map);
  }

  private static Map<String, String> userConfig() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("aws.role", "role");
    map.put("aws.bucket", "bucket");
    map.put("aws.region", "region");
    map.put("aws.s3_path_style", "s3_path_style");
    for (String service : List.of("s3", "sagemaker", "logs", "sts")) {
      map.put("aws.endpoints." + service, "endpoints." + service);
    }
    for (Setting s : ALL) {
      if (s.key().startsWith("instance.") || (s.key().startsWith("lambda.") && !s.secret())) {
        map.put(s.key(), s.key());
      }
    }
    map.put("mlflow.tracking_uri", "mlflow.tracking_uri");
    map.put("mlflow.experiment_name", "mlflow.experiment_name");
    map.put("mlflow.username", "mlflow.username");
    map.put("project", "project");
    map.put("experiment", "experiment");
    map.put("provider", "provider");
    map.put("max_cost_usd", "max_cost_usd");
    map.put("docker_images.pytorch", "docker_image_pytorch");
    map.put("docker_images.jax", "docker_image_jax");
    return java.util.Collections.unmodifiableMap(map);
  }

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
