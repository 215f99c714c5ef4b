package org.soen.cloud;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The values of provider-declared {@link Setting}s in a {@link CloudConfig} (those soen-cloud
 * declares itself are typed accessors of the config). Immutable; secrets are masked in
 * {@link #toString()}.
 */
public final class SettingValues {
  private static final SettingValues EMPTY = new SettingValues(Map.of());

  private final Map<Setting<?>, Object> values;

  private SettingValues(Map<Setting<?>, Object> values) {
    this.values = values;
  }

  /** No values. */
  public static SettingValues empty() {
    return EMPTY;
  }

  static SettingValues of(Map<Setting<?>, Object> values) {
    return values.isEmpty() ? EMPTY : new SettingValues(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
  }

  static void checkType(Setting<?> setting, Object value) {
    if (!setting.javaType().isInstance(value)) {
      throw new IllegalArgumentException(setting + " takes a " + setting.javaType().getSimpleName()
          + ", was a " + (value == null ? "null" : value.getClass().getSimpleName()));
    }
  }

  /** The value set for {@code setting}, without its default. */
  public <T> Optional<T> explicit(Setting<T> setting) {
    Object v = values.get(setting);
    return v == null ? Optional.empty() : Optional.of(setting.javaType().cast(v));
  }

  /** The value set for {@code setting}, or its declared default. */
  public <T> Optional<T> get(Setting<T> setting) {
    return explicit(setting).or(setting::defaultValue);
  }

  /** A copy with {@code setting} set to {@code value}. */
  public <T> SettingValues with(Setting<T> setting, T value) {
    checkType(setting, value);
    Map<Setting<?>, Object> copy = new LinkedHashMap<>(values);
    copy.put(setting, value);
    return new SettingValues(Collections.unmodifiableMap(copy));
  }

  /** Every setting that has a value, with its value. */
  public Map<Setting<?>, Object> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingValues s && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((s, v) -> shown.put(s.key(), s.secret() ? "****" : String.valueOf(v)));
    return shown.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
