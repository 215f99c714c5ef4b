package org.soen.cloud.internal.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.ResolvedConfig;
import org.soen.cloud.Setting;
import org.soen.cloud.SettingOrigin;
import org.soen.cloud.spi.DidYouMean;

/**
 * {@code config set} and {@code config save} ("Save as Default"): values are checked exactly as a
 * flag would be, then written at their declared place in {@code cloud_config.yaml}. Nothing is
 * written when anything is wrong; secrets are refused.
 */
public final class Defaults {
  private final ConfigLoader loader;
  private final ConfigWriter writer;
  private final java.util.function.Function<CloudConfig, List<ConfigProblem>> providerChecks;

  /**
   * Defaults read by {@code loader}; {@code providerChecks} are the checks a submission would run
   * (known provider, the provider's own), of which those about the saved settings apply.
   */
  public Defaults(ConfigLoader loader, java.util.function.Function<CloudConfig, List<ConfigProblem>> providerChecks) {
    this.loader = loader;
    this.writer = new ConfigWriter(loader.registry());
    this.providerChecks = providerChecks;
  }

  /**
   * Save {@code settings} (a key path such as {@code region} or {@code instance.instance_type}, or
   * its place in the file such as {@code aws.region}, to its value as text).
   */
  public Path set(Map<String, String> settings) {
    Map<String, String> overrides = new LinkedHashMap<>();
    settings.forEach((given, value) -> overrides.put(saveable(given).key(), value));
    CloudConfig config = loader.resolve(Optional.empty(), overrides, "config set").config();
    List<ConfigProblem> problems = providerChecks.apply(config).stream()
        .filter(p -> overrides.keySet().stream().anyMatch(k -> p.keyPath().equals("cloud." + k)
            || p.keyPath().startsWith("cloud." + k + ".") || p.keyPath().startsWith("cloud." + k + "[")))
        .toList();
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    overrides.keySet().forEach(key -> {
      Setting<?> s = loader.registry().find(key).orElseThrow();
      writer.value(config, s).ifPresent(v -> values.put(s, v));
    });
    return new UserConfigWriter(loader.registry(), loader.userConfigFile()).write(values);
  }

  /** Save every effective setting that is neither a built-in default nor a secret; returns what was saved. */
  public Map<String, String> saveEffective(Optional<Path> trainingYaml) {
    ResolvedConfig resolved = loader.resolve(trainingYaml, Map.of());
    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    Map<String, String> saved = new LinkedHashMap<>();
    for (SettingOrigin o : resolved.origins()) {
      Setting<?> s = loader.registry().find(o.key()).orElseThrow();
      if (o.layer() != SettingOrigin.Layer.DEFAULT && !s.secret() && s.userConfigPath().isPresent()) {
        writer.value(resolved.config(), s).ifPresent(v -> values.put(s, v));
        saved.put(s.userConfigPath().get(), o.displayValue());
      }
    }
    new UserConfigWriter(loader.registry(), loader.userConfigFile()).write(values);
    return saved;
  }

  private Setting<?> saveable(String given) {
    String bare = given.startsWith("cloud.") ? given.substring(6) : given;
    SettingsRegistry r = loader.registry();
    Optional<Setting<?>> s = r.find(bare)
        .or(() -> Optional.ofNullable(r.userConfigPaths().get(bare)).flatMap(r::find))
        .or(() -> Optional.ofNullable(r.yamlPaths().get("cloud." + bare)).flatMap(r::find));
    TreeSet<String> allowed = new TreeSet<>();
    r.all().stream().filter(x -> !x.secret() && x.userConfigPath().isPresent()).forEach(x -> allowed.add(x.key()));
    if (s.isEmpty()) {
      TreeSet<String> names = new TreeSet<>(allowed);
      names.addAll(r.userConfigPaths().keySet());
      throw refused(bare, "unknown setting" + DidYouMean.suggest(bare, names) + "; allowed: "
          + String.join(", ", allowed), ConfigProblem.CODE_UNKNOWN_KEY);
    }
    if (s.get().secret()) {
      throw refused(bare, "is a secret and is never written to a file; set "
          + String.join(" or ", s.get().environment()) + " in the environment instead", ConfigProblem.CODE_INVALID_VALUE);
    }
    if (s.get().userConfigPath().isEmpty()) {
      throw refused(bare, "is set per training YAML and is not kept in cloud_config.yaml; allowed: "
          + String.join(", ", allowed), ConfigProblem.CODE_UNKNOWN_KEY);
    }
    return s.get();
  }

  private static ConfigurationException refused(String key, String message, String code) {
    return new ConfigurationException(List.of(ConfigProblem.builder().source("config set").keyPath("cloud." + key)
        .message(message).code(code).build()));
  }
}
