package org.soen.cloud.internal.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Plain Java values of YAML nodes: the user's own sections, passed through untouched. */
final class NodeValues {
  private NodeValues() {}

  static Object toJava(Node node) {
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
        String lower = v.toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("yes") || lower.equals("on") || lower.equals("y");
      }
      if (Tag.INT.equals(tag)) {
        return new BigInteger(v.replace("_", ""));
      }
      if (Tag.FLOAT.equals(tag)) {
        return new BigDecimal(v.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      return v;
    }
    return v;
  }

  /** Whether two raw values say the same thing (for one setting written twice in one layer). */
  static boolean sameValue(Raw a, Raw b) {
    Object x = a.node() != null ? toJava(a.node()) : a.text();
    Object y = b.node() != null ? toJava(b.node()) : b.text();
    return String.valueOf(x).equals(String.valueOf(y));
  }
}
