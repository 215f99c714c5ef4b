package org.soen.cloud.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns the node tree SnakeYAML composes into the plain tree callers read: merge keys are replaced
 * by the keys they bring in, each key appears once in its mapping, and nothing refers to itself.
 *
 * <p>Merge keys follow YAML's merge rules: {@code <<: *defaults} brings in the keys of one mapping,
 * {@code <<: [*a, *b]} those of several, where an earlier mapping wins over a later one; a key
 * written in the mapping itself wins over any merged one, wherever the {@code <<} line stands, and
 * is not a duplicate. Merged keys take the place of the {@code <<} line, so the tree stays in the
 * order of the file. Nodes are never copied: a merged value is the node where it was written, with
 * the line and column of the anchor's text.
 *
 * <p>A key written twice in one mapping (also inside an anchored mapping or a flow mapping) is a
 * {@link ConfigProblem#CODE_DUPLICATE} at the second one, named by its full key path; scalar keys
 * are compared by their text, as callers look them up. Every duplicate, bad merge value and
 * recursive alias in the file is reported together, in the order of the file. An anchored node is checked once, under the
 * key path where it was written.
 */
final class YamlTree {
  private final String source;
  private final List<ConfigProblem> problems = new ArrayList<>();
  /** Nodes already made plain, so an alias costs nothing and its problems are reported once. */
  private final Map<Node, Node> plain = new IdentityHashMap<>();
  /** Nodes being made plain: meeting one again means an alias inside its own anchor. */
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

  private YamlTree(String source) {
    this.source = source;
  }

  /**
   * The plain tree of {@code root}, read from {@code source} at {@code keyPath}.
   *
   * @throws ConfigurationException with every duplicate key, bad merge key and recursive alias
   */
  static MappingNode plain(MappingNode root, String source, String keyPath) {
    YamlTree tree = new YamlTree(source);
    Node result = tree.node(root, keyPath, root.getStartMark());
    if (!tree.problems.isEmpty()) {
      tree.problems.sort(Comparator.comparing((ConfigProblem p) -> p.line().orElse(0))
          .thenComparing(p -> p.column().orElse(0)));
      throw new ConfigurationException(tree.problems);
    }
    return (MappingNode) result;
  }

  /** The plain form of {@code node} at {@code path}; {@code at} is where to report it refers to itself. */
  private Node node(Node node, String path, Mark at) {
    Node done = plain.get(node);
    if (done != null) {
      return done;
    }
    if (!open.add(node)) {
      problems.add(YamlReader.problem(source, path, at, ConfigProblem.CODE_SYNTAX, "refers to itself (the alias *"
          + node.getAnchor() + " is inside its own anchor &" + node.getAnchor() + "); a config cannot be recursive"));
      return node;
    }
    Node result;
    if (node instanceof MappingNode map) {
      result = mapping(map, path);
    } else if (node instanceof SequenceNode seq) {
      List<Node> items = new ArrayList<>(seq.getValue().size());
      for (int i = 0; i < seq.getValue().size(); i++) {
        Node item = seq.getValue().get(i);
        items.add(node(item, path + "[" + i + "]", item.getStartMark()));
      }
      result = new SequenceNode(seq.getTag(), true, items, seq.getStartMark(), seq.getEndMark(), seq.getFlowStyle());
    } else {
      result = node;
    }
    open.remove(node);
    plain.put(node, result);
    return result;
  }

  private MappingNode mapping(MappingNode map, String path) {
    Map<String, NodeTuple> explicit = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String key = text(t.getKeyNode());
      if (key == null) {
        continue;
      }
      NodeTuple first = explicit.putIfAbsent(key, t);
      if (first != null) {
        Mark was = first.getKeyNode().getStartMark();
        problems.add(YamlReader.problem(source, join(path, key), t.getKeyNode().getStartMark(),
            ConfigProblem.CODE_DUPLICATE, "is given twice in one mapping (first on line " + (was.getLine() + 1)
                + ", column " + (was.getColumn() + 1) + "); keep one"));
      }
    }
    Set<String> taken = new HashSet<>(explicit.keySet());
    List<NodeTuple> tuples = new ArrayList<>(map.getValue().size());
    for (NodeTuple t : map.getValue()) {
      String key = text(t.getKeyNode());
      if (isMerge(t)) {
        for (MappingNode from : mergeSources(t, path)) {
          for (NodeTuple m : from.getValue()) {
            String mergedKey = text(m.getKeyNode());
            if (mergedKey == null || taken.add(mergedKey)) {
              tuples.add(m);
            }
          }
        }
      } else if (key == null || explicit.get(key) == t) {
        String child = join(path, key == null ? "?" : key);
        Node value = node(t.getValueNode(), child, t.getKeyNode().getStartMark());
        tuples.add(value == t.getValueNode() ? t : new NodeTuple(t.getKeyNode(), value));
      }
    }
    return new MappingNode(map.getTag(), true, tuples, map.getStartMark(), map.getEndMark(), map.getFlowStyle());
  }

  /** The plain mappings a {@code <<} line brings in, first one first; anything else is reported. */
  private List<MappingNode> mergeSources(NodeTuple merge, String path) {
    Node value = merge.getValueNode();
    List<Node> raw = value instanceof SequenceNode seq && !open.contains(value) ? seq.getValue() : List.of(value);
    List<MappingNode> sources = new ArrayList<>(raw.size());
    for (Node n : raw) {
      Node flat = node(n, path, merge.getKeyNode().getStartMark());
      if (flat instanceof MappingNode m && !open.contains(n)) {
        sources.add(m);
      } else if (!(flat instanceof MappingNode)) {
        problems.add(YamlReader.problem(source, join(path, "<<"), n.getStartMark(), ConfigProblem.CODE_SYNTAX,
            "a merge key (<<) takes a mapping or a list of mappings, such as *defaults or [*a, *b]; found a "
                + NodeText.describe(n)));
      }
    }
    return sources;
  }

  private static boolean isMerge(NodeTuple t) {
    return Tag.MERGE.equals(t.getKeyNode().getTag());
  }

  /** The text of a scalar key, which callers look keys up by; null for a list or mapping as a key. */
  private static String text(Node key) {
    return key instanceof ScalarNode s ? s.getValue() : null;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
