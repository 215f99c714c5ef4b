package org.soen.cloud.internal.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.ResolvedConfig;
import org.soen.cloud.Setting;
import org.soen.cloud.SettingOrigin.Layer;
import org.soen.cloud.spi.DidYouMean;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Resolves a {@link CloudConfig} from its layers, highest first: explicit overrides (flags), the
 * training YAML's {@code cloud:} section, environment variables, {@code ~/.soen/cloud_config.yaml},
 * declared defaults. Every layer is read through the {@link SettingsRegistry}'s declarations, and
 * every problem in every layer is collected and reported together, each at its source.
 */
public final class ConfigLoader {
  /** The user config file's name inside the soen home. */
  public static final String USER_CONFIG_FILE = "cloud_config.yaml";

  private final SettingsRegistry registry;
  private final Map<String, String> environment;
  private final Path home;
  private final Path userHome;

  /** A loader for {@code registry}'s settings, reading fallbacks from {@code environment} and defaults from {@code home}. */
  public ConfigLoader(SettingsRegistry registry, Map<String, String> environment, Path home, Path userHome) {
    this.registry = registry;
    this.environment = Map.copyOf(environment);
    this.home = home;
    this.userHome = userHome;
  }

  /** The declarations in force. */
  public SettingsRegistry registry() {
    return registry;
  }

  /** The user config file. */
  public Path userConfigFile() {
    return home.resolve(USER_CONFIG_FILE);
  }

  /** Resolve with every layer; overrides are named by their flags in problems. */
  public ResolvedConfig resolve(Optional<Path> trainingYaml, Map<String, String> overrides) {
    return resolve(trainingYaml, overrides, null);
  }

  /** Resolve with every layer; overrides are named {@code overrideSource} in problems (null: by their flags). */
  public ResolvedConfig resolve(Optional<Path> trainingYaml, Map<String, String> overrides, String overrideSource) {
    List<ConfigProblem> problems = new ArrayList<>();
    Layers layers = new Layers(registry, problems);
    Map<String, Object> userSections = new LinkedHashMap<>();

    Path userConfig = userConfigFile();
    if (Files.exists(userConfig) || Files.isSymbolicLink(userConfig)) {
      collect(problems, () -> YamlReader.read(userConfig, "", true).ifPresent(root ->
          layers.walk(root, "", registry.userConfigPaths(), Layer.USER_CONFIG, userConfig.toString())));
    }
    layers.settle(Layer.USER_CONFIG);
    environmentLayer(layers, false);
    trainingYaml.ifPresent(file -> collect(problems, () -> readTrainingYaml(file, layers, userSections)));
    layers.settle(Layer.YAML);
    overrides.forEach((key, value) -> override(layers, key, value, overrideSource));
    layers.settle(Layer.FLAG);

    Path base = trainingYaml.map(p -> p.toAbsolutePath().normalize().getParent())
        .orElseGet(() -> Path.of("").toAbsolutePath());
    ConfigBinder binder = new ConfigBinder(registry, environment, new Converter(base, userHome), problems);
    CloudConfig config = binder.bind(layers.chosen(), layers.shadowed(), trainingYaml, base, userSections, true);
    return ResolvedConfig.of(config, binder.originsWithDefaults(layers.chosen()));
  }

  /**
   * Read a job's stored configuration (the journal's form, {@link ConfigWriter#storedYaml}) as it
   * was submitted: no environment or user defaults of today apply, except secrets, which were
   * never stored and come back from the environment by name.
   */
  public CloudConfig readStored(Path source, String yaml) {
    List<ConfigProblem> problems = new ArrayList<>();
    Layers layers = new Layers(registry, problems);
    environmentLayer(layers, true);
    MappingNode root = YamlReader.parse(source.toString(), yaml, "", true)
        .orElseGet(() -> new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, List.of(), null));
    boolean wrapped = root.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode k
        && (k.getValue().equals("cloud") || k.getValue().equals("logging")));
    if (wrapped) {
      layers.walk(root, "", registry.yamlPaths(), Layer.YAML, source.toString());
    } else {
      // Records written before the journal kept whole documents hold the cloud: section alone.
      layers.walk(root, "cloud", registry.yamlPaths(), Layer.YAML, source.toString());
    }
    layers.settle(Layer.YAML);
    Path base = source.toAbsolutePath().getParent();
    ConfigBinder binder = new ConfigBinder(registry, environment, new Converter(base, userHome), problems);
    return binder.bind(layers.chosen(), Optional.empty(), base, Map.of(), false);
  }

  private void environmentLayer(Layers layers, boolean secretsOnly) {
    for (Setting<?> s : registry.all()) {
      if (secretsOnly && !s.secret()) {
        continue;
      }
      for (String variable : s.environment()) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
          layers.put(s.key(), Raw.text(value, Layer.ENVIRONMENT, "environment variable " + variable, "cloud." + s.key()));
          break;
        }
      }
    }
    layers.settle(Layer.ENVIRONMENT);
  }

  private void override(Layers layers, String key, String value, String overrideSource) {
    String bare = key.startsWith("cloud.") ? key.substring(6) : key;
    Optional<Setting<?>> setting = registry.find(bare)
        .or(() -> registry.yamlPaths().containsKey("cloud." + bare)
            ? registry.find(registry.yamlPaths().get("cloud." + bare)) : Optional.empty())
        .or(() -> registry.byFlag(key));
    if (setting.isEmpty()) {
      layers.problem(ConfigProblem.builder().source("override").keyPath("cloud." + bare)
          .code(ConfigProblem.CODE_UNKNOWN_KEY)
          .message("unknown setting" + DidYouMean.suggest(bare, keys())).build());
      return;
    }
    Setting<?> s = setting.get();
    String source = overrideSource != null ? overrideSource : s.flag().orElse("override cloud." + s.key());
    layers.put(s.key(), Raw.text(value, Layer.FLAG, source, "cloud." + s.key()));
  }

  private List<String> keys() {
    return registry.all().stream().map(Setting::key).toList();
  }

  private void readTrainingYaml(Path file, Layers layers, Map<String, Object> userSections) {
    MappingNode root = YamlReader.read(file, "", false).orElseThrow();
    String source = file.toString();
    boolean hasCloud = false;
    for (NodeTuple t : root.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("cloud")) {
        hasCloud = true;
      }
    }
    for (NodeTuple t : root.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || Tag.NULL.equals(t.getKeyNode().getTag())) {
        layers.problem(Raw.yaml(t.getKeyNode(), Layer.YAML, source, "")
            .problem("section names must be plain names, found a " + NodeText.describe(t.getKeyNode()),
                ConfigProblem.CODE_SYNTAX));
        continue;
      }
      String name = k.getValue();
      Node value = t.getValueNode();
      if (name.equals("cloud")) {
        if (value instanceof MappingNode cloud) {
          layers.walk(cloud, "cloud", registry.yamlPaths(), Layer.YAML, source);
        } else if (!Tag.NULL.equals(value.getTag())) {
          layers.problem(Raw.yaml(value, Layer.YAML, source, "cloud")
              .problem("must be a mapping of settings (active:, provider:, instance_type: ...), found a "
                  + NodeText.describe(value), ConfigProblem.CODE_SYNTAX));
        }
        continue;
      }
      if (!hasCloud && !DidYouMean.suggest(name, List.of("cloud")).isEmpty()) {
        layers.problem(Raw.yaml(t.getKeyNode(), Layer.YAML, source, name)
            .problem("unknown section; did you mean cloud? (soen-cloud reads its settings from cloud:)",
                ConfigProblem.CODE_UNKNOWN_KEY));
      }
      if (value instanceof MappingNode section) {
        layers.pick(section, name, registry.yamlPaths(), source);
      }
      userSections.put(name, NodeValues.toJava(value));
    }
  }

  private static void collect(List<ConfigProblem> problems, Runnable step) {
    try {
      step.run();
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
  }
}
