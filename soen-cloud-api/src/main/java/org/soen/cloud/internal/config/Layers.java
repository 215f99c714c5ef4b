package org.soen.cloud.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.Setting;
import org.soen.cloud.SettingOrigin.Layer;
import org.soen.cloud.spi.DidYouMean;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The values each layer gives, lowest layer first: a layer's values are gathered, checked for one
 * setting written twice in it (nested and flat spellings, in either order), then laid over the
 * layers below.
 */
final class Layers {
  private final SettingsRegistry registry;
  private final List<ConfigProblem> problems;
  private final Map<String, List<Raw>> pending = new LinkedHashMap<>();
  private final Map<String, Raw> chosen = new TreeMap<>();
  private final List<Map.Entry<String, Raw>> shadowed = new ArrayList<>();

  Layers(SettingsRegistry registry, List<ConfigProblem> problems) {
    this.registry = registry;
    this.problems = problems;
  }

  void problem(ConfigProblem p) {
    problems.add(p);
  }

  void put(String key, Raw raw) {
    pending.computeIfAbsent(key, k -> new ArrayList<>()).add(raw);
  }

  /** Lay the pending values of {@code layer} over the layers below. */
  void settle(Layer layer) {
    pending.forEach((key, raws) -> {
      Raw first = raws.get(0);
      for (Raw other : raws.subList(1, raws.size())) {
        if (!NodeValues.sameValue(first, other)) {
          problems.add(other.atName().problem("sets " + "cloud." + key + " again, with another value than "
              + first.keyPath() + (first.node() != null ? " (line " + line(first) + ")" : "")
              + "; keep one", ConfigProblem.CODE_DUPLICATE));
        }
      }
      Raw below = chosen.put(key, first);
      if (below != null) {
        shadowed.add(Map.entry(key, below));
      }
    });
    pending.clear();
  }

  Map<String, Raw> chosen() {
    return chosen;
  }

  /** Values a higher layer replaced: still checked, since the file or variable holding them is wrong. */
  List<Map.Entry<String, Raw>> shadowed() {
    return shadowed;
  }

  /**
   * Every value in {@code node}, whose path from the root is {@code prefix}; an unknown name is a
   * problem with a did-you-mean among the names allowed at its level.
   */
  void walk(MappingNode node, String prefix, Map<String, String> spellings, Layer layer, String source) {
    for (NodeTuple t : node.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || Tag.NULL.equals(t.getKeyNode().getTag())) {
        problems.add(Raw.yaml(t.getKeyNode(), layer, source, prefix)
            .problem("keys must be plain names, found a " + NodeText.describe(t.getKeyNode()), ConfigProblem.CODE_SYNTAX));
        continue;
      }
      String path = prefix.isEmpty() ? k.getValue() : prefix + "." + k.getValue();
      Node value = t.getValueNode();
      String key = spellings.get(path);
      if (key != null) {
        if (!Tag.NULL.equals(value.getTag())) {
          put(key, Raw.entry(k, value, layer, source, path));
        }
      } else if (isSection(path, spellings)) {
        if (value instanceof MappingNode section) {
          walk(section, path, spellings, layer, source);
        } else if (!Tag.NULL.equals(value.getTag())) {
          problems.add(Raw.yaml(value, layer, source, path).problem("must be a mapping of "
              + String.join(", ", namesAt(path, spellings)) + ", found a " + NodeText.describe(value),
              ConfigProblem.CODE_INVALID_VALUE));
        }
      } else if (layer == Layer.USER_CONFIG && registry.find(path).filter(Setting::secret).isPresent()) {
        Setting<?> secret = registry.find(path).orElseThrow();
        problems.add(Raw.yaml(t.getKeyNode(), layer, source, path).problem("is a secret and is never read from "
            + "this file; set " + String.join(" or ", secret.environment()) + " in the environment instead",
            ConfigProblem.CODE_UNKNOWN_KEY));
      } else {
        Set<String> names = namesAt(prefix, spellings);
        problems.add(Raw.yaml(t.getKeyNode(), layer, source, path).problem("unknown setting"
            + DidYouMean.suggest(k.getValue(), names) + "; allowed here: " + String.join(", ", names),
            ConfigProblem.CODE_UNKNOWN_KEY));
      }
    }
  }

  /** The declared settings inside a user's own section (e.g. {@code logging.mlflow_*}); the rest is theirs. */
  void pick(MappingNode section, String prefix, Map<String, String> spellings, String source) {
    for (NodeTuple t : section.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && !Tag.NULL.equals(t.getValueNode().getTag())) {
        String key = spellings.get(prefix + "." + k.getValue());
        if (key != null) {
          put(key, Raw.entry(k, t.getValueNode(), Layer.YAML, source, prefix + "." + k.getValue()));
        }
      }
    }
  }

  private static boolean isSection(String path, Map<String, String> spellings) {
    return spellings.keySet().stream().anyMatch(k -> k.startsWith(path + "."));
  }

  /** The names allowed directly under {@code prefix}, sorted. */
  private static Set<String> namesAt(String prefix, Map<String, String> spellings) {
    Set<String> names = new java.util.TreeSet<>();
    for (String k : spellings.keySet()) {
      if (prefix.isEmpty() || k.startsWith(prefix + ".")) {
        String rest = prefix.isEmpty() ? k : k.substring(prefix.length() + 1);
        names.add(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
      }
    }
    return new LinkedHashSet<>(names);
  }

  private static int line(Raw raw) {
    return raw.node().getStartMark() == null ? 0 : raw.node().getStartMark().getLine() + 1;
  }
}
