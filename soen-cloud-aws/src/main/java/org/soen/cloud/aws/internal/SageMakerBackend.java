package org.soen.cloud.aws.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.PhaseCost;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.TransferException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTrainingJobsResponse;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobSummary;

/** The {@code sagemaker} backend: S3 staging, CreateTrainingJob, status, logs, artifacts, cost, doctor. */
public final class SageMakerBackend implements TrainingBackend {
  static final String PROVIDER = "sagemaker";
  static final String LOG_GROUP = "/aws/sagemaker/TrainingJobs";
  /** How long after a job ends its logs may still receive late lines. */
  static final Duration LOG_GRACE = Duration.ofMinutes(2);
  /** Reads of an ended job that found nothing new before its log counts as complete. */
  static final int COMPLETE_AFTER_EMPTY_READS = 3;
  private static final String EMPTY_READS = "~empty";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BackendContext context;
  private final BiFunction<CloudConfig, Map<String, String>, AwsClients> clientFactory;
  private final Map<String, AwsClients> clients = new ConcurrentHashMap<>();
  private volatile CloudConfig lastConfig;

  /** A backend that builds its AWS clients with {@code clientFactory} (tests add interceptors there). */
  public SageMakerBackend(BackendContext context, BiFunction<CloudConfig, Map<String, String>, AwsClients> clientFactory) {
    this.context = context;
    this.clientFactory = clientFactory;
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

  /** The job's configuration as it was submitted (the journal's stored form), never today's defaults. */
  private CloudConfig configOf(JobHandle handle) {
    return context.journal().config(handle.id()).orElseGet(() -> {
      CloudConfig.Builder b = CloudConfig.builder().provider(PROVIDER);
      handle.region().ifPresent(r -> b.set(SageMakerSettings.REGION, r));
      return b.build();
    });
  }

  private <T> T call(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw AwsErrors.translate(action, e);
    }
  }

  // ------------------------------------------------------------ validate and submit

  @Override
  public List<ConfigProblem> validate(CloudConfig config) {
    return SageMakerValidation.validate(config, context.environment(), context.pricing());
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

    S3Stager stager = new S3Stager(aws.s3(), context.events(), context.clock(), 16, S3Stager.DEFAULT_PART_SIZE,
        Optional.of(context.home().resolve("cache").resolve("sagemaker-digests")));
    S3Stager.Staged staged = call("stage job " + job + " in s3://" + bucket,
        () -> stager.stage(job, bucket, prefix, request.stagedConfigYaml(), config.data(), config.baseDirectory(), config.project()));
    Map<String, String> stagedState = new LinkedHashMap<>();
    stagedState.put("step", "creating");
    stagedState.put("outputUri", staged.outputUri());
    staged.dataUri().ifPresent(d -> stagedState.put("dataUri", d));
    stagedState.put("dataBytesUploaded", String.valueOf(staged.dataBytesUploaded()));
    context.journal().putProviderState(job, stagedState);

    CreateTrainingJobRequest create = JobSecrets.prepare(aws, context.journal(), createRequest(job, config, staged), config, job, staged);
    String arn;
    try {
      arn = aws.sageMaker().createTrainingJob(create).trainingJobArn();
    } catch (AwsServiceException e) {
      if (isCode(e, "ResourceInUse") && ownJobExists(aws, job, staged)) {
        // An earlier attempt of this very call created the job (its answer was lost): adopt it.
        arn = call("describe training job " + job, () -> aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(job))).trainingJobArn();
      } else {
        throw AwsErrors.translate("create training job " + job, e);
      }
    } catch (SdkException e) {
      throw AwsErrors.translate("create training job " + job, e);
    }
    context.journal().putProviderState(job, Map.of("step", "created", "arn", arn));
    String region = aws.region().id();
    return JobHandle.builder().id(job).provider(PROVIDER).submittedAt(request.submittedAt())
        .providerJobId(arn).stagingUri(staged.prefixUri()).region(region)
        .consoleUrl("https://" + region + ".console.aws.amazon.com/sagemaker/home?region=" + region + "#/jobs/" + job)
        .putDetails("instanceType", config.instance().instanceType().orElse("ml.g5.xlarge"))
        .putDetails("instanceCount", String.valueOf(config.instance().instanceCount()))
        .putDetails("spot", String.valueOf(config.instance().useSpot()))
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

  static CreateTrainingJobRequest createRequest(String job, CloudConfig config, S3Stager.Staged staged) {
    var instance = config.instance();
    AlgorithmSpecification.Builder algorithm = AlgorithmSpecification.builder()
        .trainingImage(SageMakerSettings.image(config).orElseThrow()).trainingInputMode("File");
    if (!config.command().isEmpty()) {
      algorithm.containerEntrypoint(config.command().get(0));
      if (config.command().size() > 1) {
        algorithm.containerArguments(config.command().subList(1, config.command().size()));
      }
    }
    List<Channel> channels = new ArrayList<>();
    channels.add(channel("config", staged.configUri(), S3DataType.S3_PREFIX));
    staged.dataUri().ifPresent(d -> channels.add(channel("data", d, staged.dataIsManifest() ? S3DataType.MANIFEST_FILE : S3DataType.S3_PREFIX)));
    Map<String, String> environment = new TreeMap<>(SageMakerValidation.environment(config));
    environment.putIfAbsent("SOEN_JOB_NAME", job);
    environment.putIfAbsent("SOEN_CONFIG_PATH", "/opt/ml/input/data/config/training_config.yaml");
    if (staged.dataUri().isPresent()) {
      environment.putIfAbsent("SOEN_DATA_DIR", "/opt/ml/input/data/data");
    }
    List<Tag> tags = new ArrayList<>();
    tags.add(Tag.builder().key("soen:project").value(config.project()).build());
    tags.add(Tag.builder().key("soen:experiment").value(config.experiment()).build());
    tags.add(Tag.builder().key("soen:tool").value("soen-cloud").build());
    config.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    long maxRuntime = instance.maxRuntime().toSeconds();
    CreateTrainingJobRequest.Builder b = CreateTrainingJobRequest.builder()
        .trainingJobName(job)
        .algorithmSpecification(algorithm.build())
        .roleArn(config.get(SageMakerSettings.ROLE).orElseThrow())
        .inputDataConfig(channels)
        .outputDataConfig(o -> o.s3OutputPath(staged.outputUri()))
        .resourceConfig(r -> r.instanceType(instance.instanceType().orElse("ml.g5.xlarge"))
            .instanceCount(instance.instanceCount()).volumeSizeInGB(instance.volumeSizeGb()))
        .environment(environment)
        .tags(tags);
    if (instance.useSpot()) {
      long maxWait = instance.maxWait().map(Duration::toSeconds)
          .orElse(Math.min(maxRuntime + 3600, Duration.ofDays(28).toSeconds() * 2));
      b.enableManagedSpotTraining(true)
          .stoppingCondition(s -> s.maxRuntimeInSeconds((int) maxRuntime).maxWaitTimeInSeconds((int) maxWait))
          .checkpointConfig(c -> c.s3Uri(staged.checkpointUri()).localPath("/opt/ml/checkpoints"));
    } else {
      b.stoppingCondition(s -> s.maxRuntimeInSeconds((int) maxRuntime));
    }
    return b.build();
  }

  private static Channel channel(String name, String uri, S3DataType type) {
    return Channel.builder().channelName(name).inputMode("File")
        .dataSource(d -> d.s3DataSource(s -> s.s3Uri(uri).s3DataType(type).s3DataDistributionType("FullyReplicated")))
        .build();
  }

  private static boolean isCode(AwsServiceException e, String code) {
    return e.awsErrorDetails() != null && code.equals(e.awsErrorDetails().errorCode());
  }

  // ------------------------------------------------------------ status, list, stop

  @Override
  public JobStatus status(JobHandle handle) {
    AwsClients aws = clients(configOf(handle));
    DescribeTrainingJobResponse d = call("describe training job " + handle.id(),
        () -> aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(handle.id())));
    JobStatus status = toStatus(d.trainingJobName(), d.trainingJobStatusAsString(), d.secondaryStatusAsString(),
        d.failureReason(), d.trainingStartTime(), d.trainingEndTime());
    JobSecrets.afterStatus(aws, context.journal(), handle.id(), status.state());
    return status;
  }

  JobStatus toStatus(String name, String status, String secondary, String failure, Instant started, Instant ended) {
    JobState state = state(status, secondary);
    JobStatus.Builder b = JobStatus.builder().jobId(name).provider(PROVIDER).state(state)
        .detail(secondary == null ? status : status + "/" + secondary).observedAt(context.clock().instant());
    Optional.ofNullable(started).ifPresent(b::startedAt);
    Optional.ofNullable(ended).ifPresent(b::endedAt);
    if (state == JobState.COMPLETED) {
      b.exitCode(0);
    }
    if (failure != null && !failure.isBlank()) {
      b.message(failure);
      java.util.regex.Matcher exit = java.util.regex.Pattern.compile("exit (?:code|status) (\\d+)").matcher(failure);
      if (exit.find()) {
        b.exitCode(Integer.parseInt(exit.group(1)));
      }
    } else if ("MaxRuntimeExceeded".equals(secondary)) {
      b.message("stopped by SageMaker after MaxRuntimeInSeconds (cloud.instance.max_runtime_hours); "
          + "raise max_runtime_hours or save checkpoints more often");
    } else if ("MaxWaitTimeExceeded".equals(secondary)) {
      b.message("no spot capacity within MaxWaitTimeInSeconds; resubmit without spot (use_spot: false) "
          + "or try a different instance type");
    } else if ("Interrupted".equals(secondary)) {
      b.message("the spot instance was reclaimed; the job resumes from its checkpoints when capacity returns");
    }
    return b.build();
  }

  static JobState state(String status, String secondary) {
    if (status == null) {
      return JobState.PENDING;
    }
    switch (status) {
      case "Completed":
        return JobState.COMPLETED;
      case "Failed":
        return JobState.FAILED;
      case "Stopped":
        return JobState.STOPPED;
      case "Stopping":
        return JobState.STOPPING;
      default:
        break;
    }
    if (secondary == null) {
      return JobState.PROVISIONING;
    }
    return switch (secondary) {
      case "Downloading", "DownloadingTrainingImage" -> JobState.STAGING;
      case "Training", "Updating" -> JobState.RUNNING;
      case "Uploading" -> JobState.COLLECTING;
      case "Interrupted" -> JobState.INTERRUPTED;
      case "Stopping" -> JobState.STOPPING;
      default -> JobState.PROVISIONING; // Starting, LaunchingMLInstances, PreparingTrainingStack, Restarting, Pending
    };
  }

  @Override
  public List<JobStatus> list(int limit) {
    if (limit <= 0) {
      return List.of();
    }
    CloudConfig config = Optional.ofNullable(lastConfig).orElseGet(() -> CloudConfig.builder().provider(PROVIDER).build());
    AwsClients aws = clients(config);
    List<JobStatus> out = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      ListTrainingJobsResponse page = call("list training jobs", () -> aws.sageMaker().listTrainingJobs(b -> b
          .nameContains("soen-").sortBy("CreationTime").sortOrder("Descending")
          .maxResults(Math.min(100, limit)).nextToken(next)));
      for (TrainingJobSummary s : page.trainingJobSummaries()) {
        if (s.trainingJobName().startsWith("soen-") && out.size() < limit) {
          out.add(toStatus(s.trainingJobName(), s.trainingJobStatusAsString(), s.secondaryStatusAsString(), null,
              null, s.trainingEndTime()));
        }
      }
      token = page.nextToken();
      pages++;
    } while (token != null && out.size() < limit && pages < 100);
    return out;
  }

  @Override
  public JobStatus stop(JobHandle handle) {
    JobStatus now = status(handle);
    if (now.state().isTerminal() || now.state() == JobState.STOPPING) {
      return now;
    }
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
    return status(handle);
  }

  @Override
  public List<String> reap(boolean dryRun) {
    return JobSecrets.reap(clients(Optional.ofNullable(lastConfig).orElseGet(() -> CloudConfig.builder().provider(PROVIDER).build())), dryRun);
  }

  // ------------------------------------------------------------ logs

  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    Map<String, String> tokens = new TreeMap<>(decodeCursor(cursor));
    int emptyReadsAfterEnd = Integer.parseInt(Optional.ofNullable(tokens.remove(EMPTY_READS)).orElse("0"));
    AwsClients aws = clients(configOf(handle));
    JobStatus status = status(handle);
    List<LogStream> streams = new ArrayList<>();
    try {
      String next = null;
      do {
        String page = next;
        var response = aws.logs().describeLogStreams(b -> b.logGroupName(LOG_GROUP)
            .logStreamNamePrefix(handle.id() + "/").nextToken(page).limit(50));
        streams.addAll(response.logStreams());
        next = response.nextToken();
      } while (next != null);
    } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException e) {
      streams.clear();
    } catch (SdkException e) {
      throw AwsErrors.translate("list log streams of " + handle.id(), e);
    }
    List<LogLine> lines = new ArrayList<>();
    Map<String, String> nextTokens = new TreeMap<>(tokens);
    nextTokens.remove(EMPTY_READS);
    for (LogStream stream : streams) {
      String name = stream.logStreamName();
      String token = tokens.get(name);
      for (int round = 0; round < 10; round++) {
        String t = token;
        GetLogEventsResponse page = call("read log stream " + name, () -> aws.logs().getLogEvents(b -> b
            .logGroupName(LOG_GROUP).logStreamName(name).startFromHead(true).nextToken(t).limit(1000)));
        String shortName = name.substring(name.indexOf('/') + 1);
        for (OutputLogEvent e : page.events()) {
          lines.add(LogLine.of(Instant.ofEpochMilli(e.timestamp()), shortName, stripNewline(e.message())));
        }
        boolean same = page.nextForwardToken() == null || page.nextForwardToken().equals(token);
        if (page.nextForwardToken() != null) {
          token = page.nextForwardToken();
          nextTokens.put(name, token);
        }
        if (same || page.events().isEmpty()) {
          break;
        }
      }
    }
    lines.sort(Comparator.comparing(LogLine::at).thenComparing(LogLine::stream));
    boolean ended = status.state().isTerminal() && lines.isEmpty();
    int emptyReads = ended ? emptyReadsAfterEnd + 1 : 0;
    // CloudWatch may still ingest lines after the job ends: the log is complete once the grace
    // period has passed, or after several reads of the ended job found nothing new.
    boolean complete = ended && (emptyReads >= COMPLETE_AFTER_EMPTY_READS
        || status.endedAt().map(e -> !context.clock().instant().isBefore(e.plus(LOG_GRACE))).orElse(true));
    if (emptyReads > 0) {
      nextTokens.put(EMPTY_READS, String.valueOf(emptyReads));
    }
    return LogPage.of(lines, encodeCursor(nextTokens), complete);
  }

  private static String stripNewline(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  static String encodeCursor(Map<String, String> tokens) {
    if (tokens.isEmpty()) {
      return "";
    }
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(tokens));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> decodeCursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(Base64.getUrlDecoder().decode(cursor), new TypeReference<Map<String, String>>() {});
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("cursor", "not a log cursor from this provider; pass the cursor of the "
          + "previous page, or an empty one to start from the beginning");
    }
  }

  // ------------------------------------------------------------ artifacts and cost

  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    AwsClients aws = clients(configOf(handle));
    DescribeTrainingJobResponse d = call("describe training job " + handle.id(),
        () -> aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(handle.id())));
    if (d.modelArtifacts() == null || d.modelArtifacts().s3ModelArtifacts() == null) {
      throw new org.soen.cloud.NotFoundException("training job " + handle.id() + " has no model artifacts (status "
          + d.trainingJobStatusAsString() + "); artifacts exist once the job completed");
    }
    String uri = d.modelArtifacts().s3ModelArtifacts();
    String rest = uri.substring("s3://".length());
    String bucket = rest.substring(0, rest.indexOf('/'));
    String key = rest.substring(rest.indexOf('/') + 1);
    try (InputStream in = call("download " + uri, () -> aws.s3().getObject(b -> b.bucket(bucket).key(key)))) {
      return SafeTar.extract(in, targetDirectory, uri);
    } catch (IOException e) {
      throw new TransferException("could not download and extract " + uri + " into " + targetDirectory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    AwsClients aws = clients(configOf(handle));
    DescribeTrainingJobResponse d = call("describe training job " + handle.id(),
        () -> aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(handle.id())));
    if (d.billableTimeInSeconds() == null) {
      return Optional.empty();
    }
    String type = d.resourceConfig().instanceTypeAsString();
    int count = d.resourceConfig().instanceCount();
    boolean spot = Boolean.TRUE.equals(d.enableManagedSpotTraining());
    InstancePrice price = context.pricing().find(PROVIDER, type).orElseThrow(() -> new SoenCloudException(
        "no price for " + type + " in the pricing catalog; add a row with --pricing-file"));
    BigDecimal onDemand = price.onDemandHourlyUsd();
    BigDecimal hourly = spot ? price.spotHourlyUsd().orElse(onDemand) : onDemand;
    long billable = d.billableTimeInSeconds();
    BigDecimal total = usd(hourly, billable * count);
    CostReport.Builder b = CostReport.builder().jobId(handle.id()).provider(PROVIDER).instanceType(type)
        .instanceCount(count).hourlyUsd(hourly).billable(Duration.ofSeconds(billable)).totalUsd(total)
        .source("BillableTimeInSeconds x InstanceCount x " + (spot ? "spot" : "on-demand") + " price (" + price.source()
            + ", " + price.asOf() + ")");
    if (spot) {
      b.spotSavingsUsd(usd(onDemand, billable * count).subtract(total));
    }
    long phased = 0;
    Map<String, Long> phases = new LinkedHashMap<>();
    for (SecondaryStatusTransition t : d.secondaryStatusTransitions()) {
      if (t.endTime() == null) {
        continue;
      }
      // Instances being launched ("Starting") are not billed: BillableTimeInSeconds begins with the download.
      String phase = switch (t.statusAsString()) {
        case "Downloading", "DownloadingTrainingImage" -> "startup";
        case "Training" -> "training";
        case "Uploading" -> "upload";
        default -> null;
      };
      if (phase != null) {
        long s = Duration.between(t.startTime(), t.endTime()).toSeconds();
        phases.merge(phase, s, Long::sum);
        phased += s;
      }
    }
    long all = Math.max(1, phased);
    phases.forEach((phase, s) -> b.addPhases(PhaseCost.of(phase, Duration.ofSeconds(s),
        total.multiply(BigDecimal.valueOf(s)).divide(BigDecimal.valueOf(all), 4, RoundingMode.HALF_UP))));
    return Optional.of(b.build());
  }

  private static BigDecimal usd(BigDecimal hourly, long seconds) {
    return hourly.multiply(BigDecimal.valueOf(seconds)).divide(BigDecimal.valueOf(3600), 4, RoundingMode.HALF_UP);
  }

  // ------------------------------------------------------------ doctor

  @Override
  public List<PreflightCheck> doctor(CloudConfig config) {
    List<PreflightCheck> checks = new ArrayList<>();
    String region;
    try {
      region = AwsClients.region(config, context.environment());
      checks.add(PreflightCheck.ok("region", region));
    } catch (ConfigurationException e) {
      checks.add(PreflightCheck.failed("region", "no AWS region configured", "set cloud.region (e.g. us-east-1) or AWS_REGION"));
      return checks;
    }
    AwsClients aws = clients(config);
    try {
      var id = aws.sts().getCallerIdentity();
      checks.add(PreflightCheck.ok("credentials", "account " + id.account() + " as " + id.arn()));
    } catch (SdkException e) {
      SoenCloudException t = AwsErrors.translate("check credentials with STS GetCallerIdentity", e);
      checks.add(PreflightCheck.failed("credentials", t.getMessage(), AwsErrors.CREDENTIALS_FIX));
    }
    checks.add(config.get(SageMakerSettings.ROLE).map(r -> AwsNameRules.roleArn(r)
            .map(why -> PreflightCheck.failed("role", why, "set cloud.role or SOEN_SM_ROLE to arn:aws:iam::<account>:role/<name>"))
            .orElse(PreflightCheck.ok("role", r)))
        .orElse(PreflightCheck.failed("role", "no SageMaker execution role configured",
            "set cloud.role or SOEN_SM_ROLE to arn:aws:iam::<account>:role/<name>")));
    if (config.get(SageMakerSettings.BUCKET).isEmpty()) {
      checks.add(PreflightCheck.failed("bucket", "no staging bucket configured", "set cloud.bucket or SOEN_SM_BUCKET"));
    } else {
      String bucket = config.get(SageMakerSettings.BUCKET).get();
      try {
        aws.s3().headBucket(b -> b.bucket(bucket));
        String key = "soen/.doctor-" + context.clock().millis();
        aws.s3().putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString("ok"));
        aws.s3().deleteObject(b -> b.bucket(bucket).key(key));
        checks.add(PreflightCheck.ok("bucket", "s3://" + bucket + " is readable and writable"));
      } catch (AwsServiceException e) {
        if (e.statusCode() == 404) {
          checks.add(PreflightCheck.failed("bucket", "bucket s3://" + bucket + " does not exist",
              "create it with `aws s3 mb s3://" + bucket + " --region " + region + "` or set cloud.bucket to an existing bucket"));
        } else if (e.statusCode() == 403) {
          checks.add(PreflightCheck.failed("bucket", "Access denied to bucket s3://" + bucket,
              "Your IAM user needs S3 permissions. Ask your team admin to attach the AmazonS3FullAccess policy."));
        } else {
          checks.add(PreflightCheck.failed("bucket", AwsErrors.translate("check bucket " + bucket, e).getMessage(),
              "check the bucket name and region"));
        }
      } catch (SdkException e) {
        checks.add(PreflightCheck.failed("bucket", AwsErrors.translate("check bucket " + bucket, e).getMessage(),
            AwsErrors.CREDENTIALS_FIX));
      }
    }
    String imageKey = "cloud.docker_image_" + config.backend().configName();
    Optional<String> image = SageMakerSettings.image(config);
    if (image.isEmpty()) {
      checks.add(PreflightCheck.failed("image", "no training image for backend " + config.backend().configName(),
          "set " + imageKey + " or SOEN_DOCKER_" + config.backend().name() + " to an ECR image URI"));
    } else {
      Optional<String> wrong = AwsNameRules.imageUri(image.get());
      Optional<String> imageRegion = AwsNameRules.ecrRegion(image.get());
      if (wrong.isPresent()) {
        checks.add(PreflightCheck.failed("image", wrong.get(),
            "SageMaker pulls training images from ECR: use <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>"));
      } else if (imageRegion.isPresent() && !imageRegion.get().equals(region)) {
        checks.add(PreflightCheck.failed("image", image.get() + " is in region " + imageRegion.get()
            + ", the job runs in " + region, "use the image of region " + region + " or set cloud.region to "
            + imageRegion.get()));
      } else {
        checks.add(PreflightCheck.ok("image", image.get()));
      }
    }
    checks.add(PreflightCheck.ok("secrets", JobSecrets.whereTheyGo(config)));
    return checks;
  }

  @Override
  public void close() {
    clients.values().forEach(AwsClients::close);
    clients.clear();
  }
}
