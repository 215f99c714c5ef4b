package org.soen.cloud.internal.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.Setting;

/**
 * The declarations' own checks (range, choices, declared checks, item checks) run over a config's
 * values, so that a config built in code is held to the same rules as one read from YAML before
 * anything is sent. Problems have no position; the trainer reports them where the values were set.
 */
public final class DeclaredChecks {
  private final SettingsRegistry registry;
  private final ConfigWriter values;

  /** Checks of {@code registry}'s declarations. */
  public DeclaredChecks(SettingsRegistry registry) {
    this.registry = registry;
    this.values = new ConfigWriter(registry);
  }

  /** Every problem with {@code config}'s values. */
  public List<ConfigProblem> problems(CloudConfig config) {
    List<ConfigProblem> out = new ArrayList<>();
    for (Setting<?> s : registry.all()) {
      values.value(config, s).ifPresent(v -> check(s, v, config, out));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> void check(Setting<T> s, Object value, CloudConfig config, List<ConfigProblem> out) {
    String key = "cloud." + s.key();
    outOfRange(s, value).ifPresent(m -> out.add(problem(key, m)));
    if (s.type() == Setting.Type.CHOICE && !s.choices().contains(String.valueOf(value))) {
      out.add(problem(key, "must be one of " + String.join(", ", s.choices()) + ", was \"" + value + "\""));
    }
    if (s.javaType().isInstance(value)) {
      for (Setting.Check<T> c : s.checks()) {
        c.check((T) value, config).ifPresent(m -> out.add(problem(key, m)));
      }
    }
    List<String> items = value instanceof List<?> l ? l.stream().map(String::valueOf).toList()
        : value instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).toList() : List.of();
    for (int i = 0; i < items.size(); i++) {
      String at = value instanceof Map<?, ?> ? key + "." + items.get(i) : key + "[" + i + "]";
      for (Function<String, Optional<String>> c : s.itemChecks()) {
        c.apply(items.get(i)).ifPresent(m -> out.add(problem(at, m)));
      }
    }
  }

  private static Optional<String> outOfRange(Setting<?> s, Object value) {
    BigDecimal n = value instanceof Duration d ? s.amount(d) : value instanceof Integer i ? BigDecimal.valueOf(i)
        : value instanceof BigDecimal b ? b : null;
    if (n == null) {
      return Optional.empty();
    }
    boolean low = s.min().map(m -> s.minExclusive() ? n.compareTo(m) <= 0 : n.compareTo(m) < 0).orElse(false);
    boolean high = s.max().map(m -> n.compareTo(m) > 0).orElse(false);
    return low || high ? Optional.of("must be " + s.allowed() + ", was " + n.toPlainString()) : Optional.empty();
  }

  private static ConfigProblem problem(String keyPath, String message) {
    return ConfigProblem.builder().source("config").keyPath(keyPath).message(message).build();
  }
}
