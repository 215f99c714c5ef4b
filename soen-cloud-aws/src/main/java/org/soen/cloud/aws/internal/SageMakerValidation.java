package org.soen.cloud.aws.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.PricingCatalog;

/** Client-side checks of everything SageMaker would reject later, with the fix in each message. */
public final class SageMakerValidation {
  /** SageMaker's training job name pattern. */
  public static final Pattern JOB_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");
  /** SageMaker's role ARN pattern. */
  public static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$");
  static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
  static final Pattern ENV_KEY = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]{0,511}$");
  static final Pattern ECR_IMAGE = Pattern.compile(
      "^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})?$");
  /** Instance types SageMaker training accepts (beside those in the pricing catalog). */
  static final Set<String> INSTANCE_TYPES = Set.of(
      "ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge", "ml.m5.4xlarge", "ml.c5.xlarge", "ml.c5.2xlarge",
      "ml.g4dn.xlarge", "ml.g4dn.2xlarge", "ml.g4dn.12xlarge", "ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.4xlarge",
      "ml.g5.12xlarge", "ml.g5.48xlarge", "ml.p3.2xlarge", "ml.p3.8xlarge", "ml.p3.16xlarge", "ml.p4d.24xlarge",
      "ml.p5.48xlarge", "ml.g6.xlarge", "ml.g6.12xlarge", "ml.trn1.32xlarge");
  static final int MAX_ENVIRONMENT = 100;
  static final int MAX_ENV_VALUE = 512;
  static final int MAX_TAGS = 50;

  private SageMakerValidation() {}

  /** Every problem with {@code config} for SageMaker; {@code env} supplies the region fallbacks. */
  public static List<ConfigProblem> validate(CloudConfig config, Map<String, String> env, PricingCatalog pricing) {
    List<ConfigProblem> problems = new ArrayList<>();
    Optional<String> role = config.role();
    if (role.isEmpty()) {
      problems.add(problem("cloud.role", "required for SageMaker: set cloud.role or SOEN_SM_ROLE to the execution "
          + "role ARN, e.g. arn:aws:iam::123456789012:role/SageMakerRole"));
    } else if (!ROLE_ARN.matcher(role.get()).matches()) {
      problems.add(problem("cloud.role", "must be an IAM role ARN like arn:aws:iam::123456789012:role/SageMakerRole "
          + "(pattern " + ROLE_ARN.pattern() + "), was \"" + role.get() + "\""));
    }
    Optional<String> bucket = config.bucket();
    if (bucket.isEmpty()) {
      problems.add(problem("cloud.bucket", "required for SageMaker: set cloud.bucket or SOEN_SM_BUCKET to the S3 "
          + "bucket that stages configs, data and output"));
    } else if (!BUCKET.matcher(bucket.get()).matches() || bucket.get().contains("..")) {
      problems.add(problem("cloud.bucket", "must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots "
          + "and hyphens, starting and ending with a letter or digit, was \"" + bucket.get() + "\""));
    }
    if (config.region().isEmpty() && blank(env.get("AWS_REGION")) && blank(env.get("AWS_DEFAULT_REGION"))) {
      problems.add(problem("cloud.region", "no AWS region: set cloud.region (e.g. us-east-1) or AWS_REGION"));
    }
    String imageKey = "cloud.docker_image_" + config.backend().configName();
    String imageEnv = "SOEN_DOCKER_" + config.backend().name();
    if (config.dockerImage().isEmpty()) {
      problems.add(problem(imageKey, "required for SageMaker with backend " + config.backend().configName()
          + ": set " + imageKey + " or " + imageEnv + " to the training image URI, e.g. "
          + "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker"));
    } else {
      String image = config.dockerImage().get();
      if (image.length() > 255 || image.chars().anyMatch(Character::isWhitespace)) {
        problems.add(problem(imageKey, "must be an image URI of at most 255 characters without spaces, was \"" + image + "\""));
      }
    }
    config.instance().instanceType().ifPresent(type -> {
      Set<String> known = knownTypes(pricing);
      if (!known.contains(type)) {
        problems.add(problem("cloud.instance.instance_type", "unknown SageMaker training instance type \"" + type
            + "\"" + didYouMean(type, known) + "; allowed: " + String.join(", ", known.stream().sorted().toList())));
      }
    });
    Map<String, String> environment = environment(config);
    if (environment.size() > MAX_ENVIRONMENT) {
      problems.add(problem("cloud.environment", "SageMaker allows at most " + MAX_ENVIRONMENT
          + " environment variables (including MLflow settings and secrets), found " + environment.size()));
    }
    // Keys only: values may be secrets and never appear in messages.
    environment.forEach((k, v) -> {
      if (!ENV_KEY.matcher(k).matches()) {
        problems.add(problem("cloud.environment." + k, "environment variable names must match [a-zA-Z_][a-zA-Z0-9_]* "
            + "and be at most 512 characters"));
      } else if (v.length() > MAX_ENV_VALUE) {
        problems.add(problem("cloud.environment." + k, "SageMaker allows at most " + MAX_ENV_VALUE
            + " characters per environment value, found " + v.length()));
      }
    });
    if (config.tags().size() + 3 > MAX_TAGS) {
      problems.add(problem("cloud.tags", "SageMaker allows at most " + MAX_TAGS + " tags and soen-cloud adds 3; found "
          + config.tags().size()));
    }
    config.tags().forEach((k, v) -> {
      if (k.isEmpty() || k.length() > 128 || v.length() > 256 || k.startsWith("aws:")) {
        problems.add(problem("cloud.tags." + k, "tag keys must be 1 to 128 characters, not start with aws:, "
            + "and values at most 256 characters"));
      }
    });
    config.data().filter(d -> !d.startsWith("s3://")).ifPresent(d -> {
      java.nio.file.Path local = config.baseDirectory().resolve(d).normalize();
      if (!java.nio.file.Files.exists(local)) {
        problems.add(problem("cloud.data", "data path \"" + d + "\" (" + local + ") does not exist; give a local "
            + "folder or file relative to " + config.baseDirectory() + ", or an s3:// URI"));
      }
    });
    config.data().filter(d -> d.startsWith("s3://")).ifPresent(d -> {
      String rest = d.substring(5);
      String b = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
      if (!BUCKET.matcher(b).matches()) {
        problems.add(problem("cloud.data", "must be s3://<bucket>/<prefix> with a valid bucket name, was \"" + d + "\""));
      }
    });
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

  static Set<String> knownTypes(PricingCatalog pricing) {
    Set<String> known = new LinkedHashSet<>(INSTANCE_TYPES);
    known.addAll(pricing.instanceTypes("sagemaker"));
    return known;
  }

  static String didYouMean(String type, Set<String> known) {
    return known.stream().min(Comparator.comparingInt(k -> distance(k, type)))
        .filter(k -> distance(k, type) <= 3).map(k -> " (did you mean " + k + "?)").orElse("");
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
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static ConfigProblem problem(String key, String message) {
    return ConfigProblem.builder().source("config").keyPath(key).message(message).build();
  }
}
