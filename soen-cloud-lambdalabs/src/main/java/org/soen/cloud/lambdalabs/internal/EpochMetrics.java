package org.soen.cloud.lambdalabs.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns training log lines into epoch metrics. By default it reads ultralytics' console: an epoch
 * row ({@code 3/150  2.1G  1.234  2.345  1.111  12  640: ...}) gives box, cls and dfl loss, and the
 * following {@code all} validation row gives precision, recall, mAP50 and mAP50-95. A configured
 * regex with named groups ({@code epoch} plus one group per metric) replaces it.
 */
final class EpochMetrics {
  private static final Pattern ULTRA_EPOCH = Pattern.compile(
      "^\\s*(\\d+)/(\\d+)\\s+\\S+\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s+\\d+\\s+\\d+\\s*:");
  private static final Pattern ULTRA_ALL = Pattern.compile(
      "^\\s*all\\s+\\d+\\s+\\d+\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s+(\\d+(?:\\.\\d+)?)\\s*$");
  private static final Pattern GROUP_NAMES = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  /** One epoch's metrics. */
  record Epoch(int epoch, Map<String, Double> metrics) {}

  private final Pattern custom;
  private int epoch = -1;
  private Map<String, Double> losses = Map.of();

  EpochMetrics(Optional<String> pattern) {
    this.custom = pattern.map(EpochMetrics::compile).orElse(null);
  }

  static Pattern compile(String regex) {
    Pattern p;
    try {
      p = Pattern.compile(regex);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new org.soen.cloud.ConfigurationException("lambda.metrics_pattern",
          "is not a valid regular expression: " + e.getDescription());
    }
    if (!regex.contains("(?<epoch>")) {
      throw new org.soen.cloud.ConfigurationException("lambda.metrics_pattern",
          "needs a named group (?<epoch>...) and one named group per metric");
    }
    return p;
  }

  /** The metrics completed by {@code line}, if any. Lines must be fed in order. */
  Optional<Epoch> accept(String rawLine) {
    String line = rawLine.substring(rawLine.lastIndexOf('\r') + 1);
    if (custom != null) {
      Matcher m = custom.matcher(line);
      if (!m.find()) {
        return Optional.empty();
      }
      Map<String, Double> values = new LinkedHashMap<>();
      Matcher names = GROUP_NAMES.matcher(custom.pattern());
      while (names.find()) {
        String name = names.group(1);
        if (!name.equals("epoch") && m.group(name) != null) {
          try {
            values.put(name, Double.parseDouble(m.group(name)));
          } catch (NumberFormatException ignored) {
            // not a number: leave the metric out
          }
        }
      }
      return Optional.of(new Epoch(Integer.parseInt(m.group("epoch")), values));
    }
    Matcher e = ULTRA_EPOCH.matcher(line);
    if (e.find()) {
      epoch = Integer.parseInt(e.group(1));
      Map<String, Double> l = new LinkedHashMap<>();
      l.put("box_loss", Double.parseDouble(e.group(3)));
      l.put("cls_loss", Double.parseDouble(e.group(4)));
      l.put("dfl_loss", Double.parseDouble(e.group(5)));
      losses = l;
      return Optional.empty();
    }
    Matcher a = ULTRA_ALL.matcher(line);
    if (a.find() && epoch >= 0) {
      Map<String, Double> values = new LinkedHashMap<>(losses);
      values.put("precision", Double.parseDouble(a.group(1)));
      values.put("recall", Double.parseDouble(a.group(2)));
      values.put("mAP50", Double.parseDouble(a.group(3)));
      values.put("mAP50-95", Double.parseDouble(a.group(4)));
      Epoch out = new Epoch(epoch, values);
      epoch = -1;
      return Optional.of(out);
    }
    return Optional.empty();
  }
}
