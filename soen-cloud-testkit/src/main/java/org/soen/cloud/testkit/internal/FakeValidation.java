package org.soen.cloud.testkit.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.InstancePrice;

/**
 * The provider-specific checks a fake applies: the ones the real provider with the same id applies
 * in its {@code validate}, so that a config the fake accepts is one the real provider accepts.
 * The trainer adds the general checks (catalog instance types, data, budget) for every provider.
 * Not API.
 */
public final class FakeValidation {
  /** SageMaker's pattern for an execution role ARN. */
  static final Pattern ROLE_ARN =
      Pattern.compile("^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$");

  private FakeValidation() {}

  /**
   * Every provider-specific problem with {@code config} for the provider {@code providerId}.
   *
   * @param ownTypes the instance types the fake itself prices (the trainer does not know them)
   * @param catalogTypes the catalog's rows for {@code providerId}
   * @param defaultInstanceType the type used when the config names none
   */
  public static List<ConfigProblem> validate(String providerId, CloudConfig config,
      Map<String, InstancePrice> ownTypes, List<InstancePrice> catalogTypes,
      String defaultInstanceType) {
    List<ConfigProblem> problems = new ArrayList<>();
    String source = config.sourceFile().map(Path::toString).orElse("config");
    String type = config.instance().instanceType().orElse(defaultInstanceType);
    boolean local = providerId.equals("local");
    boolean sagemaker = providerId.equals("sagemaker");
    if (!local && catalogTypes.isEmpty() && !ownTypes.containsKey(type)) {
      List<String> known = ownTypes.keySet().stream().sorted().toList();
      problems.add(problem(source, "cloud.instance.instance_type", "unknown instance type \""
          + type + "\" for " + providerId + didYouMean(type, known) + "; known: "
          + String.join(", ", known)));
    }
    if (!local && config.instance().useSpot()) {
      boolean spotPriced = ownTypes.containsKey(type)
          ? ownTypes.get(type).spotHourlyUsd().isPresent()
          : catalogTypes.stream().anyMatch(p -> p.instanceType().equals(type)
              && p.spotHourlyUsd().isPresent());
      boolean typeKnown = ownTypes.containsKey(type)
          || catalogTypes.stream().anyMatch(p -> p.instanceType().equals(type));
      if (typeKnown && !spotPriced) {
        problems.add(problem(source, "cloud.instance.use_spot", providerId
            + " has no spot market for " + type + "; set use_spot: false"));
      }
    }
    if (!sagemaker && config.command().isEmpty()) {
      problems.add(problem(source, "cloud.command", "the " + providerId + " provider runs this"
          + " command and it is not set; e.g. command: [python, train.py]"));
    }
    if (sagemaker) {
      Optional<String> role = declared(config, "role");
      if (role.isEmpty()) {
        problems.add(problem(source, "cloud.role", "is required for sagemaker: set cloud.role or"
            + " SOEN_SM_ROLE to the execution role ARN, e.g."
            + " arn:aws:iam::123456789012:role/SageMakerRole"));
      } else if (!ROLE_ARN.matcher(role.get()).matches()) {
        problems.add(problem(source, "cloud.role", "must be an IAM role ARN like"
            + " arn:aws:iam::123456789012:role/SageMakerRole, was " + role.get()));
      }
      if (declared(config, "bucket").isEmpty()) {
        problems.add(problem(source, "cloud.bucket", "is required for sagemaker: set cloud.bucket"
            + " or SOEN_SM_BUCKET to the staging bucket"));
      }
    }
    return List.copyOf(problems);
  }

  /**
   * The value of the setting declared as {@code key} by whichever provider jar declares it (the
   * testkit does not depend on the providers); empty when none does or it is not set.
   */
  static Optional<String> declared(CloudConfig config, String key) {
    return config.settingValues().entrySet().stream().filter(e -> e.getKey().key().equals(key))
        .map(e -> String.valueOf(e.getValue())).findFirst();
  }

  /** The trainer's own did-you-mean, so the fake's messages match the real ones word for word. */
  static String didYouMean(String given, Collection<String> candidates) {
    return org.soen.cloud.spi.DidYouMean.suggest(given, candidates);
  }

  private static ConfigProblem problem(String source, String keyPath, String message) {
    return ConfigProblem.builder().source(source).keyPath(keyPath).message(message).build();
  }
}
