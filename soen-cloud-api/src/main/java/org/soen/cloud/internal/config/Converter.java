package org.soen.cloud.internal.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.soen.cloud.spi.DidYouMean;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Turns a {@link Raw} value into the Java value its {@link Setting} needs, or explains why not. */
final class Converter {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A value that cannot be converted; the message says what is allowed. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Node at;

    Invalid(String message, Node at) {
      super(message, null, false, false);
      this.at = at;
    }

    Node at() {
      return at;
    }
  }

  private final Path baseDirectory;
  private final Path userHome;

  Converter(Path baseDirectory, Path userHome) {
    this.baseDirectory = baseDirectory;
    this.userHome = userHome;
  }

  Object convert(Setting s, Raw raw) throws Invalid {
    return raw.node() != null ? fromNode(s, raw.node()) : fromText(s, raw.text());
  }

  private Object fromText(Setting s, String text) throws Invalid {
    String t = text.strip();
    switch (s.kind()) {
      case LIST:
        return t.isEmpty() ? List.of() : List.of(t.split("\\s*,\\s*"));
      case MAP: {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : t.isEmpty() ? new String[0] : t.split("\\s*,\\s*")) {
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            throw new Invalid("must be NAME=VALUE pairs separated by commas, was " + NodeText.quote(pair), null);
          }
          map.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return checkMap(s, map, null);
      }
      default:
        return scalar(s, t, true, null);
    }
  }

  private Object fromNode(Setting s, Node node) throws Invalid {
    switch (s.kind()) {
      case LIST: {
        if (!(node instanceof SequenceNode seq)) {
          throw new Invalid("must be " + s.help() + ", found a " + NodeText.describe(node), node);
        }
        List<String> items = new ArrayList<>();
        for (Node item : seq.getValue()) {
          if (!(item instanceof ScalarNode sc) || Tag.NULL.equals(item.getTag())) {
            throw new Invalid("item " + (items.size() + 1) + " must be text, found a " + NodeText.describe(item), item);
          }
          items.add(sc.getValue());
        }
        return List.copyOf(items);
      }
      case MAP: {
        if (!(node instanceof MappingNode map)) {
          throw new Invalid("must be " + s.help() + ", found a " + NodeText.describe(node), node);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode k)) {
            throw new Invalid("keys must be text", t.getKeyNode());
          }
          if (!(t.getValueNode() instanceof ScalarNode v) || Tag.NULL.equals(v.getTag())) {
            throw new Invalid("the value of " + k.getValue() + " must be text, found a "
                + NodeText.describe(t.getValueNode()), t.getValueNode());
          }
          if (Tag.BOOL.equals(v.getTag())) {
            throw new Invalid("the value of " + k.getValue() + " is the boolean " + v.getValue()
                + "; quote it (\"" + v.getValue() + "\") if you mean text", v);
          }
          out.put(k.getValue(), v.getValue());
        }
        return checkMap(s, out, node);
      }
      default:
        break;
    }
    if (!(node instanceof ScalarNode sc)) {
      throw new Invalid("must be " + s.help() + ", found a " + NodeText.describe(node), node);
    }
    Tag tag = sc.getTag();
    String v = sc.getValue();
    switch (s.kind()) {
      case BOOLEAN:
        if (!Tag.BOOL.equals(tag) || !(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
          throw new Invalid("must be true or false, found the " + NodeText.describe(node), node);
        }
        return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
      case INTEGER:
        if (Tag.FLOAT.equals(tag)) {
          throw new Invalid("must be a whole number (" + s.help() + "), found " + v, node);
        }
        if (!Tag.INT.equals(tag)) {
          throw new Invalid(notANumber(s, node, v), node);
        }
        return scalar(s, v.replace("_", ""), false, node);
      case DECIMAL:
        if (!Tag.INT.equals(tag) && !Tag.FLOAT.equals(tag)) {
          throw new Invalid(notANumber(s, node, v), node);
        }
        return scalar(s, v.replace("_", ""), false, node);
      default:
        if (Tag.BOOL.equals(tag)) {
          throw new Invalid("must be " + s.help() + ", found the boolean " + v
              + "; quote it if you mean text", node);
        }
        return scalar(s, v, false, node);
    }
  }

  private static String notANumber(Setting s, Node node, String v) {
    if (node instanceof ScalarNode sc && Tag.STR.equals(sc.getTag()) && looksNumeric(v)) {
      return "must be a number (" + s.help() + "), found the string " + NodeText.quote(v)
          + "; write it without quotes";
    }
    return "must be a number (" + s.help() + "), found the " + NodeText.describe(node);
  }

  private static boolean looksNumeric(String v) {
    try {
      new BigDecimal(v.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Object scalar(Setting s, String v, boolean fromText, Node node) throws Invalid {
    switch (s.kind()) {
      case BOOLEAN:
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
        }
        throw new Invalid("must be true or false, was " + NodeText.quote(v), node);
      case INTEGER:
        try {
          return Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw new Invalid("must be a whole number (" + s.help() + "), was " + NodeText.quote(v), node);
        }
      case DECIMAL:
        try {
          return new BigDecimal(v);
        } catch (NumberFormatException e) {
          throw new Invalid("must be a number (" + s.help() + "), was " + NodeText.quote(v), node);
        }
      case NAME:
        if (!NAME.matcher(v).matches()) {
          throw new Invalid("must be " + s.help() + " (starting with a letter or digit), was "
              + NodeText.quote(v), node);
        }
        return v;
      case URI:
        try {
          URI uri = new URI(v);
          if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new URISyntaxException(v, "not absolute");
          }
          return uri;
        } catch (URISyntaxException e) {
          throw new Invalid("must be " + s.help() + " with scheme and host, was " + NodeText.quote(v), node);
        }
      case ENUM: {
        String lower = v.toLowerCase(Locale.ROOT);
        if (s.allowed().contains(lower)) {
          return lower;
        }
        throw new Invalid("must be one of " + String.join(", ", s.allowed()) + ", was "
            + NodeText.quote(v) + DidYouMean.suggest(v, s.allowed()), node);
      }
      case PATH:
        if (v.isBlank()) {
          throw new Invalid("must be " + s.help() + ", was empty", node);
        }
        if (v.equals("~") || v.startsWith("~/")) {
          return userHome.resolve(v.equals("~") ? "" : v.substring(2)).normalize();
        }
        return baseDirectory.resolve(v).normalize();
      case REGEX:
        try {
          Pattern.compile(v);
          return v;
        } catch (PatternSyntaxException e) {
          throw new Invalid("must be " + s.help() + ": " + e.getDescription() + " near index " + e.getIndex(), node);
        }
      default:
        if (v.isBlank() && !fromText) {
          throw new Invalid("must be " + s.help() + ", was empty", node);
        }
        return v;
    }
  }

  private static Map<String, String> checkMap(Setting s, Map<String, String> map, Node node) throws Invalid {
    if (s.key().equals("environment")) {
      for (String name : map.keySet()) {
        if (!ENV_NAME.matcher(name).matches()) {
          throw new Invalid("environment variable names must match [A-Za-z_][A-Za-z0-9_]*, was "
              + NodeText.quote(name), node);
        }
      }
    }
    return Map.copyOf(map);
  }
}
