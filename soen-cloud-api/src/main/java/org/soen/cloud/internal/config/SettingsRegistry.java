package org.soen.cloud.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.Setting;

/**
 * Every declared setting in force: soen-cloud's own and those of each installed provider, with
 * the lookups the layers need (by key, by YAML path, by {@code cloud_config.yaml} path, by flag).
 * Two declarations of one key, path, variable or flag are refused, naming both owners.
 */
public final class SettingsRegistry {
  /** Who declares soen-cloud's own settings, in messages. */
  static final String CORE = "soen-cloud";

  private final List<Setting<?>> all = new ArrayList<>();
  private final Map<String, Setting<?>> byKey = new LinkedHashMap<>();
  private final Map<String, String> owners = new LinkedHashMap<>();
  private final Map<String, String> yamlPaths = new LinkedHashMap<>();
  private final Map<String, String> userPaths = new LinkedHashMap<>();
  private final Map<String, String> flags = new LinkedHashMap<>();
  private final Map<String, CoreSettings.Bound<?>> core = new LinkedHashMap<>();

  private SettingsRegistry() {}

  /** soen-cloud's settings plus each provider's ({@code provider id -> declarations}). */
  public static SettingsRegistry of(Map<String, List<Setting<?>>> providerSettings) {
    SettingsRegistry r = new SettingsRegistry();
    CoreSettings.ALL.forEach(b -> {
      r.add(CORE, b.setting());
      r.core.put(b.setting().key(), b);
    });
    new TreeMap<>(providerSettings).forEach((id, settings) -> settings.forEach(s -> r.add(id, s)));
    return r;
  }

  private void add(String owner, Setting<?> s) {
    claim(byKey.containsKey(s.key()) ? owners.get(s.key()) : null, owner, "cloud." + s.key(), "the key");
    for (String path : s.yamlPaths()) {
      claim(owner(yamlPaths.get(path)), owner, path, "the training YAML path");
      yamlPaths.put(path, s.key());
    }
    s.userConfigPath().ifPresent(path -> {
      claim(owner(userPaths.get(path)), owner, path, "the cloud_config.yaml path");
      userPaths.put(path, s.key());
    });
    s.flag().ifPresent(flag -> {
      claim(owner(flags.get(flag)), owner, flag, "the flag");
      flags.put(flag, s.key());
    });
    all.add(s);
    byKey.put(s.key(), s);
    owners.put(s.key(), owner);
  }

  private String owner(String key) {
    return key == null ? null : owners.get(key);
  }

  private static void claim(String existing, String owner, String what, String kind) {
    if (existing != null) {
      throw new ConfigurationException(what, kind + " " + what + " is declared by both " + existing + " and "
          + owner + "; remove one of the two from the class path");
    }
  }

  /** Every declaration: soen-cloud's first, then each provider's (by provider id). */
  public List<Setting<?>> all() {
    return Collections.unmodifiableList(all);
  }

  /** The declaration of {@code key} (a key path under {@code cloud.}). */
  public Optional<Setting<?>> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Who declares {@code key}: {@code soen-cloud} or a provider id. */
  public String owner(Setting<?> s) {
    return owners.get(s.key());
  }

  /** Training YAML paths from the document root to key paths. */
  Map<String, String> yamlPaths() {
    return Collections.unmodifiableMap(yamlPaths);
  }

  /** {@code cloud_config.yaml} paths to key paths. */
  Map<String, String> userConfigPaths() {
    return Collections.unmodifiableMap(userPaths);
  }

  /** The setting a flag overrides. */
  public Optional<Setting<?>> byFlag(String flag) {
    return Optional.ofNullable(flags.get(flag)).map(byKey::get);
  }

  /** The core binding of {@code key}, if soen-cloud declares it. */
  Optional<CoreSettings.Bound<?>> core(String key) {
    return Optional.ofNullable(core.get(key));
  }

  /** Core bindings, in declaration order. */
  Iterable<CoreSettings.Bound<?>> coreBindings() {
    return core.values();
  }
}
