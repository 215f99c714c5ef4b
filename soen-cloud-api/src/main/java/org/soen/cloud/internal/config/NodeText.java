package org.soen.cloud.internal.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Describes YAML nodes in messages a person understands. */
final class NodeText {
  private NodeText() {}

  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "mapping";
    }
    if (node instanceof SequenceNode) {
      return "list";
    }
    if (node instanceof ScalarNode s) {
      Tag tag = s.getTag();
      String shown = quote(s.getValue());
      if (Tag.NULL.equals(tag)) {
        return "empty value";
      }
      if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
        return "number " + s.getValue();
      }
      if (Tag.BOOL.equals(tag)) {
        return "boolean " + s.getValue();
      }
      return "string " + shown;
    }
    return "value";
  }

  static String quote(String value) {
    String v = value.length() > 60 ? value.substring(0, 57) + "..." : value;
    return "\"" + v.replace("\"", "\\\"") + "\"";
  }
}
