package org.soen.cloud.testkit.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.InstancePrice;

/**
 * The provider-specific checks a fake applies, the same ones the real provider with the same id
 * applies, so that a config the fake accepts is one the real provider accepts too. Not API.
 */
public final class FakeValidation {
  /** SageMaker's pattern for an execution role ARN. */
  static final Pattern ROLE_ARN =
      Pattern.compile("^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$");

  private FakeValidation() {}

  /**
   * Every problem with {@code config} for the provider {@code providerId}.
   *
   * @param instanceTypes the instance types the provider offers, with prices
   * @param defaultInstanceType the type used when the config names none
   */
  public static List<ConfigProblem> validate(String providerId, CloudConfig config,
      List<InstancePrice> instanceTypes, String defaultInstanceType) {
    List<ConfigProblem> problems = new ArrayList<>();
    String type = config.instance().instanceType().orElse(defaultInstanceType);
    Optional<InstancePrice> price = instanceTypes.stream()
        .filter(p -> p.instanceType().equals(type)).findFirst();
    if (price.isEmpty()) {
      problems.add(problem("cloud.instance.instance_type", unknownType(providerId, type,
          instanceTypes)));
    } else if (config.instance().useSpot() && price.get().spotHourlyUsd().isEmpty()) {
      problems.add(problem("cloud.instance.use_spot", "provider " + providerId
          + " has no spot price for " + type + "; set use_spot: false"));
    }
    boolean sagemaker = providerId.equals("sagemaker");
    if (!sagemaker && config.command().isEmpty()) {
      problems.add(problem("cloud.command", "is required for provider " + providerId
          + ": the command that trains, as a list, e.g. [python, train.py]"));
    }
    if (sagemaker) {
      if (config.role().isEmpty()) {
        problems.add(problem("cloud.role", "is required for provider sagemaker: set cloud.role"
            + " or SOEN_SM_ROLE to the execution role ARN, e.g."
            + " arn:aws:iam::123456789012:role/SageMakerRole"));
      } else if (!ROLE_ARN.matcher(config.role().get()).matches()) {
        problems.add(problem("cloud.role", "must be an IAM role ARN like"
            + " arn:aws:iam::123456789012:role/SageMakerRole, was " + config.role().get()));
      }
      if (config.bucket().isEmpty()) {
        problems.add(problem("cloud.bucket", "is required for provider sagemaker: set"
            + " cloud.bucket or SOEN_SM_BUCKET to the staging bucket"));
      }
    }
    config.data().ifPresent(data -> {
      if (DataFiles.isRemote(data)) {
        if (!sagemaker || !data.startsWith("s3://")) {
          problems.add(problem("cloud.data", "remote data " + data + " works only with provider"
              + " sagemaker and s3:// URIs; give a local folder or file"));
        }
      } else {
        Path local = DataFiles.localRoot(config).orElseThrow();
        if (!Files.exists(local)) {
          problems.add(problem("cloud.data", "no such file or folder: " + local));
        }
      }
    });
    return List.copyOf(problems);
  }

  private static String unknownType(String providerId, String type, List<InstancePrice> known) {
    List<String> names = known.stream().map(InstancePrice::instanceType).sorted().toList();
    StringBuilder m = new StringBuilder("unknown instance type \"").append(type)
        .append("\" for provider ").append(providerId).append("; allowed: ")
        .append(names.isEmpty() ? "(none in the pricing catalog)" : String.join(", ", names));
    names.stream().min(Comparator.comparingInt(n -> distance(n, type)))
        .filter(n -> distance(n, type) <= Math.max(2, type.length() / 3))
        .ifPresent(n -> m.append(" (did you mean ").append(n).append("?)"));
    return m.toString();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static ConfigProblem problem(String keyPath, String message) {
    return ConfigProblem.builder().source("config").keyPath(keyPath).message(message).build();
  }
}
