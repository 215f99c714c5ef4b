package org.soen.cloud;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds a {@link Setting}: start with one of {@code Setting}'s factories ({@link Setting#text},
 * {@link Setting#hours} ...), give at least a description, then {@link #build()}.
 *
 * @param <T> the value type
 */
public final class SettingBuilder<T> {
  final String key;
  final Setting.Type type;
  String description;
  String allowed;
  final List<String> choices = new ArrayList<>();
  BigDecimal min;
  BigDecimal max;
  boolean minExclusive;
  T defaultValue;
  String defaultText;
  final List<String> environment = new ArrayList<>();
  String userConfigPath;
  final List<String> yamlPaths = new ArrayList<>();
  boolean secret;
  String flag;
  String example;
  final List<Setting.Check<T>> checks = new ArrayList<>();
  final List<Function<String, Optional<String>>> itemChecks = new ArrayList<>();

  SettingBuilder(String key, Setting.Type type) {
    if (!Setting.KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("setting key \"" + key
          + "\" must be lowercase snake_case names separated by dots, e.g. lambda.ssh_user");
    }
    this.key = key;
    this.type = type;
  }

  /** The key path being declared. */
  public String key() {
    return key;
  }

  /** One line: what the setting does (required). */
  public SettingBuilder<T> description(String description) {
    this.description = description;
    return this;
  }

  /** What values are allowed, in words, when the type and range do not say it well enough. */
  public SettingBuilder<T> allowed(String allowed) {
    this.allowed = allowed;
    return this;
  }

  /** The inclusive range of a number (hours or minutes for durations); either end may be null. */
  public SettingBuilder<T> range(String min, String max) {
    this.min = min == null ? null : new BigDecimal(min);
    this.max = max == null ? null : new BigDecimal(max);
    return this;
  }

  /** Numbers must be more than 0 (and at most {@code max}, which may be null). */
  public SettingBuilder<T> positive(String max) {
    this.min = BigDecimal.ZERO;
    this.minExclusive = true;
    this.max = max == null ? null : new BigDecimal(max);
    return this;
  }

  /** The value used when no layer sets one. */
  public SettingBuilder<T> defaultValue(T value) {
    this.defaultValue = value;
    return this;
  }

  /** How the reference describes the default when there is no plain default value. */
  public SettingBuilder<T> defaultText(String text) {
    this.defaultText = text;
    return this;
  }

  /** Environment variables that set it, first found wins. */
  public SettingBuilder<T> env(String... variables) {
    environment.addAll(List.of(variables));
    return this;
  }

  /** Its path in {@code cloud_config.yaml}, e.g. {@code aws.region}. */
  public SettingBuilder<T> userConfig(String path) {
    this.userConfigPath = path;
    return this;
  }

  /** Where it may be written in a training YAML, from the document root (replaces {@code cloud.<key>}). */
  public SettingBuilder<T> yamlPaths(String... paths) {
    yamlPaths.addAll(List.of(paths));
    return this;
  }

  /** A secret: masked, never written, journaled or staged. */
  public SettingBuilder<T> secret() {
    this.secret = true;
    return this;
  }

  /** The command line's override flag, e.g. {@code --max-cost-usd}. */
  public SettingBuilder<T> flag(String flag) {
    this.flag = flag;
    return this;
  }

  /** A valid value as a user writes it in YAML (documentation, placeholders, generated tests). */
  public SettingBuilder<T> example(String example) {
    this.example = example;
    return this;
  }

  /** A check of the converted value: a message saying what is wrong and what is allowed, or empty. */
  public SettingBuilder<T> check(Function<T, Optional<String>> check) {
    checks.add((value, config) -> check.apply(value));
    return this;
  }

  /** A check of each list item, or each mapping's name, reported where that item is written. */
  public SettingBuilder<T> checkEach(Function<String, Optional<String>> check) {
    itemChecks.add(check);
    return this;
  }

  /** A check that also reads other settings of the config being loaded. */
  public SettingBuilder<T> check(Setting.Check<T> check) {
    checks.add(check);
    return this;
  }

  /** The declaration. */
  public Setting<T> build() {
    return new Setting<>(this);
  }

  /** Sets the allowed choices of a {@link Setting.Type#CHOICE}. */
  SettingBuilder<T> choices(List<String> values) {
    choices.addAll(values);
    return this;
  }
}
