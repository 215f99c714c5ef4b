package org.soen.cloud.internal.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
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
import org.soen.cloud.Setting;
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

  /** A value that cannot be converted; the message says what is allowed. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Node at;
    private final String entry;

    Invalid(String message, Node at) {
      this(message, at, null);
    }

    Invalid(String message, Node at, String entry) {
      super(message, null, false, false);
      this.at = at;
      this.entry = entry;
    }

    Node at() {
      return at;
    }

    /** The mapping entry the problem is in, if any. */
    String entry() {
      return entry;
    }
  }

  private final Path baseDirectory;
  private final Path userHome;

  Converter(Path baseDirectory, Path userHome) {
    this.baseDirectory = baseDirectory;
    this.userHome = userHome;
  }

  Object convert(Setting<?> s, Raw raw) throws Invalid {
    Object value = raw.node() != null ? fromNode(s, raw.node()) : fromText(s, raw.text());
    return ranged(s, value, raw.node());
  }

  /** Range checks, and hours or minutes made durations. */
  private static Object ranged(Setting<?> s, Object value, Node node) throws Invalid {
    BigDecimal number = value instanceof BigDecimal d ? d : value instanceof Long l ? BigDecimal.valueOf(l) : null;
    if (number == null) {
      return value;
    }
    boolean low = s.min().map(m -> s.minExclusive() ? number.compareTo(m) <= 0 : number.compareTo(m) < 0).orElse(false);
    boolean high = s.max().map(m -> number.compareTo(m) > 0).orElse(false);
    if (low || high) {
      throw new Invalid("must be " + s.allowed() + ", was " + number.toPlainString(), node);
    }
    switch (s.type()) {
      case INTEGER:
        if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
            || number.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
          throw new Invalid("must be " + s.allowed() + ", was " + number.toPlainString(), node);
        }
        return number.intValueExact();
      case HOURS:
      case MINUTES: {
        int unit = s.type() == Setting.Type.HOURS ? 3600 : 60;
        long seconds = number.multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.HALF_UP).longValue();
        if (seconds <= 0) {
          throw new Invalid("is less than one second, was " + number.toPlainString(), node);
        }
        return Duration.ofSeconds(seconds);
      }
      default:
        return number;
    }
  }

  private Object fromText(Setting<?> s, String text) throws Invalid {
    String t = text.strip();
    switch (s.type()) {
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
        return java.util.Collections.unmodifiableMap(map);
      }
      default:
        return scalar(s, t, true, null);
    }
  }

  private Object fromNode(Setting<?> s, Node node) throws Invalid {
    switch (s.type()) {
      case LIST: {
        if (!(node instanceof SequenceNode seq)) {
          throw new Invalid("must be " + s.allowed() + ", found a " + NodeText.describe(node), node);
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
          throw new Invalid("must be " + s.allowed() + ", found a " + NodeText.describe(node), node);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
          if (!(t.getKeyNode() instanceof ScalarNode k)) {
            throw new Invalid("keys must be text", t.getKeyNode());
          }
          if (!(t.getValueNode() instanceof ScalarNode v) || Tag.NULL.equals(v.getTag())) {
            throw new Invalid("the value of " + k.getValue() + " must be text, found a "
                + NodeText.describe(t.getValueNode()), t.getValueNode(), k.getValue());
          }
          if (Tag.BOOL.equals(v.getTag())) {
            throw new Invalid("the value of " + k.getValue() + " is the boolean " + v.getValue()
                + "; quote it (\"" + v.getValue() + "\") if you mean text", v, k.getValue());
          }
          out.put(k.getValue(), v.getValue());
        }
        return java.util.Collections.unmodifiableMap(out);
      }
      default:
        break;
    }
    if (!(node instanceof ScalarNode sc)) {
      throw new Invalid("must be " + s.allowed() + ", found a " + NodeText.describe(node), node);
    }
    Tag tag = sc.getTag();
    String v = sc.getValue();
    checkTag(sc);
    switch (s.type()) {
      case BOOLEAN:
        if (!Tag.BOOL.equals(tag) || !(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
          throw new Invalid("must be true or false, found the " + NodeText.describe(node), node);
        }
        return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
      case INTEGER:
        if (Tag.FLOAT.equals(tag)) {
          throw new Invalid("must be a whole number (" + s.allowed() + "), found " + v, node);
        }
        if (!Tag.INT.equals(tag)) {
          throw new Invalid(notANumber(s, node, v), node);
        }
        return scalar(s, v.replace("_", ""), false, node);
      case DECIMAL:
      case HOURS:
      case MINUTES:
        if (!Tag.INT.equals(tag) && !Tag.FLOAT.equals(tag)) {
          throw new Invalid(notANumber(s, node, v), node);
        }
        return scalar(s, v.replace("_", ""), false, node);
      default:
        if (Tag.BOOL.equals(tag) && s.type() == Setting.Type.CHOICE) {
          // `autodown: off` is what people write, and YAML 1.1 reads it (and true/false, yes/no) as a
          // boolean: a choice of on and off takes the word it means.
          String word = v.toLowerCase(Locale.ROOT);
          String onOff = word.matches("true|yes|y|on") ? "on" : word.matches("false|no|n|off") ? "off" : word;
          if (s.choices().contains(word) || s.choices().contains(onOff)) {
            return scalar(s, s.choices().contains(word) ? word : onOff, false, node);
          }
        }
        if (Tag.BOOL.equals(tag)) {
          throw new Invalid("must be " + s.allowed() + ", found the boolean " + v
              + "; quote it if you mean text", node);
        }
        return scalar(s, v, false, node);
    }
  }

  private static final java.util.Set<Tag> PLAIN_TAGS =
      java.util.Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

  /** A tag the value cannot have ({@code !!int abc}), or one soen-cloud does not know ({@code !custom}). */
  private static void checkTag(ScalarNode sc) throws Invalid {
    Tag tag = sc.getTag();
    if (!PLAIN_TAGS.contains(tag)) {
      throw new Invalid("has the YAML tag " + tag.getValue().replace(Tag.PREFIX, "!!")
          + ", which soen-cloud does not read; remove the tag", sc);
    }
    if ((Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) && !looksNumeric(sc.getValue().replace("_", ""))
        && !sc.getValue().matches("[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)")) {
      throw new Invalid("is tagged " + (Tag.INT.equals(tag) ? "!!int" : "!!float") + " but "
          + NodeText.quote(sc.getValue()) + " is not a number; remove the tag or fix the value", sc);
    }
  }

  private static String notANumber(Setting<?> s, Node node, String v) {
    if (node instanceof ScalarNode sc && Tag.STR.equals(sc.getTag()) && looksNumeric(v)) {
      return "must be a number (" + s.allowed() + "), found the string " + NodeText.quote(v)
          + "; write it without quotes";
    }
    return "must be a number (" + s.allowed() + "), found the " + NodeText.describe(node);
  }

  private static boolean looksNumeric(String v) {
    try {
      new BigDecimal(v.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Object scalar(Setting<?> s, String v, boolean fromText, Node node) throws Invalid {
    switch (s.type()) {
      case BOOLEAN:
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
        }
        throw new Invalid("must be true or false, was " + NodeText.quote(v), node);
      case INTEGER:
        try {
          return Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw new Invalid("must be a whole number (" + s.allowed() + "), was " + NodeText.quote(v), node);
        }
      case DECIMAL:
      case HOURS:
      case MINUTES:
        try {
          return new BigDecimal(v);
        } catch (NumberFormatException e) {
          throw new Invalid("must be a number (" + s.allowed() + "), was " + NodeText.quote(v), node);
        }
      case NAME:
        if (!NAME.matcher(v).matches()) {
          throw new Invalid("must be " + s.allowed() + " (starting with a letter or digit), was "
              + NodeText.quote(v), node);
        }
        return v;
      case URI:
        try {
          URI uri = new URI(v);
          if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new URISyntaxException(v, "not absolute");
          }
          if (uri.getPort() > 65535) {
            throw new Invalid("has the port " + uri.getPort() + "; ports go from 1 to 65535", node);
          }
          return uri;
        } catch (URISyntaxException e) {
          throw new Invalid("must be " + s.allowed() + " with scheme and host, was " + NodeText.quote(v), node);
        }
      case CHOICE: {
        String lower = v.toLowerCase(Locale.ROOT);
        if (s.choices().contains(lower)) {
          return lower;
        }
        throw new Invalid("must be one of " + String.join(", ", s.choices()) + ", was "
            + NodeText.quote(v) + DidYouMean.suggest(v, s.choices()), node);
      }
      case PATH:
        if (v.isBlank()) {
          throw new Invalid("must be " + s.allowed() + ", was empty", node);
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
          throw new Invalid("must be " + s.allowed() + ": " + e.getDescription() + " near index " + e.getIndex(), node);
        }
      default:
        if (v.isBlank() && !fromText) {
          throw new Invalid("must be " + s.allowed() + ", was empty", node);
        }
        return v;
    }
  }



}
