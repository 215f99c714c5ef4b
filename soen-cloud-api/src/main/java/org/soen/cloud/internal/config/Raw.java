package org.soen.cloud.internal.config;

import org.soen.cloud.ConfigProblem;
import org.soen.cloud.SettingOrigin;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A value as a layer gave it, before conversion: a YAML node (with its position) or text (from an
 * environment variable or a flag), with where it came from.
 */
record Raw(Node node, String text, SettingOrigin.Layer layer, String source, String keyPath, Node keyNode) {
  static Raw yaml(Node node, SettingOrigin.Layer layer, String source, String keyPath) {
    return new Raw(node, null, layer, source, keyPath, null);
  }

  /** A value written under the name {@code keyNode}; a second spelling of it is reported at that name. */
  static Raw entry(Node keyNode, Node node, SettingOrigin.Layer layer, String source, String keyPath) {
    return new Raw(node, null, layer, source, keyPath, keyNode);
  }

  static Raw text(String text, SettingOrigin.Layer layer, String source, String keyPath) {
    return new Raw(null, text, layer, source, keyPath, null);
  }

  /** The same value at {@code at}, a node inside this one. */
  Raw at(Node at) {
    return at == null ? this : new Raw(at, text, layer, source, keyPath, null);
  }

  /** Where its name is written, for a problem with the name itself (a second spelling of one setting). */
  Raw atName() {
    return keyNode == null ? this : at(keyNode);
  }

  /** Item {@code index} of a list value, where it is written (the list itself for text values). */
  Raw item(int index) {
    if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode seq && index < seq.getValue().size()) {
      return at(seq.getValue().get(index));
    }
    return this;
  }

  /** The entry {@code name} of a mapping value, at its name, with the name in the key path. */
  Raw entry(String name) {
    Node at = node;
    if (node instanceof org.yaml.snakeyaml.nodes.MappingNode map) {
      for (org.yaml.snakeyaml.nodes.NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && k.getValue().equals(name)) {
          at = t.getKeyNode();
        }
      }
    }
    return new Raw(at, text, layer, source, keyPath + "." + name, null);
  }

  ConfigProblem problem(String message, String code) {
    ConfigProblem.Builder b = ConfigProblem.builder().source(source).keyPath(keyPath).message(message).code(code);
    if (node != null && node.getStartMark() != null) {
      b.line(node.getStartMark().getLine() + 1).column(node.getStartMark().getColumn() + 1);
    }
    return b.build();
  }

  ConfigProblem problem(String message) {
    return problem(message, ConfigProblem.CODE_INVALID_VALUE);
  }

  /** Where the value came from, for {@code config show} and for problems found later. */
  SettingOrigin origin(String key, String displayValue) {
    SettingOrigin.Builder b = SettingOrigin.builder().key(key).displayValue(displayValue).layer(layer).where(source)
        .path(keyPath);
    if (node != null && node.getStartMark() != null) {
      b.line(node.getStartMark().getLine() + 1).column(node.getStartMark().getColumn() + 1);
    }
    return b.build();
  }
}
