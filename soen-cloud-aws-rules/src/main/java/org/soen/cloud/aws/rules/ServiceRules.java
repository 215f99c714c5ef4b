package org.soen.cloud.aws.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.soen.cloud.aws.rules.Violation.Part;
import org.soen.cloud.aws.rules.Violation.Rule;

/**
 * The constraints of AWS requests, read from the bundled {@code service-rules.json} (extracted
 * from AWS's published Smithy models, see {@link #source()}), and a checker of requests in their
 * wire form: a JSON tree whose field names are the model's member names, as AWS JSON 1.1 sends them.
 *
 * <p>Immutable: every pattern is compiled when the rules are loaded, so one instance may be shared.
 *
 * <p>Checked as the services check: required members, lengths (characters of strings, items of
 * lists, entries of maps), ranges, patterns (not implicitly anchored) and enum values. Members the
 * resource does not list are not checked.
 */
public final class ServiceRules {
  /** The resource, next to this class. */
  public static final String RESOURCE = "service-rules.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode root;
  private final Map<String, Pattern> patterns;

  private ServiceRules(JsonNode root) {
    this.root = root;
    Map<String, Pattern> all = new HashMap<>();
    root.findValues("pattern").forEach(p -> all.computeIfAbsent(p.asText(), Pattern::compile));
    this.patterns = Map.copyOf(all);
  }

  /** The rules bundled with soen-cloud. */
  public static ServiceRules load() {
    try (InputStream in = ServiceRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the soen-cloud-aws-rules jar");
      }
      return new ServiceRules(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Where the rules come from: repository, commit, date and model files. */
  public String source() {
    JsonNode s = root.path("source");
    return s.path("repository").asText() + " at " + s.path("commit").asText().substring(0, 8) + " ("
        + s.path("date").asText() + "): " + s.path("models").toString();
  }

  /** The operations of {@code service} whose input is described, e.g. {@code CreateTrainingJob}. */
  public List<String> operations(String service) {
    List<String> out = new ArrayList<>();
    service(service).path("operations").fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** The maximum length of a named shape of {@code service}, if the model states one. */
  public Optional<Long> maxLength(String service, String shape) {
    JsonNode max = shape(service, shape).path("length").path("max");
    return max.isNumber() ? Optional.of(max.asLong()) : Optional.empty();
  }

  /** The pattern of a named shape of {@code service}, if it has one. */
  public Optional<Pattern> pattern(String service, String shape) {
    JsonNode p = shape(service, shape).path("pattern");
    return p.isTextual() ? Optional.of(compile(p.asText())) : Optional.empty();
  }

  /** The enum values of a named shape of {@code service} (empty if it is not an enum). */
  public List<String> enumValues(String service, String shape) {
    List<String> out = new ArrayList<>();
    shape(service, shape).path("enum").forEach(v -> out.add(v.asText()));
    return out;
  }

  /** Every violation of {@code service}'s {@code operation} by {@code input}, in member order. */
  public List<Violation> check(String service, String operation, JsonNode input) {
    JsonNode op = service(service).path("operations").path(operation);
    if (op.isMissingNode()) {
      throw new IllegalArgumentException("no rules for " + service + " " + operation + "; known: " + operations(service));
    }
    List<Violation> out = new ArrayList<>();
    if (!op.isNull()) {
      checkShape(service, op.asText(), input == null ? JSON.createObjectNode() : input,
          new Where("", List.of(), -1, Optional.empty()), out);
    }
    return out;
  }

  /**
   * AWS's text for {@code violations}: {@code 1 validation error detected: Value '…' at '…' failed to
   * satisfy constraint: …}, several joined by {@code ; }.
   */
  public static String validationMessage(List<Violation> violations) {
    StringJoiner all = new StringJoiner("; ", violations.size() + " validation error"
        + (violations.size() == 1 ? "" : "s") + " detected: ", "");
    violations.forEach(v -> all.add(v.awsMessage()));
    return all.toString();
  }

  private record Where(String path, List<String> members, int index, Optional<String> mapKey) {
    Where member(String name) {
      List<String> m = new ArrayList<>(members);
      m.add(name);
      String camel = Character.toLowerCase(name.charAt(0)) + name.substring(1);
      return new Where(path.isEmpty() ? camel : path + "." + camel, m, index, mapKey);
    }

    Where item(int i) {
      return new Where(path + "." + (i + 1) + ".member", members, i, mapKey);
    }
  }

  private JsonNode service(String service) {
    JsonNode s = root.path("services").path(service);
    if (s.isMissingNode()) {
      throw new IllegalArgumentException("no rules for service " + service);
    }
    return s;
  }

  private JsonNode shape(String service, String name) {
    return service(service).path("shapes").path(name);
  }

  private void checkShape(String service, String name, JsonNode value, Where at, List<Violation> out) {
    JsonNode shape = shape(service, name);
    if (shape.isMissingNode() || value == null || value.isNull()) {
      return;
    }
    switch (shape.path("type").asText()) {
      case "structure" -> {
        Iterator<Map.Entry<String, JsonNode>> members = shape.path("members").fields();
        while (members.hasNext()) {
          Map.Entry<String, JsonNode> m = members.next();
          Where here = at.member(m.getKey());
          JsonNode v = value.get(m.getKey());
          if (v == null || v.isNull()) {
            if (m.getValue().path("required").asBoolean(false)) {
              out.add(violation(here, Part.MEMBER, Rule.REQUIRED, "", "", "null"));
            }
            continue;
          }
          int before = out.size();
          checkTraits(m.getValue(), v, here, Part.MEMBER, out);
          if (out.size() == before) {
            checkShape(service, m.getValue().path("target").asText(), v, here, out);
          }
        }
      }
      case "list" -> {
        checkTraits(shape, value, at, Part.MEMBER, out);
        JsonNode item = shape(service, shape.path("member").asText());
        checkUnique(item, value, at, out);
        for (int i = 0; i < value.size(); i++) {
          if ("structure".equals(item.path("type").asText())) {
            checkShape(service, shape.path("member").asText(), value.get(i), at.item(i), out);
          } else {
            checkTraits(item, value.get(i), new Where(at.path, at.members, i, at.mapKey), Part.LIST_ITEM, out,
                render(value));
          }
        }
      }
      case "map" -> {
        checkTraits(shape, value, at, Part.MEMBER, out);
        JsonNode key = shape(service, shape.path("key").asText());
        JsonNode val = shape(service, shape.path("value").asText());
        value.fields().forEachRemaining(e -> {
          Where entry = new Where(at.path, at.members, at.index, Optional.of(e.getKey()));
          checkTraits(key, JSON.getNodeFactory().textNode(e.getKey()), entry, Part.MAP_KEY, out, render(value));
          checkTraits(val, e.getValue(), entry, Part.MAP_VALUE, out, render(value));
        });
      }
      default -> checkTraits(shape, value, at, Part.MEMBER, out);
    }
  }

  private static void checkUnique(JsonNode item, JsonNode list, Where at, List<Violation> out) {
    item.path("members").fields().forEachRemaining(m -> {
      if (m.getValue().path("unique").asBoolean(false)) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
          JsonNode v = list.get(i).get(m.getKey());
          if (v != null && !seen.add(v.asText())) {
            out.add(violation(new Where(at.path, at.members, i, Optional.of(v.asText())), Part.MEMBER, Rule.UNIQUE,
                m.getKey(), "", render(list)));
          }
        }
      }
    });
  }

  private void checkTraits(JsonNode rules, JsonNode value, Where at, Part part, List<Violation> out) {
    checkTraits(rules, value, at, part, out, render(value));
  }

  private void checkTraits(JsonNode rules, JsonNode value, Where at, Part part, List<Violation> out, String shown) {
    String unit = value.isObject() ? "entries" : value.isArray() ? "items" : "characters";
    long length = value.isTextual() ? value.asText().codePointCount(0, value.asText().length()) : value.size();
    JsonNode len = rules.path("length");
    if (len.has("min") && length < len.path("min").asLong()) {
      out.add(violation(at, part, Rule.MIN_LENGTH, len.path("min").asText(), unit, shown));
    }
    if (len.has("max") && length > len.path("max").asLong()) {
      out.add(violation(at, part, Rule.MAX_LENGTH, len.path("max").asText(), unit, shown));
    }
    JsonNode range = rules.path("range");
    if (value.isNumber() && range.has("min") && value.decimalValue().compareTo(range.path("min").decimalValue()) < 0) {
      out.add(violation(at, part, Rule.MIN_VALUE, range.path("min").asText(), "", shown));
    }
    if (value.isNumber() && range.has("max") && value.decimalValue().compareTo(range.path("max").decimalValue()) > 0) {
      out.add(violation(at, part, Rule.MAX_VALUE, range.path("max").asText(), "", shown));
    }
    if (value.isTextual() && rules.has("pattern") && !compile(rules.path("pattern").asText()).matcher(value.asText()).find()) {
      out.add(violation(at, part, Rule.PATTERN, rules.path("pattern").asText(), "", shown));
    }
    if (value.isTextual() && rules.has("enum")) {
      List<String> allowed = new ArrayList<>();
      rules.path("enum").forEach(e -> allowed.add(e.asText()));
      if (!allowed.contains(value.asText())) {
        out.add(violation(at, part, Rule.ENUM, allowed.toString(), "", shown));
      }
    }
  }

  private static Violation violation(Where at, Part part, Rule rule, String limit, String unit, String shown) {
    return new Violation(at.path, at.members, at.index, at.mapKey, part, rule, limit, unit, shown);
  }

  private Pattern compile(String pattern) {
    return patterns.get(pattern);
  }

  /** A value as AWS's messages print it: text as is, lists {@code [a, b]}, maps {@code {k=v}}. */
  private static String render(JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isArray()) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      value.forEach(v -> j.add(render(v)));
      return j.toString();
    }
    if (value.isObject()) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      value.fields().forEachRemaining(e -> j.add(e.getKey() + "=" + render(e.getValue())));
      return j.toString();
    }
    return value.toString();
  }
}
