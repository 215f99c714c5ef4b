package org.soen.cloud.internal.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.LambdaSettings;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes configs back as YAML without secrets: the {@code cloud:} section for the journal, and
 * the staged training config (the user's sections untouched except secret-looking keys, plus the
 * effective {@code cloud:} section).
 */
public final class ConfigWriter {
  /** Keys in the user's own sections that are never staged. */
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(password|passwd|secret|api_key|apikey|access_key|private_key|token|credential).*");

  private static final Pattern NEEDS_QUOTES =
      Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029\\uFEFF]");

  private ConfigWriter() {}

  /** The effective {@code cloud:} section's contents as a YAML mapping, secrets left out. */
  public static String cloudSectionYaml(CloudConfig config) {
    return yaml().dump(cloudSection(config));
  }

  /**
   * The training config to stage: the user's sections with secret-looking keys removed, and the
   * effective {@code cloud:} section. {@code removed} receives the key paths taken out.
   */
  public static String stagedYaml(CloudConfig config, List<String> removed) {
    Map<String, Object> doc = new LinkedHashMap<>();
    config.userSections().forEach((k, v) -> doc.put(k, scrub(v, k, removed)));
    doc.put("cloud", cloudSection(config));
    return yaml().dump(doc);
  }

  static Map<String, Object> cloudSection(CloudConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active", c.active());
    m.put("provider", c.provider());
    m.put("project", c.project());
    m.put("experiment", c.experiment());
    m.put("backend", c.backend().configName());
    c.region().ifPresent(v -> m.put("region", v));
    c.role().ifPresent(v -> m.put("role", v));
    c.bucket().ifPresent(v -> m.put("bucket", v));
    c.dockerImagePytorch().ifPresent(v -> m.put("docker_image_pytorch", v));
    c.dockerImageJax().ifPresent(v -> m.put("docker_image_jax", v));
    InstanceSpec i = c.instance();
    Map<String, Object> instance = new LinkedHashMap<>();
    i.instanceType().ifPresent(v -> instance.put("instance_type", v));
    instance.put("instance_count", i.instanceCount());
    instance.put("use_spot", i.useSpot());
    instance.put("max_runtime_hours", hours(i.maxRuntime(), 3600));
    i.maxWait().ifPresent(w -> instance.put("max_wait_hours", hours(w, 3600)));
    instance.put("volume_size_gb", i.volumeSizeGb());
    m.put("instance", instance);
    if (!c.command().isEmpty()) {
      m.put("command", new ArrayList<>(c.command()));
    }
    c.data().ifPresent(v -> m.put("data", v));
    if (!c.artifacts().isEmpty()) {
      m.put("artifacts", new ArrayList<>(c.artifacts()));
    }
    if (!c.environment().isEmpty()) {
      m.put("environment", new LinkedHashMap<>(c.environment()));
    }
    if (!c.secretEnvironment().isEmpty()) {
      m.put("secret_env", new ArrayList<>(c.secretEnvironment().keySet()));
    }
    if (!c.tags().isEmpty()) {
      m.put("tags", new LinkedHashMap<>(c.tags()));
    }
    c.maxCostUsd().ifPresent(v -> m.put("max_cost_usd", v));
    c.expectedHours().ifPresent(v -> m.put("expected_hours", v));
    if (!c.endpoints().isEmpty()) {
      Map<String, Object> endpoints = new LinkedHashMap<>();
      c.endpoints().forEach((k, v) -> endpoints.put(k, v.toString()));
      m.put("endpoints", endpoints);
    }
    m.put("s3_path_style", c.s3PathStyle());
    LambdaSettings l = c.lambda();
    Map<String, Object> lambda = new LinkedHashMap<>();
    lambda.put("api_url", l.apiUrl().toString());
    l.region().ifPresent(v -> lambda.put("region", v));
    l.sshKeyName().ifPresent(v -> lambda.put("ssh_key_name", v));
    l.sshPrivateKey().ifPresent(v -> lambda.put("ssh_private_key", v.toString()));
    lambda.put("ssh_user", l.sshUser());
    lambda.put("remote_dir", l.remoteDir());
    if (!l.setup().isEmpty()) {
      lambda.put("setup", new ArrayList<>(l.setup()));
    }
    if (!l.after().isEmpty()) {
      lambda.put("after", new ArrayList<>(l.after()));
    }
    l.datasetYaml().ifPresent(v -> lambda.put("dataset_yaml", v));
    l.metricsPattern().ifPresent(v -> lambda.put("metrics_pattern", v));
    lambda.put("terminate", l.terminate().configName());
    lambda.put("boot_timeout_minutes", hours(l.bootTimeout(), 60));
    lambda.put("ssh_timeout_minutes", hours(l.sshTimeout(), 60));
    m.put("lambda", lambda);
    return m;
  }

  private static BigDecimal hours(Duration d, int secondsPerUnit) {
    return BigDecimal.valueOf(d.toSeconds())
        .divide(BigDecimal.valueOf(secondsPerUnit), 10, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  private static Object scrub(Object value, String path, List<String> removed) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        String key = String.valueOf(k);
        if (SECRET_KEY.matcher(key).matches() && !(v instanceof Map) && !(v instanceof List)) {
          removed.add(path + "." + key);
        } else {
          out.put(key, scrub(v, path + "." + key, removed));
        }
      });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(scrub(list.get(i), path + "[" + i + "]", removed));
      }
      return out;
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString().toLowerCase(Locale.ROOT).contains("e") ? d.doubleValue() : d;
    }
    return value;
  }

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setWidth(200);
    // Control characters are escaped in a double-quoted string, never dumped as !!binary.
    options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    return new Yaml(new BigDecimalRepresenter(options), options);
  }

  /** Writes BigDecimal and BigInteger as plain YAML numbers. */
  private static final class BigDecimalRepresenter extends org.yaml.snakeyaml.representer.Representer {
    BigDecimalRepresenter(DumperOptions options) {
      super(options);
      this.representers.put(BigDecimal.class, data -> {
        String text = ((BigDecimal) data).stripTrailingZeros().toPlainString();
        return representScalar(text.contains(".") ? org.yaml.snakeyaml.nodes.Tag.FLOAT
            : org.yaml.snakeyaml.nodes.Tag.INT, text);
      });
      this.representers.put(java.math.BigInteger.class, data -> representScalar(
          org.yaml.snakeyaml.nodes.Tag.INT, data.toString()));
      // YAML 1.1 treats NEL and the Unicode separators as line breaks, and block styles fold
      // other controls: such text goes double-quoted, where every character is escaped safely.
      org.yaml.snakeyaml.representer.Represent plain = this.representers.get(String.class);
      this.representers.put(String.class, data -> {
        String text = (String) data;
        return NEEDS_QUOTES.matcher(text).find()
            ? representScalar(org.yaml.snakeyaml.nodes.Tag.STR, text, DumperOptions.ScalarStyle.DOUBLE_QUOTED)
            : plain.representData(data);
      });
    }
  }
}
