package org.soen.cloud.internal.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.Setting;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes configs back as YAML without secrets, by looping over the declarations: the journal's
 * form of a job's configuration ({@link #storedYaml}), and the staged training config (the user's
 * sections untouched except secret-looking keys, plus the effective {@code cloud:} section).
 */
public final class ConfigWriter {
  /** Keys in the user's own sections that are never staged. */
  private static final Pattern SECRET_KEY = Pattern.compile(
      "(?i).*(password|passwd|secret|api_key|apikey|access_key|private_key|token|credential).*");

  private static final Pattern NEEDS_QUOTES =
      Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029\\uFEFF]");

  private final SettingsRegistry registry;

  /** A writer for {@code registry}'s settings. */
  public ConfigWriter(SettingsRegistry registry) {
    this.registry = registry;
  }

  /**
   * The journal's form of a job's configuration: every setting's resolved value (defaults
   * included, so a later version's defaults never change a submitted job) at its place in a
   * training YAML; secrets left out ({@code secret_env} keeps only the names).
   */
  public String storedYaml(CloudConfig config) {
    return yaml().dump(document(config, false));
  }

  /**
   * The training config to stage: the user's sections with secret-looking keys removed, and the
   * effective {@code cloud:} section. {@code removed} receives the key paths taken out.
   */
  public String stagedYaml(CloudConfig config, List<String> removed) {
    Map<String, Object> doc = new LinkedHashMap<>();
    config.userSections().forEach((k, v) -> doc.put(k, scrub(v, k, removed)));
    doc.put("cloud", document(config, true).getOrDefault("cloud", Map.of()));
    return yaml().dump(doc);
  }

  /** Each non-secret value at its first training-YAML path; only those under {@code cloud:} when {@code cloudOnly}. */
  private Map<String, Object> document(CloudConfig config, boolean cloudOnly) {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (Setting<?> s : registry.all()) {
      String path = s.yamlPaths().get(0);
      if (s.secret() || (cloudOnly && !path.startsWith("cloud."))) {
        continue;
      }
      value(config, s).ifPresent(v -> putPath(doc, path, plain(s, v)));
    }
    return doc;
  }

  /** The effective value of {@code s} in {@code config}: a core field, or a provider setting or its default. */
  Optional<?> value(CloudConfig config, Setting<?> s) {
    return registry.core(s.key()).<Optional<?>>map(b -> b.get().apply(config)).orElseGet(() -> config.get(s));
  }

  @SuppressWarnings("unchecked")
  static void putPath(Map<String, Object> doc, String path, Object value) {
    String[] parts = path.split("\\.");
    Map<String, Object> node = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
    }
    node.put(parts[parts.length - 1], value);
  }

  /** A value as YAML writes it: durations in the setting's unit, paths and URIs as text. */
  static Object plain(Setting<?> s, Object value) {
    if (value instanceof Duration d) {
      return s.amount(d);
    }
    if (value instanceof Path || value instanceof URI) {
      return value.toString();
    }
    if (value instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    if (value instanceof Map<?, ?> m) {
      return new LinkedHashMap<>(m);
    }
    return value;
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

  static Yaml yaml() {
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
