package org.soen.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.soen.cloud.ConfigurationException;

/**
 * {@code ~/.soen/cloud_config.yaml} in the source document's shape ({@code aws:}, {@code instance:},
 * {@code mlflow:}, {@code project}, {@code experiment}, {@code docker_images:}, plus {@code lambda:}).
 * Maps the {@code cloud.} key paths the rest of soen-cloud uses to that shape. Secrets are never
 * written: they belong in the environment.
 */
final class UserConfigFile {
  static final String FILE_NAME = "cloud_config.yaml";

  /** Secret keys: refused by {@code config set}, skipped by {@code config save}. */
  static final Map<String, String> SECRETS = Map.of(
      "lambda.api_key", "LAMBDA_API_KEY",
      "mlflow.password", "MLFLOW_TRACKING_PASSWORD");

  private static final Set<String> BOOLEANS = Set.of("instance.use_spot", "s3_path_style");
  private static final Set<String> INTEGERS = Set.of("instance.instance_count", "instance.volume_size_gb");
  private static final Set<String> DECIMALS = Set.of("instance.max_runtime_hours", "instance.max_wait_hours",
      "max_cost_usd", "lambda.boot_timeout_minutes", "lambda.ssh_timeout_minutes");

  /** cloud key path -> path in the user config file, in the order the file is written. */
  static final Map<String, String> KEYS = keys();

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build());

  private final Path file;

  UserConfigFile(Path home) {
    this.file = home.resolve(FILE_NAME);
  }

  Path path() {
    return file;
  }

  private static Map<String, String> keys() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("role", "aws.role");
    m.put("bucket", "aws.bucket");
    m.put("region", "aws.region");
    m.put("s3_path_style", "aws.s3_path_style");
    for (String s : List.of("s3", "sagemaker", "logs", "sts")) {
      m.put("endpoints." + s, "aws.endpoints." + s);
    }
    for (String s : List.of("instance_type", "instance_count", "use_spot", "max_runtime_hours", "max_wait_hours",
        "volume_size_gb")) {
      m.put("instance." + s, "instance." + s);
    }
    for (String s : List.of("tracking_uri", "experiment_name", "username")) {
      m.put("mlflow." + s, "mlflow." + s);
    }
    m.put("project", "project");
    m.put("experiment", "experiment");
    m.put("provider", "provider");
    m.put("max_cost_usd", "max_cost_usd");
    m.put("docker_image_pytorch", "docker_images.pytorch");
    m.put("docker_image_jax", "docker_images.jax");
    for (String s : List.of("api_url", "region", "ssh_key_name", "ssh_private_key", "ssh_user", "remote_dir",
        "dataset_yaml", "metrics_pattern", "terminate", "boot_timeout_minutes", "ssh_timeout_minutes")) {
      m.put("lambda." + s, "lambda." + s);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The cloud key for {@code key}, which may be a cloud key path or the file's own spelling. */
  static Optional<String> cloudKey(String key) {
    String k = key.startsWith("cloud.") ? key.substring("cloud.".length()) : key;
    if (KEYS.containsKey(k)) {
      return Optional.of(k);
    }
    return KEYS.entrySet().stream().filter(e -> e.getValue().equals(k)).map(Map.Entry::getKey).findFirst();
  }

  ObjectNode read() {
    if (!Files.exists(file)) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode root = YAML.readTree(file.toFile());
      if (root == null || root.isMissingNode() || root.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!root.isObject()) {
        throw new ConfigurationException(file.toString(), "must be a YAML mapping such as `aws: {region: us-east-1}`");
      }
      return (ObjectNode) root;
    } catch (IOException e) {
      throw new ConfigurationException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  /** Sets {@code cloudKey} (a key of {@link #KEYS}) to {@code value}, typed as the key wants. */
  static void put(ObjectNode root, String cloudKey, String value) {
    String[] parts = KEYS.get(cloudKey).split("\\.");
    ObjectNode node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
    }
    String leaf = parts[parts.length - 1];
    if (BOOLEANS.contains(cloudKey)) {
      node.put(leaf, Boolean.parseBoolean(value));
    } else if (INTEGERS.contains(cloudKey)) {
      node.put(leaf, Integer.parseInt(value));
    } else if (DECIMALS.contains(cloudKey)) {
      node.put(leaf, new BigDecimal(value));
    } else {
      node.put(leaf, value);
    }
  }

  /** Writes {@code root} atomically, keeping the previous file as {@code cloud_config.yaml.bak}. */
  void write(ObjectNode root) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
      Files.writeString(tmp, "# soen-cloud defaults (`soen-cloud config show` lists where each setting comes from).\n"
          + "# Secrets stay in the environment: LAMBDA_API_KEY, MLFLOW_TRACKING_PASSWORD, AWS credentials.\n"
          + YAML.writeValueAsString(ordered(root)));
      if (Files.exists(file)) {
        Files.copy(file, file.resolveSibling(FILE_NAME + ".bak"), StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The source document's section order: aws, instance, mlflow, project, experiment, docker_images, then the rest. */
  private static ObjectNode ordered(ObjectNode root) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    List<String> order = new ArrayList<>(List.of("aws", "instance", "mlflow", "project", "experiment",
        "docker_images", "lambda", "provider", "max_cost_usd"));
    order.forEach(k -> {
      if (root.has(k)) {
        out.set(k, root.get(k));
      }
    });
    root.fieldNames().forEachRemaining(k -> {
      if (!out.has(k)) {
        out.set(k, root.get(k));
      }
    });
    return out;
  }
}
