package org.soen.cloud.internal.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.soen.cloud.Backend;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.LambdaSettings;
import org.soen.cloud.MlflowSettings;
import org.soen.cloud.ResolvedConfig;
import org.soen.cloud.SettingOrigin;
import org.soen.cloud.SettingOrigin.Layer;
import org.soen.cloud.TerminatePolicy;
import org.soen.cloud.spi.DidYouMean;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Resolves a {@link CloudConfig} from its layers, highest first: explicit overrides (flags), the
 * training YAML's {@code cloud:} section, environment variables, {@code ~/.soen/cloud_config.yaml},
 * built-in defaults. Every problem in every layer is collected and reported together.
 */
public final class ConfigLoader {
  /** The user config file's name inside the soen home. */
  public static final String USER_CONFIG_FILE = "cloud_config.yaml";

  private final Map<String, String> environment;
  private final Path home;
  private final Path userHome;

  /** A loader reading fallbacks from {@code environment} and the user config from {@code home}. */
  public ConfigLoader(Map<String, String> environment, Path home, Path userHome) {
    this.environment = Map.copyOf(environment);
    this.home = home;
    this.userHome = userHome;
  }

  /** Resolve with every layer. */
  public ResolvedConfig resolve(Optional<Path> trainingYaml, Map<String, String> overrides) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, Raw> chosen = new TreeMap<>();
    Map<String, Object> userSections = new LinkedHashMap<>();

    // Lowest layer first; higher layers overwrite.
    Path userConfig = home.resolve(USER_CONFIG_FILE);
    if (java.nio.file.Files.exists(userConfig) || java.nio.file.Files.isSymbolicLink(userConfig)) {
      collect(problems, () -> YamlReader.read(userConfig, "", true).ifPresent(root ->
          walk(root, "", userConfigSpellings(), Layer.USER_CONFIG, userConfig.toString(), chosen, problems)));
    }
    environmentLayer(chosen);
    trainingYaml.ifPresent(file -> collect(problems, () -> readTrainingYaml(file, chosen, userSections, problems)));
    overrides.forEach((key, value) -> {
      String canonical = Settings.FLAT_ALIASES.getOrDefault(key, key);
      if (Settings.find(canonical).isEmpty()) {
        problems.add(ConfigProblem.builder().source("flag").keyPath("cloud." + key)
            .message("unknown setting" + DidYouMean.suggest(key, trainingSpellings().keySet())).build());
      } else {
        chosen.put(canonical, Raw.text(value, Layer.FLAG, "flag", "cloud." + key));
      }
    });

    Path base = trainingYaml.map(p -> p.toAbsolutePath().normalize().getParent())
        .orElseGet(() -> Path.of("").toAbsolutePath());
    Converter converter = new Converter(base, userHome);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Raw> e : chosen.entrySet()) {
      Setting setting = Settings.find(e.getKey()).orElseThrow();
      try {
        values.put(e.getKey(), converter.convert(setting, e.getValue()));
      } catch (Converter.Invalid invalid) {
        Raw raw = e.getValue();
        Node at = invalid.at() != null ? invalid.at() : raw.node();
        problems.add(Raw.yaml(at, raw.layer(), raw.source(), raw.keyPath()).problem(invalid.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    CloudConfig config = bind(values, chosen, trainingYaml, base, userSections, problems, true);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return ResolvedConfig.of(config, origins(chosen, values));
  }

  /**
   * Read a stored {@code cloud:} section (the journal's, or a round trip's) over the environment
   * layer, so secrets that were never stored come back from the environment.
   */
  public CloudConfig parseCloudSection(Path source, String yaml) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, Raw> chosen = new TreeMap<>();
    environmentLayer(chosen);
    Node root = new org.yaml.snakeyaml.Yaml().compose(new java.io.StringReader(yaml));
    if (root instanceof MappingNode map) {
      walk(map, "", trainingSpellings(), Layer.YAML, source.toString(), chosen, problems);
    }
    Converter converter = new Converter(source.toAbsolutePath().getParent(), userHome);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Raw> e : chosen.entrySet()) {
      try {
        values.put(e.getKey(), converter.convert(Settings.find(e.getKey()).orElseThrow(), e.getValue()));
      } catch (Converter.Invalid invalid) {
        problems.add(e.getValue().problem(invalid.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    // Secrets were handed to the job at submit and never stored; those the environment no longer
    // holds are left out rather than refusing to read the record.
    CloudConfig config = bind(values, chosen, Optional.empty(), source.toAbsolutePath().getParent(), Map.of(),
        problems, false);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return config;
  }

  private void environmentLayer(Map<String, Raw> chosen) {
    Settings.ENVIRONMENT.forEach((variable, key) -> {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        chosen.put(key, Raw.text(value, Layer.ENVIRONMENT, "environment variable " + variable, "cloud." + key));
      }
    });
  }

  private void readTrainingYaml(Path file, Map<String, Raw> chosen, Map<String, Object> userSections,
      List<ConfigProblem> problems) {
    MappingNode root = YamlReader.read(file, "", false).orElseThrow();
    String source = file.toString();
    Map<String, Raw> yamlLayer = new TreeMap<>();
    for (NodeTuple t : root.getValue()) {
      String name = keyOf(t, source, "", problems);
      if (name == null) {
        continue;
      }
      Node value = t.getValueNode();
      if (name.equals("cloud")) {
        if (value instanceof MappingNode cloud) {
          walk(cloud, "", trainingSpellings(), Layer.YAML, source, yamlLayer, problems);
        } else if (!Tag.NULL.equals(value.getTag())) {
          problems.add(Raw.yaml(value, Layer.YAML, source, "cloud")
              .problem("must be a mapping of settings (active:, provider:, instance_type: ...), found a "
                  + NodeText.describe(value)));
        }
        continue;
      }
      if (name.equals("logging") && value instanceof MappingNode logging) {
        for (NodeTuple lt : logging.getValue()) {
          if (lt.getKeyNode() instanceof ScalarNode k && Settings.LOGGING.containsKey(k.getValue())
              && !Tag.NULL.equals(lt.getValueNode().getTag())) {
            yamlLayer.put(Settings.LOGGING.get(k.getValue()),
                Raw.yaml(lt.getValueNode(), Layer.YAML, source, "logging." + k.getValue()));
          }
        }
      }
      userSections.put(name, toJava(value));
    }
    chosen.putAll(yamlLayer);
  }

  private static void walk(MappingNode node, String prefix, Map<String, String> spellings, Layer layer,
      String source, Map<String, Raw> out, List<ConfigProblem> problems) {
    Map<String, String> seenAs = new LinkedHashMap<>();
    for (String key : out.keySet()) {
      if (out.get(key).layer() == layer) {
        seenAs.put(key, out.get(key).keyPath());
      }
    }
    for (NodeTuple t : node.getValue()) {
      String name = keyOf(t, source, prefix, problems);
      if (name == null) {
        continue;
      }
      String spelled = prefix.isEmpty() ? name : prefix + "." + name;
      Node value = t.getValueNode();
      String canonical = spellings.get(spelled);
      if (canonical != null) {
        if (Tag.NULL.equals(value.getTag())) {
          continue;
        }
        Raw raw = Raw.yaml(value, layer, source, "cloud." + spelled);
        Raw earlier = out.get(canonical);
        if (earlier != null && earlier.layer() == layer && seenAs.containsKey(canonical)) {
          if (!sameText(earlier.node(), value)) {
            problems.add(raw.problem("is set twice with different values: here and as "
                + earlier.keyPath() + "; keep one"));
          }
          continue;
        }
        out.put(canonical, raw);
        seenAs.put(canonical, raw.keyPath());
      } else if (isSection(spelled, spellings)) {
        if (value instanceof MappingNode section) {
          walk(section, spelled, spellings, layer, source, out, problems);
        } else if (!Tag.NULL.equals(value.getTag())) {
          problems.add(Raw.yaml(value, layer, source, "cloud." + spelled)
              .problem("must be a mapping of " + String.join(", ", namesAt(spelled, spellings))
                  + ", found a " + NodeText.describe(value)));
        }
      } else {
        Set<String> names = namesAt(prefix, spellings);
        problems.add(Raw.yaml(t.getKeyNode(), layer, source, "cloud." + spelled)
            .problem("unknown setting" + DidYouMean.suggest(name, names)
                + "; allowed here: " + String.join(", ", names)));
      }
    }
  }

  private static String keyOf(NodeTuple t, String source, String prefix, List<ConfigProblem> problems) {
    if (t.getKeyNode() instanceof ScalarNode k && !Tag.NULL.equals(k.getTag())) {
      return k.getValue();
    }
    problems.add(Raw.yaml(t.getKeyNode(), null, source, prefix.isEmpty() ? "cloud" : "cloud." + prefix)
        .problem("keys must be plain names, found a " + NodeText.describe(t.getKeyNode())));
    return null;
  }

  private static boolean sameText(Node a, Node b) {
    return a instanceof ScalarNode x && b instanceof ScalarNode y && x.getValue().equals(y.getValue());
  }

  private static boolean isSection(String spelled, Map<String, String> spellings) {
    return spellings.keySet().stream().anyMatch(k -> k.startsWith(spelled + "."));
  }

  private static Set<String> namesAt(String prefix, Map<String, String> spellings) {
    Set<String> names = new LinkedHashSet<>();
    for (String k : spellings.keySet()) {
      if (prefix.isEmpty() || k.startsWith(prefix + ".")) {
        String rest = prefix.isEmpty() ? k : k.substring(prefix.length() + 1);
        names.add(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
      }
    }
    return names;
  }

  private static Map<String, String> trainingSpellings() {
    Map<String, String> map = new LinkedHashMap<>();
    for (Setting s : Settings.ALL) {
      if (!s.key().startsWith("mlflow.")) {
        map.put(s.key(), s.key());
      }
    }
    Settings.FLAT_ALIASES.forEach(map::put);
    return map;
  }

  private static Map<String, String> userConfigSpellings() {
    return Settings.USER_CONFIG;
  }

  private static Object toJava(Node node) {
    if (node instanceof MappingNode m) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        map.put(t.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(toJava(t.getKeyNode())),
            toJava(t.getValueNode()));
      }
      return map;
    }
    if (node instanceof SequenceNode s) {
      List<Object> list = new ArrayList<>();
      s.getValue().forEach(n -> list.add(toJava(n)));
      return list;
    }
    ScalarNode sc = (ScalarNode) node;
    Tag tag = sc.getTag();
    String v = sc.getValue();
    try {
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.BOOL.equals(tag)) {
        return Boolean.parseBoolean(v.toLowerCase(java.util.Locale.ROOT))
            || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
      }
      if (Tag.INT.equals(tag)) {
        return new java.math.BigInteger(v.replace("_", ""));
      }
      if (Tag.FLOAT.equals(tag)) {
        return new BigDecimal(v.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      return v;
    }
    return v;
  }

  private CloudConfig bind(Map<String, Object> v, Map<String, Raw> raws, Optional<Path> trainingYaml,
      Path base, Map<String, Object> userSections, List<ConfigProblem> problems, boolean requireSecrets) {
    CloudConfig.Builder b = CloudConfig.builder();
    ifSet(v, "active", Boolean.class, b::active);
    ifSet(v, "provider", String.class, b::provider);
    ifSet(v, "project", String.class, b::project);
    ifSet(v, "experiment", String.class, b::experiment);
    ifSet(v, "backend", String.class, s -> b.backend(Backend.valueOf(s.toUpperCase(java.util.Locale.ROOT))));
    ifSet(v, "region", String.class, b::region);
    ifSet(v, "role", String.class, b::role);
    ifSet(v, "bucket", String.class, b::bucket);
    ifSet(v, "docker_image_pytorch", String.class, b::dockerImagePytorch);
    ifSet(v, "docker_image_jax", String.class, b::dockerImageJax);
    ifSet(v, "command", List.class, l -> b.command(strings(l)));
    ifSet(v, "data", String.class, b::data);
    ifSet(v, "artifacts", List.class, l -> b.artifacts(strings(l)));
    ifSet(v, "environment", Map.class, m -> b.environment(stringMap(m)));
    ifSet(v, "tags", Map.class, m -> b.tags(stringMap(m)));
    ifSet(v, "max_cost_usd", BigDecimal.class, b::maxCostUsd);
    ifSet(v, "expected_hours", BigDecimal.class, b::expectedHours);
    ifSet(v, "s3_path_style", Boolean.class, b::s3PathStyle);
    for (String service : List.of("s3", "sagemaker", "logs", "sts")) {
      ifSet(v, "endpoints." + service, URI.class, u -> b.putEndpoints(service, u));
    }
    if (v.containsKey("secret_env")) {
      for (String name : strings((List<?>) v.get("secret_env"))) {
        String value = environment.get(name);
        if (value == null && requireSecrets) {
          problems.add(raws.get("secret_env").problem("names " + name
              + ", which is not set in the environment; export it or remove it from secret_env"));
        } else if (value != null) {
          b.putSecretEnvironment(name, value);
        }
      }
    }

    InstanceSpec.Builder instance = InstanceSpec.builder();
    ifSet(v, "instance.instance_type", String.class, instance::instanceType);
    ifSet(v, "instance.use_spot", Boolean.class, instance::useSpot);
    intSetting(v, raws, "instance.instance_count", problems).ifPresent(instance::instanceCount);
    intSetting(v, raws, "instance.volume_size_gb", problems).ifPresent(instance::volumeSizeGb);
    hours(v, raws, "instance.max_runtime_hours", problems).ifPresent(instance::maxRuntime);
    hours(v, raws, "instance.max_wait_hours", problems).ifPresent(instance::maxWait);
    build(() -> b.instance(instance.build()), raws, problems);

    MlflowSettings.Builder mlflow = MlflowSettings.builder();
    ifSet(v, "mlflow.active", Boolean.class, mlflow::active);
    ifSet(v, "mlflow.tracking_uri", String.class, mlflow::trackingUri);
    ifSet(v, "mlflow.experiment_name", String.class, mlflow::experimentName);
    ifSet(v, "mlflow.username", String.class, mlflow::username);
    ifSet(v, "mlflow.password", String.class, mlflow::password);
    b.mlflow(mlflow.build());

    LambdaSettings.Builder lambda = LambdaSettings.builder();
    ifSet(v, "lambda.api_url", URI.class, lambda::apiUrl);
    ifSet(v, "lambda.api_key", String.class, lambda::apiKey);
    ifSet(v, "lambda.region", String.class, lambda::region);
    ifSet(v, "lambda.ssh_key_name", String.class, lambda::sshKeyName);
    ifSet(v, "lambda.ssh_private_key", Path.class, lambda::sshPrivateKey);
    ifSet(v, "lambda.ssh_user", String.class, lambda::sshUser);
    ifSet(v, "lambda.remote_dir", String.class, lambda::remoteDir);
    ifSet(v, "lambda.setup", List.class, l -> lambda.setup(strings(l)));
    ifSet(v, "lambda.after", List.class, l -> lambda.after(strings(l)));
    ifSet(v, "lambda.dataset_yaml", String.class, lambda::datasetYaml);
    ifSet(v, "lambda.metrics_pattern", String.class, lambda::metricsPattern);
    ifSet(v, "lambda.terminate", String.class,
        s -> lambda.terminate(TerminatePolicy.valueOf(s.toUpperCase(java.util.Locale.ROOT))));
    minutes(v, raws, "lambda.boot_timeout_minutes", problems).ifPresent(lambda::bootTimeout);
    minutes(v, raws, "lambda.ssh_timeout_minutes", problems).ifPresent(lambda::sshTimeout);
    if (v.get("lambda.remote_dir") instanceof String dir && !dir.startsWith("/")) {
      problems.add(raws.get("lambda.remote_dir").problem("must be an absolute folder such as /home/ubuntu/soen, was "
          + NodeText.quote(dir)));
    }
    b.lambda(lambda.build());

    trainingYaml.ifPresent(p -> b.sourceFile(p.toAbsolutePath().normalize()));
    b.baseDirectory(base);
    b.userSections(userSections);
    CloudConfig[] out = new CloudConfig[1];
    build(() -> out[0] = b.build(), raws, problems);
    return out[0];
  }

  private static void build(Runnable step, Map<String, Raw> raws, List<ConfigProblem> problems) {
    try {
      step.run();
    } catch (ConfigurationException e) {
      for (ConfigProblem p : e.problems()) {
        String key = p.keyPath().startsWith("cloud.") ? p.keyPath().substring(6) : p.keyPath();
        Raw raw = raws.get(key);
        problems.add(raw != null ? raw.problem(p.message()) : p);
      }
    }
  }

  private static Optional<Integer> intSetting(Map<String, Object> v, Map<String, Raw> raws, String key,
      List<ConfigProblem> problems) {
    Object value = v.get(key);
    if (value == null) {
      return Optional.empty();
    }
    long l = (Long) value;
    if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
      problems.add(raws.get(key).problem("is out of range: " + Settings.find(key).orElseThrow().help()));
      return Optional.empty();
    }
    return Optional.of((int) l);
  }

  private static Optional<Duration> hours(Map<String, Object> v, Map<String, Raw> raws, String key,
      List<ConfigProblem> problems) {
    return duration(v, raws, key, problems, 3600);
  }

  private static Optional<Duration> minutes(Map<String, Object> v, Map<String, Raw> raws, String key,
      List<ConfigProblem> problems) {
    return duration(v, raws, key, problems, 60);
  }

  private static Optional<Duration> duration(Map<String, Object> v, Map<String, Raw> raws, String key,
      List<ConfigProblem> problems, int secondsPerUnit) {
    BigDecimal amount = (BigDecimal) v.get(key);
    if (amount == null) {
      return Optional.empty();
    }
    if (amount.signum() <= 0 || amount.compareTo(BigDecimal.valueOf(100_000)) > 0) {
      problems.add(raws.get(key).problem("must be more than 0 (" + Settings.find(key).orElseThrow().help()
          + "), was " + amount.toPlainString()));
      return Optional.empty();
    }
    long seconds = amount.multiply(BigDecimal.valueOf(secondsPerUnit)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    if (seconds == 0) {
      problems.add(raws.get(key).problem("is less than one second, was " + amount.toPlainString()));
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(seconds));
  }

  @SuppressWarnings("unchecked")
  private static <T> void ifSet(Map<String, Object> values, String key, Class<T> type,
      java.util.function.Consumer<T> setter) {
    Object value = values.get(key);
    if (value != null) {
      setter.accept((T) type.cast(value));
    }
  }

  private static List<String> strings(List<?> list) {
    List<String> out = new ArrayList<>();
    list.forEach(o -> out.add(String.valueOf(o)));
    return out;
  }

  private static Map<String, String> stringMap(Map<?, ?> map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
    return out;
  }

  private static void collect(List<ConfigProblem> problems, Runnable step) {
    try {
      step.run();
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
  }

  private static List<SettingOrigin> origins(Map<String, Raw> chosen, Map<String, Object> values) {
    List<SettingOrigin> out = new ArrayList<>();
    chosen.forEach((key, raw) -> {
      Setting s = Settings.find(key).orElseThrow();
      Object value = values.get(key);
      out.add(SettingOrigin.builder().key(key).displayValue(s.secret() ? "****" : String.valueOf(value))
          .layer(raw.layer()).where(raw.source()).build());
    });
    return out;
  }
}
