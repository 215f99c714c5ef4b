package org.soen.cloud.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.Setting;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.aws.rules.ServiceRules;
import org.soen.cloud.aws.rules.Violation;
import org.soen.cloud.aws.rules.Violation.Rule;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;

/**
 * Checks the {@code CreateTrainingJob} request a config would send against SageMaker's published
 * model ({@link ServiceRules}), counting what soen-cloud adds itself (its {@code SOEN_*}
 * environment entries and {@code soen:*} tags), before anything is uploaded. Each violation is
 * reported at the user's setting it comes from; values never appear in messages (they may be
 * secrets).
 */
final class SageMakerRequestRules {
  /** The rules from AWS's published models, shared with the testkit's fake. */
  static final ServiceRules RULES = ServiceRules.load();
  /** A job name of the longest length SageMaker accepts, so every length is checked at its worst. */
  static final String LONGEST_JOB_NAME = "soen-" + "x".repeat(58);
  /** A region name as long as AWS's (for the length of SOEN_SECRET_REGION). */
  private static final String LONGEST_REGION = "ap-southeast-5";
  /** A journal identity as a {@code FileJobJournal} makes them (16 hex digits), for the owner tag's length. */
  /** A journal owner id as {@code JobJournal.owner()} makes them, for the sample requests checked against the models. */
  static final String SAMPLE_OWNER = "0123456789abcdef";
  private static final Instant SAMPLE_TIME = Instant.parse("2026-01-01T00:00:00Z");
  private static final Map<String, String> MLFLOW_ENV = Map.of("MLFLOW_TRACKING_URI", "cloud.mlflow.tracking_uri",
      "MLFLOW_EXPERIMENT_NAME", "cloud.mlflow.experiment_name", "MLFLOW_TRACKING_USERNAME", "cloud.mlflow.username",
      "MLFLOW_TRACKING_PASSWORD", "cloud.mlflow.password", "SOEN_MLFLOW_ACTIVE", "cloud.mlflow.active");

  private SageMakerRequestRules() {}

  /**
   * The problems of the request {@code config} would send. A missing role, bucket or image is
   * reported on its own; the rest of the request is still checked, with their examples in their place.
   */
  static List<ConfigProblem> problems(CloudConfig config) {
    CloudConfig complete = withExample(withExample(withExample(config, SageMakerSettings.ROLE), SageMakerSettings.BUCKET),
        SageMakerSettings.imageSetting(config.framework()));
    String bucket = complete.get(SageMakerSettings.BUCKET).orElseThrow();
    CreateTrainingJobRequest request = JobSecrets.apply(
        SageMakerBackend.createRequest(LONGEST_JOB_NAME, SAMPLE_OWNER, complete, sampleStaging(complete, bucket)), complete,
        LONGEST_JOB_NAME, complete.get(SageMakerSettings.REGION).orElse(LONGEST_REGION));
    return problems(complete, request);
  }

  private static CloudConfig withExample(CloudConfig config, Setting<String> setting) {
    return config.get(setting).isPresent() ? config : config.toBuilder().set(setting, setting.example().orElseThrow()).build();
  }

  /** The problems of {@code request}, built from {@code config}, each at the setting it comes from. */
  static List<ConfigProblem> problems(CloudConfig config, CreateTrainingJobRequest request) {
    JsonNode json = SdkJson.of(request);
    Map<String, ConfigProblem> out = new LinkedHashMap<>();
    for (Violation v : RULES.check("sagemaker", "CreateTrainingJob", json)) {
      ConfigProblem p = problem(config, request, json, v);
      out.putIfAbsent(p.keyPath() + "|" + p.message(), p);
    }
    return List.copyOf(out.values());
  }

  private static S3Stager.Staged sampleStaging(CloudConfig config, String bucket) {
    String prefix = S3Keys.jobPrefix(config.project(), config.experiment(), LONGEST_JOB_NAME, SAMPLE_TIME);
    Optional<String> data = config.data().map(d -> d.startsWith("s3://") ? d : "s3://" + bucket + "/" + prefix + "data/manifest.json");
    boolean manifest = config.data().filter(d -> !d.startsWith("s3://")).isPresent();
    return new S3Stager.Staged(bucket, prefix, data, manifest, 0, 0, false);
  }

  private static ConfigProblem problem(CloudConfig config, CreateTrainingJobRequest request, JsonNode json, Violation v) {
    String top = v.members().isEmpty() ? "" : v.members().get(0);
    String key;
    String what;
    switch (top) {
      case "Environment" -> {
        if (v.mapKey().isPresent()) {
          key = environmentOrigin(config, v.mapKey().get());
          what = "environment variable " + v.mapKey().get() + (v.part() == Violation.Part.MAP_KEY ? " (its name)" : "");
        } else {
          key = "cloud.environment";
          what = "the job's environment (" + environmentCount(config, request) + ")";
        }
      }
      case "Tags" -> {
        key = v.index() < 0 ? "cloud.tags" : tagOrigin(config, request, json.path("Tags").path(v.index()).path("Key").asText(), v);
        what = v.index() < 0 ? "the job's tags (" + config.tags().size() + " from cloud.tags and "
            + ownTagKeys(config, request).size() + " soen-cloud adds: " + String.join(", ", ownTagKeys(config, request)) + ")"
            : v.rule() == Rule.UNIQUE ? "tag key " + v.mapKey().orElse("")
            : "tag " + json.path("Tags").path(v.index()).path("Key").asText() + " (" + v.member().toLowerCase(java.util.Locale.ROOT) + ")";
      }
      case "AlgorithmSpecification" -> {
        switch (v.member()) {
          case "ContainerEntrypoint" -> {
            key = "cloud.command[0]";
            what = "the command's program";
          }
          case "ContainerArguments" -> {
            key = v.index() < 0 ? "cloud.command" : "cloud.command[" + (v.index() + 1) + "]";
            what = v.index() < 0 ? "the command's arguments (after the program)" : "command argument " + (v.index() + 1);
          }
          default -> {
            key = "cloud." + SageMakerSettings.imageSetting(config.framework()).key();
            what = "the training image";
          }
        }
      }
      case "ResourceConfig" -> {
        key = switch (v.member()) {
          case "InstanceCount" -> "cloud.instance.instance_count";
          case "VolumeSizeInGB" -> "cloud.instance.volume_size_gb";
          default -> "cloud.instance.instance_type";
        };
        what = key.substring(key.lastIndexOf('.') + 1);
      }
      case "StoppingCondition" -> {
        key = "MaxWaitTimeInSeconds".equals(v.member()) ? "cloud.instance.max_wait_hours" : "cloud.instance.max_runtime_hours";
        what = key.substring(key.lastIndexOf('.') + 1) + " (in seconds)";
      }
      case "RoleArn" -> {
        key = "cloud.role";
        what = "the role ARN";
      }
      case "TrainingJobName" -> {
        key = "job_name";
        what = "the job name";
      }
      case "InputDataConfig" -> {
        key = config.data().filter(d -> d.startsWith("s3://")).isPresent() ? "cloud.data" : "cloud.bucket";
        what = "the data channel's S3 URI";
      }
      default -> {
        key = "cloud.bucket";
        what = "the S3 URI under s3://<cloud.bucket>/soen/<project>/<experiment>/ (" + String.join(".", v.members()) + ")";
      }
    }
    String message = what + ": SageMaker's CreateTrainingJob accepts " + v.allowed() + hint(v, ownTagKeys(config, request))
        + " (AWS service model, " + String.join(".", v.members()) + ")";
    return ConfigProblem.builder().source("config").keyPath(key).message(message).build();
  }

  private static String hint(Violation v, List<String> ownTags) {
    if (v.rule() == Rule.PATTERN && "Tags".equals(v.members().get(0))) {
      return ", i.e. letters, digits, spaces and _ . : / = + - @ (no ',' or '#')";
    }
    if (v.rule() == Rule.UNIQUE) {
      return "; soen-cloud sets " + String.join(", ", ownTags) + " itself, so use another key";
    }
    return "";
  }

  private static String environmentOrigin(CloudConfig config, String name) {
    if (config.secretEnvironment().containsKey(name)) {
      return "cloud.secret_env";
    }
    if (config.environment().containsKey(name)) {
      return "cloud.environment." + name;
    }
    return MLFLOW_ENV.getOrDefault(name, "cloud.environment");
  }

  private static String tagOrigin(CloudConfig config, CreateTrainingJobRequest request, String tagKey, Violation v) {
    if (v.rule() != Rule.UNIQUE && v.index() < ownTagKeys(config, request).size()) {
      String value = request.tags().get(v.index()).value();
      return value.equals(config.project()) ? "cloud.project" : value.equals(config.experiment()) ? "cloud.experiment" : "cloud.tags";
    }
    return "cloud.tags." + (v.rule() == Rule.UNIQUE ? v.mapKey().orElse(tagKey) : tagKey);
  }

  /** The keys of the tags soen-cloud adds itself: those before the user's {@code cloud.tags}. */
  private static List<String> ownTagKeys(CloudConfig config, CreateTrainingJobRequest request) {
    return request.tags().subList(0, request.tags().size() - config.tags().size()).stream()
        .map(software.amazon.awssdk.services.sagemaker.model.Tag::key).toList();
  }

  private static String environmentCount(CloudConfig config, CreateTrainingJobRequest request) {
    Set<String> ours = new TreeSet<>(request.environment().keySet());
    int user = 0;
    int secrets = 0;
    int mlflow = 0;
    for (String k : request.environment().keySet()) {
      if (config.secretEnvironment().containsKey(k)) {
        secrets++;
      } else if (config.environment().containsKey(k)) {
        user++;
      } else if (MLFLOW_ENV.containsKey(k)) {
        mlflow++;
      } else {
        continue;
      }
      ours.remove(k);
    }
    List<String> parts = new ArrayList<>();
    parts.add(request.environment().size() + " entries: " + user + " from cloud.environment");
    if (secrets > 0) {
      parts.add(secrets + " from cloud.secret_env");
    }
    if (mlflow > 0) {
      parts.add(mlflow + " from cloud.mlflow");
    }
    parts.add(ours.size() + " soen-cloud adds " + ours);
    return String.join(", ", parts);
  }
}
