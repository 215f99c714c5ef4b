package org.soen.cloud.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds epoch metrics in common log lines such as {@code epoch 3/20 loss=0.41 accuracy=0.91} or
 * {@code Epoch 3: loss: 0.41, acc: 0.91}.
 */
public final class MetricsParser {
  private static final Pattern EPOCH = Pattern.compile("(?i)\\bepoch\\s*[:=]?\\s*(\\d{1,9})");
  private static final Pattern PAIR = Pattern.compile(
      "([A-Za-z][A-Za-z0-9_./-]*)\\s*[=:]\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)(?![\\d/])");

  /** Parsed metrics of one line. */
  public record Metrics(int epoch, Map<String, Double> values) {}

  private MetricsParser() {}

  /** The metrics on {@code line}, if it names an epoch and at least one metric. */
  public static Optional<Metrics> parse(String line) {
    Matcher e = EPOCH.matcher(line);
    if (!e.find()) {
      return Optional.empty();
    }
    Map<String, Double> values = new LinkedHashMap<>();
    Matcher m = PAIR.matcher(line.substring(e.end()));
    while (m.find()) {
      String name = m.group(1);
      if (!name.toLowerCase(Locale.ROOT).equals("epoch")) {
        values.put(name, Double.parseDouble(m.group(2)));
      }
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Metrics(Integer.parseInt(e.group(1)), java.util.Collections.unmodifiableMap(values)));
  }
}
