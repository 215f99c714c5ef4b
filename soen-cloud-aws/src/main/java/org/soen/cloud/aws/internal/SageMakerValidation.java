package org.soen.cloud.aws.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.Setting;
import org.soen.cloud.aws.SageMakerSettings;

/**
 * Client-side checks of everything SageMaker would reject later, with the fix in each message.
 * Values' own forms (region, role ARN, bucket, image URI) are checked by their declarations in
 * {@link SageMakerSettings} while the config is read; this adds what needs the whole config:
 * required settings, instance types, and (through {@link SageMakerRequestRules}) every constraint
 * SageMaker's published model puts on the request, counting what soen-cloud adds.
 */
public final class SageMakerValidation {
  /** SageMaker's training job name pattern, from its published model. */
  public static final Pattern JOB_NAME = SageMakerRequestRules.RULES.pattern("sagemaker", "TrainingJobName").orElseThrow();

  private SageMakerValidation() {}

  /** Every problem with {@code config} for SageMaker; {@code env} supplies the region fallbacks. */
  public static List<ConfigProblem> validate(CloudConfig config, Map<String, String> env, PricingCatalog pricing) {
    List<ConfigProblem> problems = new ArrayList<>(requiredForSubmit(config));
    problems.addAll(validateForEstimate(config, env));
    return problems;
  }

  /**
   * The problems an estimate cares about: everything but the settings only a submission needs
   * (role, bucket, image), so a price can be had before an account is set up.
   */
  public static List<ConfigProblem> validateForEstimate(CloudConfig config, Map<String, String> env) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (config.get(SageMakerSettings.REGION).isEmpty() && blank(env.get("AWS_REGION"))
        && blank(env.get("AWS_DEFAULT_REGION"))) {
      problems.add(missing("cloud.region", "no AWS region: set cloud.region (e.g. us-east-1) or AWS_REGION"));
    }
    config.instance().instanceType().flatMap(AwsNameRules::instanceType)
        .ifPresent(why -> problems.add(problem("cloud.instance.instance_type", why)));
    config.tags().keySet().stream().filter(k -> k.regionMatches(true, 0, "aws:", 0, 4)).forEach(k ->
        problems.add(problem("cloud.tags." + k, "tag keys starting with aws: are reserved for AWS; use another key")));
    // Counts, lengths, patterns and ranges of the request itself, ours included, from SageMaker's model;
    // a setting already reported above (with its did-you-mean) is not reported twice.
    Set<String> reported = new java.util.HashSet<>();
    problems.forEach(p -> reported.add(p.keyPath()));
    SageMakerRequestRules.problems(config).stream().filter(p -> !reported.contains(p.keyPath())).forEach(problems::add);
    problems.addAll(JobSecrets.problems(config));
    config.data().filter(d -> d.startsWith("s3://")).ifPresent(d -> {
      String rest = d.substring(5);
      String b = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
      AwsNameRules.bucketName(b).ifPresent(why ->
          problems.add(problem("cloud.data", "must be s3://<bucket>/<prefix> with a valid bucket: " + why)));
    });
    return problems;
  }

  /** The settings a submission needs and an estimate does not: role, bucket and the backend's image. */
  private static List<ConfigProblem> requiredForSubmit(CloudConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (config.get(SageMakerSettings.ROLE).isEmpty()) {
      problems.add(missing("cloud.role", "required for SageMaker: set cloud.role or SOEN_SM_ROLE to the execution "
          + "role ARN, e.g. arn:aws:iam::123456789012:role/SageMakerRole"));
    }
    if (config.get(SageMakerSettings.BUCKET).isEmpty()) {
      problems.add(missing("cloud.bucket", "required for SageMaker: set cloud.bucket or SOEN_SM_BUCKET to the S3 "
          + "bucket that stages configs, data and output"));
    }
    Setting<String> image = SageMakerSettings.imageSetting(config.framework());
    if (config.get(image).isEmpty()) {
      problems.add(missing("cloud." + image.key(), "required for SageMaker with backend "
          + config.framework().configName() + ": set cloud." + image.key() + " or " + image.environment().get(0)
          + " to the training image URI, e.g. 763104351884.dkr.ecr.us-east-1.amazonaws.com/"
          + "pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker"));
    }
    return problems;
  }

  /** The job's environment: user settings, MLflow settings and secrets (secrets last, never logged). */
  public static Map<String, String> environment(CloudConfig config) {
    Map<String, String> env = new java.util.TreeMap<>(config.environment());
    var mlflow = config.mlflow();
    mlflow.trackingUri().ifPresent(u -> env.put("MLFLOW_TRACKING_URI", u));
    mlflow.experimentName().ifPresent(u -> env.put("MLFLOW_EXPERIMENT_NAME", u));
    mlflow.username().ifPresent(u -> env.put("MLFLOW_TRACKING_USERNAME", u));
    mlflow.password().ifPresent(u -> env.put("MLFLOW_TRACKING_PASSWORD", u));
    if (mlflow.active()) {
      env.put("SOEN_MLFLOW_ACTIVE", "true");
    }
    env.putAll(config.secretEnvironment());
    return env;
  }

  /** The secret values of {@code config}, to make sure none is staged. */
  public static Set<String> secrets(CloudConfig config) {
    Set<String> out = new LinkedHashSet<>(config.secretEnvironment().values());
    config.mlflow().password().ifPresent(out::add);
    out.removeIf(s -> s.length() < 4);
    return out;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static ConfigProblem problem(String key, String message) {
    return ConfigProblem.builder().source("config").keyPath(key).message(message).build();
  }

  private static ConfigProblem missing(String key, String message) {
    return ConfigProblem.builder().source("config").keyPath(key).message(message)
        .code(ConfigProblem.CODE_MISSING).build();
  }
}
