package org.soen.cloud.internal.config;

import org.soen.cloud.ConfigProblem;
import org.soen.cloud.SettingOrigin;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A value as a layer gave it, before conversion: a YAML node (with its position) or text (from an
 * environment variable or a flag), with where it came from.
 */
record Raw(Node node, String text, SettingOrigin.Layer layer, String source, String keyPath) {
  static Raw yaml(Node node, SettingOrigin.Layer layer, String source, String keyPath) {
    return new Raw(node, null, layer, source, keyPath);
  }

  static Raw text(String text, SettingOrigin.Layer layer, String source, String keyPath) {
    return new Raw(null, text, layer, source, keyPath);
  }

  /** The same value at {@code at}, a node inside this one. */
  Raw at(Node at) {
    return at == null ? this : new Raw(at, text, layer, source, keyPath);
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
    SettingOrigin.Builder b = SettingOrigin.builder().key(key).displayValue(displayValue).layer(layer).where(source);
    if (node != null && node.getStartMark() != null) {
      b.line(node.getStartMark().getLine() + 1).column(node.getStartMark().getColumn() + 1);
    }
    return b.build();
  }
}
