package org.soen.cloud.internal.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.MlflowSettings;
import org.soen.cloud.Setting;
import org.soen.cloud.SettingOrigin;

/**
 * Turns the chosen raw values into a {@link CloudConfig}: converts each by its declaration, puts
 * it where it belongs (a core field or the provider settings), then runs every declared check
 * against the whole config. Every problem is reported where its value was written.
 */
public final class ConfigBinder {
  private final SettingsRegistry registry;
  private final Map<String, String> environment;
  private final Converter converter;
  private final List<ConfigProblem> problems;
  private final Map<String, Object> values = new LinkedHashMap<>();

  ConfigBinder(SettingsRegistry registry, Map<String, String> environment, Converter converter,
      List<ConfigProblem> problems) {
    this.registry = registry;
    this.environment = environment;
    this.converter = converter;
    this.problems = problems;
  }

  CloudConfig bind(Map<String, Raw> chosen, Optional<Path> trainingYaml, Path base, Map<String, Object> userSections,
      boolean requireSecrets) {
    return bind(chosen, List.of(), trainingYaml, base, userSections, requireSecrets);
  }

  /** As above, also checking {@code shadowed}: values of lower layers that a higher one replaced. */
  CloudConfig bind(Map<String, Raw> chosen, List<Map.Entry<String, Raw>> shadowed, Optional<Path> trainingYaml,
      Path base, Map<String, Object> userSections, boolean requireSecrets) {
    Map<Raw, Object> lower = new java.util.IdentityHashMap<>();
    for (Map.Entry<String, Raw> e : shadowed) {
      Setting<?> s = registry.find(e.getKey()).orElseThrow();
      try {
        Object value = converter.convert(s, e.getValue());
        lower.put(e.getValue(), value);
        itemChecks(s, value, e.getValue());
      } catch (Converter.Invalid invalid) {
        Raw at = invalid.entry() != null ? e.getValue().entry(invalid.entry()) : e.getValue();
        problems.add(at.at(invalid.at()).problem(invalid.getMessage()));
      }
    }
    chosen.forEach((key, raw) -> {
      try {
        values.put(key, converter.convert(registry.find(key).orElseThrow(), raw));
      } catch (Converter.Invalid invalid) {
        Raw at = invalid.entry() != null ? raw.entry(invalid.entry()) : raw;
        problems.add(at.at(invalid.at()).problem(invalid.getMessage()));
      }
    });
    values.forEach((key, value) -> itemChecks(registry.find(key).orElseThrow(), value, chosen.get(key)));
    failIfAny();
    CoreSettings.Builders b = new CoreSettings.Builders(CloudConfig.builder(), InstanceSpec.builder(),
        MlflowSettings.builder());
    values.forEach((key, value) -> {
      Optional<CoreSettings.Bound<?>> core = registry.core(key);
      if (core.isPresent()) {
        core.get().setUnchecked(b, value);
      } else {
        putProviderValue(b.cloud(), registry.find(key).orElseThrow(), value);
      }
    });
    secretEnvironment(chosen, b.cloud(), requireSecrets);
    build(() -> b.cloud().instance(b.instance().build()), chosen, trainingYaml);
    b.cloud().mlflow(b.mlflow().build());
    trainingYaml.ifPresent(p -> b.cloud().sourceFile(p.toAbsolutePath().normalize()));
    b.cloud().baseDirectory(base).userSections(userSections);
    Map<String, SettingOrigin> origins = new LinkedHashMap<>();
    originList(chosen).forEach(o -> origins.put(o.key(), o));
    chosen.forEach((key, raw) -> itemOrigins(key, values.get(key), raw, origins));
    b.cloud().origins(origins);
    CloudConfig config = build(() -> b.cloud().build(), chosen, trainingYaml);
    failIfAny();
    values.forEach((key, value) -> runChecks(registry.find(key).orElseThrow(), value, config, chosen.get(key)));
    shadowed.stream().filter(e -> lower.containsKey(e.getValue())).forEach(e ->
        runChecks(registry.find(e.getKey()).orElseThrow(), lower.get(e.getValue()), config, e.getValue()));
    failIfAny();
    return config;
  }

  @SuppressWarnings("unchecked")
  private static <T> void putProviderValue(CloudConfig.Builder b, Setting<T> s, Object value) {
    b.set(s, (T) value);
  }

  /**
   * Where each list item ({@code key[i]}) and mapping entry ({@code key.name}, at its name) of a file
   * value is written, so that a provider's problem with one of them is reported there.
   */
  private static void itemOrigins(String key, Object value, Raw raw, Map<String, SettingOrigin> origins) {
    if (raw.node() == null) {
      return;
    }
    if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        origins.put(key + "[" + i + "]", raw.item(i).origin(key + "[" + i + "]", ""));
      }
    } else if (value instanceof Map<?, ?> m) {
      for (Object name : m.keySet()) {
        origins.put(key + "." + name, raw.entry(String.valueOf(name)).origin(key + "." + name, ""));
      }
    }
  }

  /** Each list item's, or mapping name's, declared checks, reported where that item is written. */
  private void itemChecks(Setting<?> s, Object value, Raw raw) {
    if (s.itemChecks().isEmpty()) {
      return;
    }
    List<String> items = value instanceof List<?> l ? l.stream().map(String::valueOf).toList()
        : value instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).toList() : List.of();
    for (int i = 0; i < items.size(); i++) {
      Raw at = value instanceof Map<?, ?> ? raw.entry(items.get(i)) : raw.item(i);
      for (java.util.function.Function<String, Optional<String>> check : s.itemChecks()) {
        check.apply(items.get(i)).ifPresent(message -> problems.add(at.problem(message)));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void runChecks(Setting<T> s, Object value, CloudConfig config, Raw raw) {
    for (Setting.Check<T> check : s.checks()) {
      check.check((T) value, config).ifPresent(message -> problems.add(raw.problem(message)));
    }
  }

  /** {@code secret_env} names the variables whose values the job gets; the values never enter a file. */
  private void secretEnvironment(Map<String, Raw> chosen, CloudConfig.Builder b, boolean requireSecrets) {
    Object names = values.get("secret_env");
    if (!(names instanceof List<?> list)) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String name = String.valueOf(list.get(i));
      String value = environment.get(name);
      if (value != null && !value.isEmpty()) {
        b.putSecretEnvironment(name, value);
      } else if (requireSecrets) {
        problems.add(chosen.get("secret_env").item(i).problem("names " + name + ", which is "
            + (value == null ? "not set" : "empty") + " in the environment; export it or remove it from secret_env",
            ConfigProblem.CODE_MISSING));
      }
    }
  }

  /** Runs a builder step; invariant failures are reported where the value was written. */
  private <T> T build(Supplier<T> step, Map<String, Raw> chosen, Optional<Path> trainingYaml) {
    try {
      return step.get();
    } catch (ConfigurationException e) {
      for (ConfigProblem p : e.problems()) {
        String key = p.keyPath().startsWith("cloud.") ? p.keyPath().substring(6) : p.keyPath();
        Raw raw = chosen.get(key);
        problems.add(raw != null ? raw.problem(p.message(), ConfigProblem.CODE_CONFLICT)
            : ConfigProblem.builder().from(p).source(trainingYaml.map(Path::toString).orElse("config"))
                .code(ConfigProblem.CODE_CONFLICT).build());
      }
      return null;
    }
  }

  private void failIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigurationException(inSourceOrder(problems));
    }
  }

  /** Problems grouped by source (in the order sources were first met), each group by line and column. */
  public static List<ConfigProblem> inSourceOrder(List<ConfigProblem> problems) {
    List<String> sources = problems.stream().map(ConfigProblem::source).distinct().toList();
    List<ConfigProblem> sorted = new ArrayList<>(problems);
    sorted.sort(java.util.Comparator.comparingInt((ConfigProblem p) -> sources.indexOf(p.source()))
        .thenComparing(p -> p.line().orElse(Integer.MAX_VALUE))
        .thenComparing(p -> p.column().orElse(Integer.MAX_VALUE)));
    return sorted;
  }

  /** {@link #originList}, then a row for each declared default no layer replaced, in declaration order. */
  List<SettingOrigin> originsWithDefaults(Map<String, Raw> chosen) {
    List<SettingOrigin> out = new ArrayList<>(originList(chosen));
    for (Setting<?> s : registry.all()) {
      if (!chosen.containsKey(s.key()) && (s.defaultValue().isPresent() || s.defaultText().isPresent())) {
        String shown = s.defaultValue().map(s::display)
            .orElseGet(() -> "(" + s.defaultText().orElseThrow() + ")");
        out.add(SettingOrigin.builder().key(s.key()).displayValue(shown).layer(SettingOrigin.Layer.DEFAULT).build());
      }
    }
    return out;
  }

  /** Where each chosen value came from, secrets masked, in key order. */
  List<SettingOrigin> originList(Map<String, Raw> chosen) {
    List<SettingOrigin> out = new ArrayList<>();
    chosen.forEach((key, raw) -> {
      Setting<?> s = registry.find(key).orElseThrow();
      Object value = values.get(key);
      out.add(raw.origin(key, s.secret() ? "****" : s.display(value)));
    });
    return out;
  }
}
