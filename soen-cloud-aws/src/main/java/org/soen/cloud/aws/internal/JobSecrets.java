package org.soen.cloud.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.JobState;
import org.soen.cloud.ReapReport;
import org.soen.cloud.aws.rules.Violation;
import org.soen.cloud.spi.JobJournal;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * {@code cloud.secrets: secrets_manager}: a job's {@code secret_env} values and MLflow password kept
 * in one AWS Secrets Manager secret ({@code soen-cloud/<job>}, tagged with the job and the journal
 * that submitted it, {@value SageMakerRequests#OWNER_TAG}) instead of the
 * job's {@code Environment}, which {@code DescribeTrainingJob} and the console show to anyone who
 * may read the job.
 *
 * <p>How the job gets them: the config channel also carries {@code soen-entry.sh}; the container's
 * entry point becomes {@code sh /opt/ml/input/data/config/soen-entry.sh <command...>}, which reads
 * the secret named by {@code SOEN_SECRET_ID} in {@code SOEN_SECRET_REGION} with python's boto3,
 * exports its entries and execs the command. The image needs {@code /bin/sh} and python with boto3
 * (the AWS Deep Learning Containers have both); the execution role needs
 * {@code secretsmanager:GetSecretValue} on {@code secret:soen-cloud/*}. The secret is deleted
 * (without a recovery window) once the job has ended, and by {@code reap}: only a secret of this
 * journal (its owner tag, or, for a secret made before secrets carried one, a job this journal
 * knows), and one whose job does not exist only once it is older than {@link #GRACE}, so that a
 * submission between creating its secret and its job, in another terminal or by a teammate sharing
 * the account, never loses its secret.
 */
final class JobSecrets {
  /** The value of {@code cloud.secrets} that keeps secrets in Secrets Manager. */
  static final String SECRETS_MANAGER = "secrets_manager";
  /** Where the wrapper is in the container: the config channel. */
  static final String WRAPPER_PATH = "/opt/ml/input/data/config/soen-entry.sh";
  /** The wrapper's name next to the staged config. */
  static final String WRAPPER_NAME = "soen-entry.sh";
  /** The tag that names the job a secret belongs to. */
  static final String JOB_TAG = "soen:job";
  /** The tag that marks what soen-cloud made. */
  static final String TOOL_TAG = "soen:tool";
  private static final String NAME_PREFIX = "soen-cloud/";
  /** How old a secret whose job does not exist must be before {@code reap} deletes it. */
  static final Duration GRACE = Duration.ofHours(1);
  /** The journal's provider-state entry of the secret: creating, created, deleted. */
  private static final String STATE = "secret";
  private static final String MLFLOW_PASSWORD = "MLFLOW_TRACKING_PASSWORD";
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobSecrets() {}

  /** Whether {@code config} keeps its secrets in Secrets Manager. */
  static boolean inSecretsManager(CloudConfig config) {
    return config.get(SageMakerSettings.SECRETS).map(SECRETS_MANAGER::equals).orElse(false);
  }

  /** The secret's name for {@code job}. */
  static String secretName(String job) {
    return NAME_PREFIX + job;
  }

  /** The secret values of {@code config} by variable name: {@code secret_env} and the MLflow password. */
  static Map<String, String> values(CloudConfig config) {
    Map<String, String> out = new TreeMap<>(config.secretEnvironment());
    config.mlflow().password().ifPresent(p -> out.put(MLFLOW_PASSWORD, p));
    return out;
  }

  /** Whether {@code name} is a variable that goes to the secret rather than to the Environment. */
  static boolean isSecret(CloudConfig config, String name) {
    return inSecretsManager(config) && values(config).containsKey(name);
  }

  /**
   * {@code request} as sent in Secrets Manager mode: the entry point wraps the command and the
   * Environment names the secret instead of holding the values; unchanged otherwise.
   */
  static CreateTrainingJobRequest apply(CreateTrainingJobRequest request, CloudConfig config, String job, String region) {
    if (!inSecretsManager(config) || values(config).isEmpty()) {
      return request;
    }
    Map<String, String> environment = new TreeMap<>(request.environment());
    environment.keySet().removeAll(values(config).keySet());
    environment.put("SOEN_SECRET_ID", secretName(job));
    environment.put("SOEN_SECRET_REGION", region);
    List<String> command = new ArrayList<>(config.command());
    return request.toBuilder().environment(environment)
        .algorithmSpecification(request.algorithmSpecification().toBuilder()
            .containerEntrypoint("sh", WRAPPER_PATH).containerArguments(command.isEmpty() ? null : command).build())
        .build();
  }

  /** The wrapper script staged with the config. */
  static byte[] wrapper() {
    try (InputStream in = JobSecrets.class.getResourceAsStream(WRAPPER_NAME)) {
      if (in == null) {
        throw new IllegalStateException(WRAPPER_NAME + " is missing from the soen-cloud-aws jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The CreateSecret request for {@code job} submitted by the journal {@code owner}; its
   * SecretString holds the values as a JSON object.
   */
  static CreateSecretRequest createRequest(String job, String owner, CloudConfig config) {
    try {
      return CreateSecretRequest.builder().name(secretName(job))
          .description("soen-cloud: secret_env values and MLflow password of training job " + job)
          .secretString(JSON.writeValueAsString(values(config)))
          .tags(Tag.builder().key(JOB_TAG).value(job).build(), Tag.builder().key(TOOL_TAG).value("soen-cloud").build(),
              Tag.builder().key(SageMakerRequests.OWNER_TAG).value(owner).build())
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the secret's JSON", e);
    }
  }

  /** The problems of the CreateSecret request {@code config} would send, from Secrets Manager's model. */
  static List<ConfigProblem> problems(CloudConfig config) {
    if (!inSecretsManager(config) || values(config).isEmpty()) {
      return List.of();
    }
    List<ConfigProblem> out = new ArrayList<>();
    if (config.command().isEmpty()) {
      out.add(ConfigProblem.builder().source("config").keyPath("cloud.command").code(ConfigProblem.CODE_MISSING)
          .message("required with cloud.secrets: secrets_manager: the entry wrapper reads the secrets, then runs this "
              + "command, e.g. [python, train.py]").build());
    }
    for (Violation v : SageMakerRequestRules.RULES.check("secretsmanager", "CreateSecret",
        SdkJson.of(createRequest(SageMakerRequestRules.LONGEST_JOB_NAME, SageMakerRequestRules.SAMPLE_OWNER, config)))) {
      out.add(ConfigProblem.builder().source("config").keyPath("cloud.secret_env")
          .message("the job's secret (" + String.join(", ", values(config).keySet()) + "): Secrets Manager's "
              + "CreateSecret accepts " + v.allowed() + " (AWS service model, " + String.join(".", v.members()) + ")")
          .build());
    }
    return out;
  }

  /**
   * Before CreateTrainingJob, in Secrets Manager mode: stages the wrapper next to the config,
   * creates the secret (recorded in the journal so it is deleted once) and returns the request to
   * send; {@code request} unchanged otherwise.
   */
  static CreateTrainingJobRequest prepare(AwsClients aws, JobJournal journal, CreateTrainingJobRequest request,
      CloudConfig config, String job, S3Stager.Staged staged) {
    if (!inSecretsManager(config) || values(config).isEmpty()) {
      return request;
    }
    String key = staged.configUri().substring(("s3://" + staged.bucket() + "/").length()) + WRAPPER_NAME;
    try {
      aws.s3().putObject(b -> b.bucket(staged.bucket()).key(key).contentType("text/x-shellscript"),
          RequestBody.fromBytes(wrapper()));
    } catch (SdkException e) {
      throw AwsErrors.translate("stage the entry wrapper s3://" + staged.bucket() + "/" + key, e);
    }
    journal.putProviderState(job, Map.of(STATE, "creating"));
    create(aws.secretsManager(), job, journal.owner(), config);
    journal.putProviderState(job, Map.of(STATE, "created"));
    return apply(request, config, job, aws.region().id());
  }

  /** After a status read: deletes the secret of a job that has ended, once. */
  static void afterStatus(AwsClients aws, JobJournal journal, String job, JobState state) {
    if (!state.isTerminal()) {
      return;
    }
    Optional<String> step = journal.find(job).map(r -> r.providerState().get(STATE));
    if (step.filter(s -> s.equals("created") || s.equals("creating")).isPresent()) {
      delete(aws.secretsManager(), job);
      journal.putProviderState(job, Map.of(STATE, "deleted"));
    }
  }

  /**
   * {@code reap}: the secrets of this journal's jobs that have ended, or that do not exist and are
   * older than {@link #GRACE} (a submission that failed after creating its secret), deleted unless
   * {@code dryRun}; each one reported as released. Another journal's secrets are never touched.
   */
  static ReapReport reap(AwsClients aws, JobJournal journal, Clock clock, boolean dryRun) {
    ReapReport.Builder out = ReapReport.builder().dryRun(dryRun);
    String owner = journal.owner();
    String token = null;
    do {
      String page = token;
      ListSecretsResponse list;
      try {
        list = aws.secretsManager().listSecrets(b -> b.nextToken(page).maxResults(100)
            .filters(f -> f.key(FilterNameStringType.TAG_KEY).values(JOB_TAG)));
      } catch (SdkException e) {
        throw AwsErrors.translate("list soen-cloud secrets in AWS Secrets Manager", e);
      }
      for (SecretListEntry secret : list.secretList()) {
        Map<String, String> tags = new TreeMap<>();
        secret.tags().forEach(t -> tags.put(t.key(), t.value()));
        String job = tags.get(JOB_TAG);
        if (job == null || !secret.name().equals(secretName(job)) || !ours(tags, job, owner, journal)) {
          continue;
        }
        Optional<String> why = released(aws, job, secret, clock);
        if (why.isEmpty()) {
          continue;
        }
        if (!dryRun) {
          delete(aws.secretsManager(), job);
        }
        out.addReleased(ReapReport.Released.of(SageMakerBackend.PROVIDER, "secret " + secret.name()
            + " in AWS Secrets Manager", why.get()));
      }
      token = list.nextToken();
    } while (token != null);
    return out.build();
  }

  /** Whether a secret tagged {@code tags} is this journal's: its owner tag, or none and a job the journal knows. */
  private static boolean ours(Map<String, String> tags, String job, String owner, JobJournal journal) {
    String tagged = tags.get(SageMakerRequests.OWNER_TAG);
    return tagged != null ? tagged.equals(owner) : journal.find(job).isPresent();
  }

  /** Why the secret of {@code job} can go: its job has ended, or does not exist and the secret is old; empty to keep it. */
  private static Optional<String> released(AwsClients aws, String job, SecretListEntry secret, Clock clock) {
    Optional<Boolean> running = running(aws, job);
    if (running.isPresent()) {
      return running.get() ? Optional.empty() : Optional.of("training job " + job + " has ended");
    }
    Instant created = secret.createdDate();
    if (created == null || created.plus(GRACE).isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of("training job " + job + " does not exist, and the secret is over "
        + GRACE.toMinutes() + " minutes old");
  }

  /** Whether {@code job} is running (in progress or stopping); empty when SageMaker has no such job. */
  private static Optional<Boolean> running(AwsClients aws, String job) {
    try {
      String status = aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(job)).trainingJobStatusAsString();
      return Optional.of("InProgress".equals(status) || "Stopping".equals(status));
    } catch (AwsServiceException e) {
      if (AwsErrors.isMissing(e)) {
        return Optional.empty();
      }
      throw AwsErrors.translate("describe training job " + job, e);
    } catch (SdkException e) {
      throw AwsErrors.translate("describe training job " + job, e);
    }
  }

  /** Creates the job's secret; one left by an earlier attempt of this very submission is kept. */
  static void create(SecretsManagerClient client, String job, String owner, CloudConfig config) {
    try {
      client.createSecret(createRequest(job, owner, config));
    } catch (ResourceExistsException e) {
      // An earlier attempt of this submission created it (its answer was lost): the same job, the same values.
    } catch (SdkException e) {
      throw AwsErrors.translate("create secret " + secretName(job) + " in AWS Secrets Manager", e);
    }
  }

  /** Deletes the job's secret at once (no recovery window); true if it existed. */
  static boolean delete(SecretsManagerClient client, String job) {
    try {
      client.deleteSecret(b -> b.secretId(secretName(job)).forceDeleteWithoutRecovery(true));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw AwsErrors.translate("delete secret " + secretName(job) + " from AWS Secrets Manager", e);
    }
  }

  /** Where secrets go and who can read them, for the submission summary and {@code doctor}. */
  static String whereTheyGo(CloudConfig config) {
    Optional<String> names = values(config).isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values(config).keySet()));
    String what = names.map(n -> "secrets (" + n + ")").orElse("secrets (none set)");
    return inSecretsManager(config)
        ? what + " go to AWS Secrets Manager (one secret per job, soen-cloud/<job>, deleted when the job ends): readable "
            + "by the execution role and by principals allowed secretsmanager:GetSecretValue, not shown by DescribeTrainingJob"
        : what + " go to the job's Environment: anyone allowed sagemaker:DescribeTrainingJob in the account sees them in "
            + "plain text (set cloud.secrets: secrets_manager to keep them out)";
  }
}
