package org.soen.cloud;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one declaration of a setting of the {@code cloud:} section: its key path, type and range,
 * default, environment variables, place in {@code ~/.soen/cloud_config.yaml}, whether it is a
 * secret, and a one-line description. Reading the training YAML and {@code cloud_config.yaml}, the
 * precedence layers, {@code config show}, {@code config set/save}, the command line's override
 * flags and the configuration reference are all driven by these declarations, so a setting is
 * spelled out exactly once.
 *
 * <p>soen-cloud declares the settings every provider shares; a provider declares its own through
 * {@link org.soen.cloud.spi.TrainingBackendProvider#settings()} (the {@code lambdalabs} provider
 * owns {@code cloud.lambda.*}, {@code sagemaker} owns the AWS keys) and gets the same strictness:
 * types, ranges, did-you-mean, origins. Values are read with {@link CloudConfig#get(Setting)} and
 * set in code with {@link CloudConfig.Builder#set(Setting, Object)}:
 *
 * <pre>{@code
 * static final Setting<Duration> IDLE = Setting.minutes("sandbox.idle_minutes")
 *     .description("How long an idle sandbox lives")
 *     .range("0", "1440").defaultValue(Duration.ofMinutes(30)).build();
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public final class Setting<T> {
  /** Key paths: lowercase snake_case names separated by dots. */
  static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  /** How a value is written and what Java type it becomes. */
  public enum Type {
    /** Text ({@link String}). */
    TEXT(String.class, "text"),
    /** A name usable in job names and S3 keys: 1-63 letters, digits, '.', '-' or '_' ({@link String}). */
    NAME(String.class, "name"),
    /** {@code true} or {@code false} ({@link Boolean}). */
    BOOLEAN(Boolean.class, "boolean"),
    /** A whole number ({@link Integer}). */
    INTEGER(Integer.class, "whole number"),
    /** A decimal number ({@link BigDecimal}). */
    DECIMAL(BigDecimal.class, "number"),
    /** A number of hours ({@link Duration}). */
    HOURS(Duration.class, "hours"),
    /** A number of minutes ({@link Duration}). */
    MINUTES(Duration.class, "minutes"),
    /** An absolute URI with a host ({@link URI}). */
    URI(java.net.URI.class, "URI"),
    /** One of {@link Setting#choices()} ({@link String}, lowercase). */
    CHOICE(String.class, "choice"),
    /** A file path: {@code ~} is the user's home, relative paths are against the YAML's folder ({@link Path}). */
    PATH(Path.class, "path"),
    /** A list of text items ({@link List} of {@link String}). */
    LIST(List.class, "list"),
    /** A mapping of text to text ({@link Map} of {@link String} to {@link String}). */
    MAP(Map.class, "mapping"),
    /** A regular expression ({@link String}). */
    REGEX(String.class, "regular expression");

    private final Class<?> javaType;
    private final String label;

    Type(Class<?> javaType, String label) {
      this.javaType = javaType;
      this.label = label;
    }

    /** The Java type values of this type have. */
    public Class<?> javaType() {
      return javaType;
    }

    /** How the reference names the type. */
    public String label() {
      return label;
    }
  }

  private final String key;
  private final Type type;
  private final String description;
  private final String allowed;
  private final List<String> choices;
  private final Optional<BigDecimal> min;
  private final Optional<BigDecimal> max;
  private final boolean minExclusive;
  private final Optional<T> defaultValue;
  private final Optional<String> defaultText;
  private final List<String> environment;
  private final Optional<String> userConfigPath;
  private final List<String> yamlPaths;
  private final boolean secret;
  private final Optional<String> flag;
  private final Optional<String> example;
  private final List<Check<T>> checks;
  private final List<Function<String, Optional<String>>> itemChecks;

  Setting(SettingBuilder<T> b) {
    this.key = b.key;
    this.type = b.type;
    this.description = Objects.requireNonNull(b.description, () -> key + ": a description is required");
    this.choices = List.copyOf(b.choices);
    this.min = Optional.ofNullable(b.min);
    this.max = Optional.ofNullable(b.max);
    this.minExclusive = b.minExclusive;
    this.allowed = b.allowed != null ? b.allowed : defaultAllowed();
    this.defaultValue = Optional.ofNullable(b.defaultValue);
    this.defaultText = Optional.ofNullable(b.defaultText);
    this.environment = List.copyOf(b.environment);
    this.userConfigPath = Optional.ofNullable(b.userConfigPath);
    this.yamlPaths = b.yamlPaths.isEmpty() ? List.of("cloud." + key) : List.copyOf(b.yamlPaths);
    this.secret = b.secret;
    this.flag = Optional.ofNullable(b.flag);
    this.example = Optional.ofNullable(b.example);
    this.checks = List.copyOf(b.checks);
    this.itemChecks = List.copyOf(b.itemChecks);
  }

  /** Text. */
  public static SettingBuilder<String> text(String key) {
    return new SettingBuilder<>(key, Type.TEXT);
  }

  /** A name usable in job names and S3 keys. */
  public static SettingBuilder<String> name(String key) {
    return new SettingBuilder<>(key, Type.NAME);
  }

  /** {@code true} or {@code false}. */
  public static SettingBuilder<Boolean> bool(String key) {
    return new SettingBuilder<>(key, Type.BOOLEAN);
  }

  /** A whole number. */
  public static SettingBuilder<Integer> integer(String key) {
    return new SettingBuilder<>(key, Type.INTEGER);
  }

  /** A decimal number. */
  public static SettingBuilder<BigDecimal> decimal(String key) {
    return new SettingBuilder<>(key, Type.DECIMAL);
  }

  /** A duration written in hours. */
  public static SettingBuilder<Duration> hours(String key) {
    return new SettingBuilder<>(key, Type.HOURS);
  }

  /** A duration written in minutes. */
  public static SettingBuilder<Duration> minutes(String key) {
    return new SettingBuilder<>(key, Type.MINUTES);
  }

  /** An absolute URI with a host. */
  public static SettingBuilder<URI> uri(String key) {
    return new SettingBuilder<>(key, Type.URI);
  }

  /** An http or https URL (an API or endpoint soen-cloud calls). */
  public static SettingBuilder<URI> http(String key) {
    SettingBuilder<URI> b = new SettingBuilder<>(key, Type.URI);
    b.allowed("an http or https URL such as https://example.com/api");
    b.check((uri, config) -> "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())
        ? Optional.empty() : Optional.of("must be an http or https URL, was a " + uri.getScheme() + " URI"));
    return b;
  }

  /** One of {@code choices} (lowercase). */
  public static SettingBuilder<String> choice(String key, String... choices) {
    SettingBuilder<String> b = new SettingBuilder<>(key, Type.CHOICE);
    b.choices(List.of(choices));
    return b;
  }

  /** A file path. */
  public static SettingBuilder<Path> path(String key) {
    return new SettingBuilder<>(key, Type.PATH);
  }

  /** A list of text items. */
  public static SettingBuilder<List<String>> list(String key) {
    return new SettingBuilder<>(key, Type.LIST);
  }

  /** A mapping of text to text. */
  public static SettingBuilder<Map<String, String>> map(String key) {
    return new SettingBuilder<>(key, Type.MAP);
  }

  /** A regular expression. */
  public static SettingBuilder<String> regex(String key) {
    return new SettingBuilder<>(key, Type.REGEX);
  }

  /** The key path under {@code cloud.}, e.g. {@code instance.instance_type}. */
  public String key() {
    return key;
  }

  /** The type. */
  public Type type() {
    return type;
  }

  /** One line: what the setting does. */
  public String description() {
    return description;
  }

  /** What values are allowed, in words, for messages and the reference. */
  public String allowed() {
    return allowed;
  }

  /** The allowed values of a {@link Type#CHOICE}. */
  public List<String> choices() {
    return choices;
  }

  /** The smallest allowed number (hours or minutes for durations), if bounded. */
  public Optional<BigDecimal> min() {
    return min;
  }

  /** Whether {@link #min()} itself is not allowed ("more than 0"). */
  public boolean minExclusive() {
    return minExclusive;
  }

  /** The largest allowed number (hours or minutes for durations), if bounded. */
  public Optional<BigDecimal> max() {
    return max;
  }

  /** The value used when no layer sets one, if any. */
  public Optional<T> defaultValue() {
    return defaultValue;
  }

  /** How the reference describes the default when it is not a plain value, e.g. "the cheapest region". */
  public Optional<String> defaultText() {
    return defaultText;
  }

  /** Environment variables that set it, first found wins. */
  public List<String> environment() {
    return environment;
  }

  /** Its path in {@code cloud_config.yaml} (e.g. {@code aws.region}); empty when it is never saved there. */
  public Optional<String> userConfigPath() {
    return userConfigPath;
  }

  /**
   * Where it may be written in a training YAML, as paths from the document root: {@code cloud.<key>}
   * unless declared otherwise (e.g. also the flat {@code cloud.instance_type}, or
   * {@code logging.mlflow_tracking_uri}).
   */
  public List<String> yamlPaths() {
    return yamlPaths;
  }

  /** A secret: never shown, written, journaled or staged; read from the environment. */
  public boolean secret() {
    return secret;
  }

  /** The command line's override flag, e.g. {@code --max-cost-usd}, if it has one. */
  public Optional<String> flag() {
    return flag;
  }

  /** A valid value as a user writes it in YAML, for documentation and placeholders. */
  public Optional<String> example() {
    return example;
  }

  /**
   * Checks of the converted value beyond type and range (an S3 bucket's naming rules, a region):
   * each answers a message saying what is wrong and what is allowed, or empty.
   */
  public List<Check<T>> checks() {
    return checks;
  }

  /**
   * Checks of each item of a {@link Type#LIST}, or each name of a {@link Type#MAP}: a problem is
   * reported at that item (or entry), with the entry's name in the key path of a mapping.
   */
  public List<Function<String, Optional<String>>> itemChecks() {
    return itemChecks;
  }

  /**
   * A check of a converted value, run once every value is read, before anything is sent anywhere.
   *
   * @param <T> the value type
   */
  @FunctionalInterface
  public interface Check<T> {
    /** A message saying what is wrong with {@code value} and what is allowed, or empty when fine. */
    Optional<String> check(T value, CloudConfig config);
  }

  /** A duration in this setting's unit (hours, or minutes for {@link Type#MINUTES}), as YAML writes it. */
  public BigDecimal amount(Duration duration) {
    long unit = type == Type.MINUTES ? 60 : 3600;
    return BigDecimal.valueOf(duration.toSeconds())
        .divide(BigDecimal.valueOf(unit), 10, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
  }

  /** A value as {@code config show} and the reference show it: durations in the setting's unit. */
  public String display(Object value) {
    return value instanceof Duration d ? amount(d).toPlainString() : String.valueOf(value);
  }

  /** The value type's Java class. */
  @SuppressWarnings("unchecked")
  public Class<T> javaType() {
    return (Class<T>) type.javaType();
  }

  private String defaultAllowed() {
    StringBuilder b = new StringBuilder(switch (type) {
      case TEXT -> "text";
      case NAME -> "1-63 letters, digits, '.', '-' or '_', starting with a letter or digit";
      case BOOLEAN -> "true or false";
      case INTEGER -> "a whole number";
      case DECIMAL -> "a number";
      case HOURS -> "hours";
      case MINUTES -> "minutes";
      case URI -> "an absolute URI such as https://example.com";
      case CHOICE -> "one of " + String.join(", ", choices);
      case PATH -> "a file path";
      case LIST -> "a list of text items";
      case MAP -> "a mapping of names to text";
      case REGEX -> "a regular expression";
    });
    if (min.isPresent() && max.isPresent()) {
      b.append(minExclusive ? ", more than " : ", from ").append(min.get().toPlainString())
          .append(minExclusive ? " and at most " : " to ").append(max.get().toPlainString());
    } else if (min.isPresent()) {
      b.append(minExclusive ? ", more than " : ", at least ").append(min.get().toPlainString());
    } else if (max.isPresent()) {
      b.append(", at most ").append(max.get().toPlainString());
    }
    return b.toString();
  }

  /** Settings are equal when their keys are: one key, one declaration. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Setting<?> s && s.key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "cloud." + key;
  }
}
