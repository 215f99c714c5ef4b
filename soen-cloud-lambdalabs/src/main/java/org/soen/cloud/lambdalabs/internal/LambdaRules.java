package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.soen.cloud.spi.DidYouMean;

/**
 * What Lambda Cloud's API accepts (regions, tag keys, instance type names), read from the one
 * resource that records it from the published API description, {@code lambda-api-rules.properties}.
 * Checks answer a message saying what is allowed, or empty.
 */
public final class LambdaRules {
  private static final String RESOURCE = "/org/soen/cloud/lambdalabs/lambda-api-rules.properties";
  private static final Properties RULES = load();

  /** The region codes the API accepts. */
  public static final List<String> REGIONS = List.of(RULES.getProperty("regions").split(","));
  /** Tag keys the API accepts. */
  public static final Pattern TAG_KEY = Pattern.compile(RULES.getProperty("tag_key_pattern"));
  /** The shape of instance type names. */
  public static final Pattern INSTANCE_TYPE = Pattern.compile(RULES.getProperty("instance_type_pattern"));

  private LambdaRules() {}

  /** A region the API knows, or a message with a did-you-mean. */
  public static Optional<String> region(String region) {
    return REGIONS.contains(region) ? Optional.empty()
        : Optional.of("is not a Lambda Cloud region" + DidYouMean.suggest(region, REGIONS) + "; regions: "
            + String.join(", ", REGIONS.stream().sorted().toList()));
  }

  /** A tag key the API accepts, or a message saying its pattern. */
  public static Optional<String> tagKey(String key) {
    return TAG_KEY.matcher(key).matches() ? Optional.empty()
        : Optional.of("Lambda Cloud tag keys must match " + TAG_KEY.pattern()
            + " (lowercase letters, digits, '-' and ':', starting with a letter), was \"" + key + "\"");
  }

  /**
   * An instance type that can be sent: of the API's shape, and not a near miss of a known type
   * ({@code known}, the catalog's), which would be a typo. A type of the right shape far from every
   * known one may be newer than the catalog; the live instance-types list decides it later.
   */
  public static Optional<String> instanceType(String type, List<String> known) {
    if (known.contains(type)) {
      return Optional.empty();
    }
    String list = "; known: " + String.join(", ", known.stream().sorted().toList());
    if (!INSTANCE_TYPE.matcher(type).matches()) {
      return Optional.of("\"" + type + "\" is not a Lambda Cloud instance type (they look like gpu_1x_a10)"
          + DidYouMean.suggest(type, known) + list);
    }
    return DidYouMean.closest(type, known).map(close -> "unknown instance type \"" + type
        + "\"; did you mean " + close + "?" + list);
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = LambdaRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " in the lambdalabs jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return p;
  }
}
