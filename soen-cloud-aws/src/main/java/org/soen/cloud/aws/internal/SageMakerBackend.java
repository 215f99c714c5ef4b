package org.soen.cloud.aws.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogPage;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.ReapReport;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;

/**
 * The {@code sagemaker} backend: stages in S3 ({@link S3Stager}), creates the training job
 * ({@link SageMakerRequests}), follows it ({@link SageMakerStatuses}, {@link SageMakerLogs}),
 * stops it and waits for SageMaker's grace period, brings artifacts home
 * ({@link SageMakerArtifacts}), prices it ({@link SageMakerCost}) and checks a setup
 * ({@link SageMakerDoctor}).
 */
public final class SageMakerBackend implements TrainingBackend {
  static final String PROVIDER = "sagemaker";
  /**
   * How long SageMaker lets a stopped container save its work: SIGTERM, then SIGKILL after 120
   * seconds; the output is uploaded after that.
   */
  static final Duration STOP_GRACE = Duration.ofSeconds(120);
  /** How often {@link #stop} asks whether the job has stopped. */
  static final Duration STOP_POLL = Duration.ofSeconds(5);
  /** How long {@link #stop} waits for {@code Stopped} before it returns the job still stopping. */
  static final Duration STOP_WAIT = Duration.ofMinutes(30);

  private final BackendContext context;
  private final BiFunction<CloudConfig, Map<String, String>, AwsClients> clientFactory;
  private final Map<String, AwsClients> clients = new ConcurrentHashMap<>();
  private final SageMakerLivePrices livePrices;
  private final SageMakerTeam team;
  private volatile CloudConfig lastConfig;

  /** A backend that builds its AWS clients with {@code clientFactory} (tests add interceptors there). */
  public SageMakerBackend(BackendContext context, BiFunction<CloudConfig, Map<String, String>, AwsClients> clientFactory) {
    this.context = context;
    this.clientFactory = clientFactory;
    this.livePrices = new SageMakerLivePrices(context.home().resolve("cache").resolve("sagemaker-prices"), context.clock(),
        context.pricing());
    this.team = new SageMakerTeam(context, this::clients, this::defaultConfig);
  }

  /** A backend with the default clients. */
  public SageMakerBackend(BackendContext context) {
    this(context, AwsClients::create);
  }

  // ------------------------------------------------------------ clients

  private AwsClients clients(CloudConfig config) {
    Map<String, Optional<URI>> endpoints = new TreeMap<>();
    SageMakerSettings.ENDPOINTS.forEach((service, s) -> endpoints.put(service, config.get(s)));
    String key = AwsClients.region(config, context.environment()) + "|" + endpoints + "|"
        + config.get(SageMakerSettings.S3_PATH_STYLE).orElse(false);
    lastConfig = config;
    return clients.computeIfAbsent(key, k -> clientFactory.apply(config, context.environment()));
  }

  /** The config of the last job this backend dealt with, or today's defaults: for calls that name no job. */
  private CloudConfig defaultConfig() {
    return Optional.ofNullable(lastConfig).orElseGet(() -> CloudConfig.builder().provider(PROVIDER).build());
  }

  /** The job's configuration as it was submitted (the journal's stored form), never today's defaults. */
  private CloudConfig configOf(JobHandle handle) {
    return context.journal().config(handle.id()).orElseGet(() -> {
      CloudConfig.Builder b = CloudConfig.builder().provider(PROVIDER);
      handle.region().ifPresent(r -> b.set(SageMakerSettings.REGION, r));
      return b.build();
    });
  }

  private DescribeTrainingJobResponse describe(JobHandle handle) {
    AwsClients aws = clients(configOf(handle));
    return AwsErrors.call("describe training job " + handle.id(),
        () -> aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(handle.id())));
  }

  // ------------------------------------------------------------ validate and submit

  @Override
  public List<ConfigProblem> validate(CloudConfig config) {
    return SageMakerValidation.validate(config, context.environment(), context.pricing());
  }

  @Override
  public List<ConfigProblem> validateForEstimate(CloudConfig config) {
    return SageMakerValidation.validateForEstimate(config, context.environment());
  }

  /**
   * The on-demand price of {@code instanceType} in the config's region from the AWS Price List
   * Query API, cached for a day under the soen home; empty when the API has none or cannot be asked
   * (see {@link SageMakerLivePrices#live}), so that the pricing catalog applies.
   */
  @Override
  public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
    return livePrices.live(clients(config), instanceType);
  }

  @Override
  public JobHandle submit(SubmitRequest request) {
    CloudConfig config = request.config();
    List<ConfigProblem> problems = validate(config);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    String job = request.jobName();
    if (!SageMakerValidation.JOB_NAME.matcher(job).matches()) {
      throw new ConfigurationException("job_name", "SageMaker job names must match "
          + SageMakerValidation.JOB_NAME.pattern() + " (at most 63 letters, digits and dashes), was \"" + job + "\"");
    }
    for (String secret : SageMakerValidation.secrets(config)) {
      if (request.stagedConfigYaml().contains(secret)) {
        throw new SoenCloudException("refusing to stage the training config of " + job
            + ": it still holds a secret value; secrets go to the job's environment only");
      }
    }
    AwsClients aws = clients(config);
    String bucket = config.get(SageMakerSettings.BUCKET).orElseThrow();
    String prefix = S3Keys.jobPrefix(config.project(), config.experiment(), job, request.submittedAt());
    Map<String, String> state = new LinkedHashMap<>();
    state.put("region", aws.region().id());
    state.put("bucket", bucket);
    state.put("stagingPrefix", prefix);
    state.put("stagedAt", request.submittedAt().toString());
    state.put("step", "staging");
    context.journal().putProviderState(job, state);

    S3Stager stager = new S3Stager(aws.s3Staging(), context.events(), context.clock(), 16, S3Stager.DEFAULT_PART_SIZE,
        Optional.of(context.home().resolve("cache").resolve("sagemaker-digests")));
    S3Stager.Staged staged = AwsErrors.call("stage job " + job + " in s3://" + bucket,
        () -> stager.stage(job, bucket, prefix, request.stagedConfigYaml(), config.data(), config.baseDirectory(), config.project()));
    Map<String, String> stagedState = new LinkedHashMap<>();
    stagedState.put("step", "creating");
    stagedState.put("outputUri", staged.outputUri());
    staged.dataUri().ifPresent(d -> stagedState.put("dataUri", d));
    stagedState.put("dataBytesUploaded", String.valueOf(staged.dataBytesUploaded()));
    context.journal().putProviderState(job, stagedState);

    CreateTrainingJobRequest create = JobSecrets.prepare(aws, context.journal(),
        SageMakerRequests.create(job, context.journal().owner(), config, staged), config, job, staged);
    String arn;
    try {
      arn = aws.sageMaker().createTrainingJob(create).trainingJobArn();
    } catch (AwsServiceException e) {
      if (isCode(e, "ResourceInUse") && ownJobExists(aws, job, staged)) {
        // An earlier attempt of this very call created the job (its answer was lost): adopt it.
        arn = AwsErrors.call("describe training job " + job,
            () -> aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(job))).trainingJobArn();
      } else {
        throw AwsErrors.translate("create training job " + job, e);
      }
    } catch (SdkException e) {
      throw AwsErrors.translate("create training job " + job, e);
    }
    context.journal().putProviderState(job, Map.of("step", "created", "arn", arn));
    return handle(job, request.submittedAt(), arn, staged.prefixUri(), aws.region().id(),
        SageMakerRequests.instanceType(config), config.instance().instanceCount(), config.instance().useSpot());
  }

  /** The handle of a SageMaker job: where it runs, where it was staged, and its console page. */
  static JobHandle handle(String job, Instant submittedAt, String arn, String stagingUri, String region,
      String instanceType, int instanceCount, boolean spot) {
    return JobHandle.builder().id(job).provider(PROVIDER).submittedAt(submittedAt)
        .providerJobId(arn).stagingUri(stagingUri).region(region)
        .consoleUrl("https://" + region + ".console.aws.amazon.com/sagemaker/home?region=" + region + "#/jobs/" + job)
        .putDetails("instanceType", instanceType)
        .putDetails("instanceCount", String.valueOf(instanceCount))
        .putDetails("spot", String.valueOf(spot))
        .build();
  }

  private boolean ownJobExists(AwsClients aws, String job, S3Stager.Staged staged) {
    try {
      DescribeTrainingJobResponse d = aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(job));
      return d.outputDataConfig() != null && staged.outputUri().equals(d.outputDataConfig().s3OutputPath());
    } catch (SdkException e) {
      return false;
    }
  }

  /** The {@code CreateTrainingJob} request of {@code job}; see {@link SageMakerRequests#create}. */
  static CreateTrainingJobRequest createRequest(String job, String owner, CloudConfig config, S3Stager.Staged staged) {
    return SageMakerRequests.create(job, owner, config, staged);
  }

  private static boolean isCode(AwsServiceException e, String code) {
    return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
  }

  // ------------------------------------------------------------ status, list, stop

  @Override
  public JobStatus status(JobHandle handle) {
    DescribeTrainingJobResponse d = describe(handle);
    JobStatus status = SageMakerStatuses.toStatus(d.trainingJobName(), d.trainingJobStatusAsString(),
        d.secondaryStatusAsString(), d.failureReason(), d.trainingStartTime(), d.trainingEndTime(),
        context.clock().instant());
    JobSecrets.afterStatus(clients(configOf(handle)), context.journal(), handle.id(), status.state());
    return status;
  }

  /** soen-cloud's jobs in the accounts this journal uses, other journals' marked foreign; see {@link SageMakerTeam}. */
  @Override
  public List<JobStatus> list(int limit) {
    return team.list(limit);
  }

  /** Rebuilds the journal record of another journal's job from the account; see {@link SageMakerTeam}. */
  @Override
  public Optional<JobRecord> adopt(String jobId) {
    return team.adopt(jobId);
  }

  /**
   * Asks SageMaker to stop the job and waits, polling every {@link #STOP_POLL} through the
   * context's sleeper, until it is {@code Stopped} (or otherwise ended): SageMaker gives the
   * container up to {@link #STOP_GRACE} after SIGTERM to save its work, then uploads the output,
   * and bills until then. A NOTICE says what it waits for. Returns the job still
   * {@code STOPPING} when interrupted (the interrupt flag kept) or after {@link #STOP_WAIT}.
   */
  @Override
  public JobStatus stop(JobHandle handle) {
    JobStatus now = status(handle);
    if (now.state().isTerminal()) {
      return now;
    }
    if (now.state() != JobState.STOPPING) {
      AwsClients aws = clients(configOf(handle));
      try {
        aws.sageMaker().stopTrainingJob(b -> b.trainingJobName(handle.id()));
      } catch (AwsServiceException e) {
        if (!(isCode(e, "ValidationException") && e.awsErrorDetails().errorMessage().contains("in status"))) {
          throw AwsErrors.translate("stop training job " + handle.id(), e);
        }
      } catch (SdkException e) {
        throw AwsErrors.translate("stop training job " + handle.id(), e);
      }
    }
    return awaitStopped(handle);
  }

  private JobStatus awaitStopped(JobHandle handle) {
    Instant since = context.clock().instant();
    JobStatus status = status(handle);
    if (status.state().isTerminal()) {
      return status;
    }
    notice(handle.id(), "waiting for SageMaker to stop " + handle.id() + " (" + status.detail() + "): the container "
        + "got SIGTERM and has up to " + STOP_GRACE.toSeconds() + " s to save its work, then its output is uploaded; "
        + "the job bills until it is Stopped, usually within a few minutes");
    Instant deadline = since.plus(STOP_WAIT);
    while (!status.state().isTerminal() && context.clock().instant().isBefore(deadline)) {
      try {
        context.sleeper().sleep(STOP_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return status;
      }
      status = status(handle);
    }
    if (status.state().isTerminal()) {
      notice(handle.id(), handle.id() + " is " + status.detail() + " after "
          + Duration.between(since, context.clock().instant()).toSeconds() + " s; nothing of it bills any more");
    }
    return status;
  }

  private void notice(String jobId, String message) {
    context.events().onEvent(JobEvent.builder().jobId(jobId).at(context.clock().instant())
        .kind(JobEvent.Kind.NOTICE).message(message).build());
  }

  @Override
  public ReapReport reap(boolean dryRun) {
    return JobSecrets.reap(clients(defaultConfig()), context.journal(), context.clock(), dryRun);
  }

  // ------------------------------------------------------------ logs, artifacts, cost, doctor

  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    AwsClients aws = clients(configOf(handle));
    return new SageMakerLogs(aws.logs(), context.clock()).read(handle.id(), status(handle), cursor);
  }

  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    CloudConfig config = configOf(handle);
    SageMakerArtifacts.Extracted out = SageMakerArtifacts.download(clients(config).s3(), describe(handle),
        config.artifacts(), targetDirectory);
    if (!out.unmatched().isEmpty()) {
      notice(handle.id(), "artifacts " + String.join(", ", out.unmatched()) + " matched no file of "
          + handle.id() + "'s model.tar.gz (cloud.artifacts); " + out.files().size() + " file(s) extracted");
    }
    return out.files();
  }

  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    CloudConfig config = configOf(handle);
    String region = clients(config).region().id();
    // A finished job is priced as estimated: the live price read then (cached), else the catalog; no API call.
    return SageMakerCost.report(handle.id(), describe(handle), type -> livePrices.cached(region, type)
        .or(() -> context.pricing().find(PROVIDER, type)));
  }

  @Override
  public List<PreflightCheck> doctor(CloudConfig config) {
    List<PreflightCheck> checks = new ArrayList<>(new SageMakerDoctor(context.environment(), context.clock(),
        this::clients).run(config));
    checks.add(PreflightCheck.ok("secrets", JobSecrets.whereTheyGo(config)));
    return checks;
  }

  @Override
  public void close() {
    clients.values().forEach(AwsClients::close);
    clients.clear();
  }
}
