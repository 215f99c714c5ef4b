package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostReport;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobStatus;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.MlflowSettings;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.ProviderException;
import org.soen.cloud.QuotaException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.testkit.ManualClock;
import org.soen.cloud.testkit.aws.EmbeddedS3;
import org.soen.cloud.testkit.aws.FakeSageMaker;

class SageMakerBackendIT {
  private static final String BUCKET = "soen-staging";
  private static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerRole";
  private static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311";
  private static final Instant T0 = Instant.parse("2026-11-22T21:05:09Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final ManualClock clock = ManualClock.startingAt(T0);
  private final MapJournal journal = new MapJournal(clock);
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();
  private EmbeddedS3 s3;
  private FakeSageMaker fake;
  private SageMakerBackend backend;
  private int counter;

  @BeforeEach
  void start() throws IOException {
    s3 = EmbeddedS3.start(BUCKET);
    fake = FakeSageMaker.start(clock, s3);
    backend = new SageMakerBackend(context(env()));
    Files.createDirectories(tmp.resolve("data/images"));
    Files.writeString(tmp.resolve("data/dataset.yaml"), "path: .\ntrain: images\n");
    Files.write(tmp.resolve("data/images/cat 1.jpg"), new byte[] {1, 2, 3, 4});
  }

  @AfterEach
  void stop() {
    backend.close();
    fake.close();
    s3.close();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("HOME", tmp.resolve("home").toString());
    env.put("AWS_REGION", "us-east-1");
    // The SDK's standard per-service endpoint variables, read from the context environment.
    env.put("AWS_ENDPOINT_URL_SAGEMAKER", fake.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", fake.endpoint().toString());
    env.put("AWS_ENDPOINT_URL_STS", fake.endpoint().toString());
    return env;
  }

  private BackendContext context(Map<String, String> env) {
    return BackendContext.builder().clock(clock).sleeper(d -> clock.advance(d)).journal(journal)
        .events(events::add).pricing(PricingCatalog.bundled()).environment(env).home(tmp.resolve("soen-home")).build();
  }

  private CloudConfig.Builder config() {
    return CloudConfig.builder().provider("sagemaker").project("vision").experiment("cats")
        .set(SageMakerSettings.ROLE, ROLE).set(SageMakerSettings.BUCKET, BUCKET).set(SageMakerSettings.IMAGE_PYTORCH, IMAGE)
        .set(SageMakerSettings.ENDPOINTS.get("s3"), s3.endpoint()).set(SageMakerSettings.S3_PATH_STYLE, true)
        .instance(InstanceSpec.builder().instanceType("ml.g5.xlarge").build())
        .data("data").baseDirectory(tmp);
  }

  private JobHandle submit(CloudConfig config) {
    String name = "soen-cats-20261122210509-" + String.format("%04d", ++counter);
    journal.create(name, config);
    return backend.submit(SubmitRequest.builder().jobName(name).config(config).submittedAt(clock.instant())
        .stagedConfigYaml("training:\n  epochs: 5\ncloud:\n  provider: sagemaker\n").build());
  }

  private JobState advanceAndStatus(Duration d, JobHandle handle) {
    clock.advance(d);
    return backend.status(handle).state();
  }

  private long count(String target) {
    return fake.requests().stream().filter(r -> r.target().equals(target)).count();
  }

  @Test
  void submit_mapsTheConfigOntoCreateTrainingJob() {
    JobHandle handle = submit(config()
        .putEnvironment("EPOCHS", "5")
        .mlflow(MlflowSettings.builder().active(true).trackingUri("http://mlflow:5000").experimentName("cats").build())
        .putTags("team", "vision")
        .command(List.of("python", "train.py", "--config", "/opt/ml/input/data/config/training_config.yaml"))
        .build());

    JsonNode create = readTree(fake.createRequest(handle.id()));
    String prefix = "soen/vision/cats/" + handle.id() + "/20261122-210509/";
    assertThat(handle.stagingUri()).contains("s3://" + BUCKET + "/" + prefix);
    assertThat(handle.providerJobId()).contains("arn:aws:sagemaker:us-east-1:123456789012:training-job/" + handle.id());
    assertThat(create.path("AlgorithmSpecification").path("TrainingImage").asText()).isEqualTo(IMAGE);
    assertThat(create.path("AlgorithmSpecification").path("ContainerEntrypoint").get(0).asText()).isEqualTo("python");
    assertThat(create.path("RoleArn").asText()).isEqualTo(ROLE);
    assertThat(create.path("InputDataConfig").get(0).path("ChannelName").asText()).isEqualTo("config");
    assertThat(create.path("InputDataConfig").get(0).path("DataSource").path("S3DataSource").path("S3Uri").asText())
        .isEqualTo("s3://" + BUCKET + "/" + prefix + "config/");
    assertThat(create.path("InputDataConfig").get(1).path("DataSource").path("S3DataSource").path("S3DataType").asText())
        .isEqualTo("ManifestFile");
    assertThat(create.path("OutputDataConfig").path("S3OutputPath").asText()).isEqualTo("s3://" + BUCKET + "/" + prefix + "output/");
    assertThat(create.path("ResourceConfig").path("InstanceType").asText()).isEqualTo("ml.g5.xlarge");
    assertThat(create.path("ResourceConfig").path("InstanceCount").asInt()).isEqualTo(1);
    assertThat(create.path("ResourceConfig").path("VolumeSizeInGB").asInt()).isEqualTo(30);
    assertThat(create.path("StoppingCondition").path("MaxRuntimeInSeconds").asLong()).isEqualTo(86400);
    assertThat(create.path("StoppingCondition").has("MaxWaitTimeInSeconds")).isFalse();
    assertThat(create.path("Environment").path("MLFLOW_TRACKING_URI").asText()).isEqualTo("http://mlflow:5000");
    assertThat(create.path("Environment").path("EPOCHS").asText()).isEqualTo("5");
    assertThat(create.path("Tags").toString()).contains("{\"Key\":\"soen:project\",\"Value\":\"vision\"}")
        .contains("{\"Key\":\"soen:experiment\",\"Value\":\"cats\"}").contains("{\"Key\":\"soen:tool\",\"Value\":\"soen-cloud\"}")
        .contains("{\"Key\":\"soen:owner\",\"Value\":\"" + journal.owner() + "\"}")
        .contains("{\"Key\":\"team\",\"Value\":\"vision\"}");
    assertThat(journal.find(handle.id()).orElseThrow().providerState())
        .containsEntry("stagingPrefix", prefix).containsEntry("arn", handle.providerJobId().orElseThrow())
        .containsEntry("step", "created");
  }

  @Test
  void submit_spot_setsMaxWaitAndACheckpointPrefixInsideTheJobFolder() {
    JobHandle handle = submit(config().instance(InstanceSpec.builder().instanceType("ml.g5.xlarge").useSpot(true)
        .maxRuntime(Duration.ofHours(2)).build()).build());

    JsonNode create = readTree(fake.createRequest(handle.id()));
    assertThat(create.path("EnableManagedSpotTraining").asBoolean()).isTrue();
    assertThat(create.path("StoppingCondition").path("MaxRuntimeInSeconds").asLong()).isEqualTo(7200);
    assertThat(create.path("StoppingCondition").path("MaxWaitTimeInSeconds").asLong()).isEqualTo(10800);
    assertThat(create.path("CheckpointConfig").path("S3Uri").asText())
        .isEqualTo(handle.stagingUri().orElseThrow() + "checkpoints/");
  }

  @Test
  void lifecycle_onTheManualClock_walksTheStatesReadsInputsAndBringsBackTheModel() throws IOException {
    JobHandle handle = submit(config().build());

    assertThat(backend.status(handle).state()).isEqualTo(JobState.PROVISIONING);
    assertThat(backend.status(handle).detail()).isEqualTo("InProgress/Starting");
    assertThat(advanceAndStatus(Duration.ofSeconds(60), handle)).isEqualTo(JobState.STAGING);
    assertThat(advanceAndStatus(Duration.ofSeconds(30), handle)).isEqualTo(JobState.RUNNING);
    assertThat(fake.inputs(handle.id()).get("data")).containsOnlyKeys("dataset.yaml", "images/cat 1.jpg");
    assertThat(fake.inputs(handle.id()).get("config")).containsOnlyKeys("training_config.yaml");
    assertThat(advanceAndStatus(Duration.ofSeconds(300), handle)).isEqualTo(JobState.COLLECTING);
    assertThat(advanceAndStatus(Duration.ofSeconds(20), handle)).isEqualTo(JobState.COMPLETED);

    List<Path> files = backend.downloadArtifacts(handle, tmp.resolve("out"));
    assertThat(files).extracting(p -> tmp.resolve("out").relativize(p).toString())
        .containsExactlyInAnyOrder("model.pt", "metrics.json");
    assertThat(Files.readString(tmp.resolve("out/model.pt"))).isEqualTo("weights after epoch 5");

    CostReport cost = backend.costReport(handle).orElseThrow();
    assertThat(cost.billable()).isEqualTo(Duration.ofSeconds(350));
    assertThat(cost.totalUsd()).isEqualByComparingTo(new BigDecimal("1.01").multiply(BigDecimal.valueOf(350))
        .divide(BigDecimal.valueOf(3600), 4, java.math.RoundingMode.HALF_UP));
    assertThat(cost.spotSavingsUsd()).isEmpty();
    assertThat(cost.phases()).extracting(p -> p.phase()).containsExactly("startup", "training", "upload");
    assertThat(cost.phases().stream().map(p -> p.duration()).reduce(Duration.ZERO, Duration::plus))
        .as("the phases cover the billed time, not the unbilled instance launch").isEqualTo(cost.billable());
  }

  @Test
  void submit_whenCreateIsThrottled_retriesWithBackoffAndCreatesExactlyOneJob() {
    fake.throttle("SageMaker.CreateTrainingJob", 2);

    JobHandle handle = submit(config().build());

    assertThat(count("SageMaker.CreateTrainingJob")).isEqualTo(3);
    assertThat(backend.list(10)).extracting(s -> s.jobId()).containsExactly(handle.id());
  }

  @Test
  void submit_whenCreateAnswers500AfterCreating_theSdkRetryAdoptsTheJobInsteadOfCreatingASecond() {
    fake.serverErrorAfterCreate(1);

    JobHandle handle = submit(config().build());

    assertThat(count("SageMaker.CreateTrainingJob")).isEqualTo(2);
    assertThat(handle.providerJobId()).contains("arn:aws:sagemaker:us-east-1:123456789012:training-job/" + handle.id());
    assertThat(backend.list(10)).extracting(s -> s.jobId()).containsExactly(handle.id());
  }

  @Test
  void submit_whenTheCreateAnswerWasLostAndTheRetrySeesResourceInUse_adoptsItsOwnJob() {
    CloudConfig config = config().build();
    JobHandle first = submit(config);
    String name = first.id();
    // The same request again (same name, same staging folder): what a retry after a lost answer sends.
    JobHandle again = backend.submit(SubmitRequest.builder().jobName(name).config(config).submittedAt(T0)
        .stagedConfigYaml("training:\n  epochs: 5\ncloud:\n  provider: sagemaker\n").build());

    assertThat(again.providerJobId()).isEqualTo(first.providerJobId());
    assertThat(backend.list(10)).hasSize(1);
  }

  @Test
  void submit_whenTheNameIsTakenByAnotherJob_failsWithResourceInUse() {
    JobHandle first = submit(config().build());
    clock.advance(Duration.ofSeconds(5));

    assertThatThrownBy(() -> backend.submit(SubmitRequest.builder().jobName(first.id()).config(config().build())
        .submittedAt(clock.instant()).stagedConfigYaml("a: 1\n").build()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("ResourceInUse: Training job names must be unique");
  }

  @Test
  void submit_overTheAccountLimit_failsWithQuotaException() {
    fake.limitInstances("ml.g5.xlarge", 1);
    submit(config().build());

    assertThatThrownBy(() -> submit(config().build()))
        .isInstanceOf(QuotaException.class)
        .hasMessageContaining("The account-level service limit 'ml.g5.xlarge for training job usage' is 1 Instances")
        .hasMessageContaining("Request a higher limit in the Service Quotas console");
  }

  private static CloudConfig withoutRole(CloudConfig c) {
    java.util.Map<org.soen.cloud.Setting<?>, Object> values = new java.util.LinkedHashMap<>(c.settingValues());
    values.remove(SageMakerSettings.ROLE);
    return CloudConfig.builder().from(c).settingValues(values).build();
  }

  @Test
  void submit_withoutRole_failsBeforeAnyRequestNamingCloudRoleAndTheVariable() {
    assertThatThrownBy(() -> submit(withoutRole(config().build())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cloud.role: required for SageMaker: set cloud.role or SOEN_SM_ROLE");
    assertThat(fake.requests()).isEmpty();
    assertThat(s3.keys(BUCKET)).isEmpty();
  }

  @Test
  void submit_withoutCredentials_failsWithTheSourceDocumentsFix() {
    Map<String, String> env = env();
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    try (SageMakerBackend noKeys = new SageMakerBackend(context(env))) {
      String name = "soen-cats-20261122210509-zzzz";
      journal.create(name);
      assertThatThrownBy(() -> noKeys.submit(SubmitRequest.builder().jobName(name).config(config().build())
          .submittedAt(T0).stagedConfigYaml("a: 1\n").build()))
          .isInstanceOf(CredentialsException.class)
          .hasMessage("AWS credentials not found: run `aws configure` or set AWS_ACCESS_KEY_ID and "
              + "AWS_SECRET_ACCESS_KEY (check with `aws sts get-caller-identity`)");
    }
  }

  private Map<String, String> webIdentityEnv(String token) throws java.io.IOException {
    Path tokenFile = tmp.resolve("eks-token");
    Files.writeString(tokenFile, token + "\n");
    Map<String, String> env = env();
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    env.put("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString());
    env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/eks-trainer");
    return env;
  }

  @Test
  void submit_withAWebIdentityTokenFile_assumesTheRoleAndKeepsTheTokenOutOfJournalAndEvents() throws Exception {
    String token = "eyJhbGciOiJSUzI1NiJ9.ZWtzLXNlcnZpY2UtYWNjb3VudA.c2lnbmF0dXJl";
    fake.trustWebIdentityToken(token);
    try (SageMakerBackend irsa = new SageMakerBackend(context(webIdentityEnv(token)))) {
      String name = "soen-cats-20261122210509-wi01";
      journal.create(name);
      JobHandle handle = irsa.submit(SubmitRequest.builder().jobName(name).config(config().build())
          .submittedAt(T0).stagedConfigYaml("a: 1\n").build());

      assertThat(fake.requests()).filteredOn(r -> r.target().equals("sts:AssumeRoleWithWebIdentity")).singleElement()
          .satisfies(r -> assertThat(r.body()).contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Feks-trainer")
              .contains("WebIdentityToken=" + token));
      assertThat(fake.createRequest(handle.id())).isNotNull();
      assertThat(journal.find(handle.id()).orElseThrow().toString()).doesNotContain(token);
      assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(token));
    }
  }

  @Test
  void submit_withAnUntrustedWebIdentityToken_failsAsACredentialsErrorBeforeUploading() throws Exception {
    fake.trustWebIdentityToken("the-trusted-one");
    try (SageMakerBackend irsa = new SageMakerBackend(context(webIdentityEnv("not-trusted")))) {
      String name = "soen-cats-20261122210509-wi02";
      journal.create(name);
      assertThatThrownBy(() -> irsa.submit(SubmitRequest.builder().jobName(name).config(config().build())
          .submittedAt(T0).stagedConfigYaml("a: 1\n").build()))
          .isInstanceOf(CredentialsException.class)
          .hasMessageContaining("AWS_WEB_IDENTITY_TOKEN_FILE").hasMessageContaining("InvalidIdentityToken")
          .hasMessageNotContaining("not-trusted");
    }
    assertThat(s3.keys(BUCKET)).isEmpty();
    assertThat(fake.requests()).noneMatch(r -> r.target().equals("SageMaker.CreateTrainingJob"));
  }

  @Test
  void spotInterruption_resumesFromTheCheckpointPrefixInsteadOfRestarting() {
    fake.trainingDuration(Duration.ofSeconds(300));
    JobHandle handle = submit(config().instance(InstanceSpec.builder().instanceType("ml.g5.xlarge").useSpot(true)
        .maxRuntime(Duration.ofHours(1)).build()).build());
    clock.advance(Duration.ofSeconds(90 + 150));
    fake.interruptSpot(handle.id());

    assertThat(backend.status(handle).state()).isEqualTo(JobState.INTERRUPTED);
    assertThat(backend.status(handle).message()).hasValueSatisfying(m -> assertThat(m).contains("resumes from its checkpoints"));
    String checkpoints = "soen/vision/cats/" + handle.id() + "/20261122-210509/checkpoints/";
    assertThat(s3.keys(BUCKET)).contains(checkpoints + "checkpoint-epoch-2.pt");

    assertThat(advanceAndStatus(Duration.ofSeconds(120), handle)).isEqualTo(JobState.PROVISIONING);
    assertThat(advanceAndStatus(Duration.ofSeconds(90), handle)).isEqualTo(JobState.RUNNING);
    assertThat(advanceAndStatus(Duration.ofSeconds(150), handle)).isEqualTo(JobState.COLLECTING);
    assertThat(advanceAndStatus(Duration.ofSeconds(20), handle)).isEqualTo(JobState.COMPLETED);

    List<String> messages = drain(handle).stream().map(LogLine::message).toList();
    assertThat(messages).contains("[algo-1] resuming from checkpoint s3://" + BUCKET + "/" + checkpoints
        + "checkpoint-epoch-2.pt at epoch 2");
    CostReport cost = backend.costReport(handle).orElseThrow();
    // 30 s download + 150 s + restart 60 s + 30 s + the remaining 150 s + 20 s upload; interruption not billed.
    assertThat(cost.billable()).isEqualTo(Duration.ofSeconds(440));
    assertThat(cost.hourlyUsd()).isEqualByComparingTo("0.35");
    // 1.01 USD/h on demand vs 0.35 USD/h spot for 440 s: 0.1234 - 0.0428.
    assertThat(cost.totalUsd()).isEqualByComparingTo("0.0428");
    assertThat(cost.spotSavingsUsd()).hasValueSatisfying(s -> assertThat(s).isEqualByComparingTo("0.0806"));
  }

  private List<LogLine> drain(JobHandle handle) {
    List<LogLine> all = new ArrayList<>();
    String cursor = "";
    for (int i = 0; i < 20; i++) {
      LogPage page = backend.logs(handle, cursor);
      all.addAll(page.lines());
      if (page.lines().isEmpty()) {
        break;
      }
      cursor = page.cursor();
    }
    return all;
  }

  @Test
  void logs_acrossInstanceStreams_inTimeOrderWithoutDuplicatesIncludingLateLines() {
    JobHandle handle = submit(config().instance(InstanceSpec.builder().instanceType("ml.g5.xlarge").instanceCount(2).build()).build());
    clock.advance(Duration.ofSeconds(90 + 130));
    LogPage first = backend.logs(handle, "");
    assertThat(first.complete()).isFalse();
    assertThat(first.lines()).extracting(LogLine::message).containsExactly(
        "[algo-1] starting training on 2 x ml.g5.xlarge", "[algo-2] starting training on 2 x ml.g5.xlarge",
        "[algo-1] epoch 1 loss=1.0000", "[algo-2] epoch 1 loss=1.0000",
        "[algo-1] epoch 2 loss=0.5000", "[algo-2] epoch 2 loss=0.5000");
    assertThat(first.lines()).extracting(LogLine::stream).allMatch(s -> s.startsWith("algo-1-") || s.startsWith("algo-2-"));

    clock.advance(Duration.ofSeconds(300));
    assertThat(backend.status(handle).state()).isEqualTo(JobState.COMPLETED);
    LogPage second = backend.logs(handle, first.cursor());
    assertThat(second.lines()).extracting(LogLine::message).startsWith("[algo-1] epoch 3 loss=0.3333")
        .endsWith("[algo-2] epoch 5 loss=0.2000", "[algo-2] training finished after epoch 5");
    assertThat(second.lines()).isSortedAccordingTo(java.util.Comparator.comparing(LogLine::at));
    assertThat(second.complete()).isFalse();

    // A line stamped during training arrives after the job ended.
    fake.appendLog(handle.id(), 2, T0.plusSeconds(200), "[algo-2] late flush of stdout");
    LogPage late = backend.logs(handle, second.cursor());
    assertThat(late.lines()).extracting(LogLine::message).containsExactly("[algo-2] late flush of stdout");

    LogPage nothingYet = backend.logs(handle, late.cursor());
    assertThat(nothingYet.lines()).isEmpty();
    assertThat(nothingYet.complete()).isFalse();
    LogPage emptyAgain = backend.logs(handle, nothingYet.cursor());
    assertThat(emptyAgain.complete()).isFalse();
    assertThat(backend.logs(handle, emptyAgain.cursor()).complete()).as("third empty read of an ended job").isTrue();
    clock.advance(SageMakerLogs.LOG_GRACE);
    LogPage done = backend.logs(handle, late.cursor());
    assertThat(done.lines()).isEmpty();
    assertThat(done.complete()).isTrue();

    List<LogLine> all = new ArrayList<>(first.lines());
    all.addAll(second.lines());
    all.addAll(late.lines());
    assertThat(new HashSet<>(all)).hasSize(all.size());
    assertThat(all).hasSize(2 * (1 + 5 + 1) + 1);
  }

  @Test
  void stop_whileRunning_waitsThroughTheGracePeriodUntilStoppedSayingWhatItWaitsFor() {
    JobHandle handle = submit(config().build());
    clock.advance(Duration.ofSeconds(120));
    Instant stopAt = clock.instant();

    JobStatus stopped = backend.stop(handle);

    assertThat(stopped.state()).isEqualTo(JobState.STOPPED);
    assertThat(stopped.detail()).isEqualTo("Stopped/Stopped");
    // the fake's scripted grace is 10 s: two polls of 5 s on the manual clock, no real waiting
    assertThat(Duration.between(stopAt, clock.instant())).isEqualTo(Duration.ofSeconds(10));
    assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.NOTICE).extracting(JobEvent::message)
        .containsSubsequence(
            "waiting for SageMaker to stop " + handle.id() + " (Stopping/Stopping): the container got SIGTERM and has "
                + "up to 120 s to save its work, then its output is uploaded; the job bills until it is Stopped, "
                + "usually within a few minutes",
            handle.id() + " is Stopped/Stopped after 10 s; nothing of it bills any more");
    assertThat(backend.stop(handle).state()).isEqualTo(JobState.STOPPED);
    assertThat(count("SageMaker.StopTrainingJob")).isEqualTo(1);
  }

  @Test
  void stop_whenInterruptedWhileWaiting_returnsTheJobStillStoppingAndKeepsTheInterrupt() {
    JobHandle handle = submit(config().build());
    clock.advance(Duration.ofSeconds(120));
    BackendContext interrupting = BackendContext.builder().from(context(env()))
        .sleeper(d -> {
          throw new InterruptedException("second Ctrl-C");
        }).build();
    try (SageMakerBackend impatient = new SageMakerBackend(interrupting)) {
      JobStatus status = impatient.stop(handle);

      assertThat(status.state()).isEqualTo(JobState.STOPPING);
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void status_ofAJournalledJobSageMakerHasNoRecordOf_isNotFoundSayingWhereToLook() {
    JobHandle submitted = submit(config().build());
    String unknown = "soen-cats-20261122210509-9999";
    journal.create(unknown, config().build());
    JobHandle elsewhere = JobHandle.builder().from(submitted).id(unknown).build();

    assertThatThrownBy(() -> backend.status(elsewhere)).isInstanceOf(org.soen.cloud.NotFoundException.class)
        .hasMessage("not found while trying to describe training job " + unknown + ": Requested resource not found. "
            + "SageMaker has no record of it in this account and region; it was submitted with other credentials, to "
            + "another region or to another endpoint");
  }

  @Test
  void status_afterMaxRuntime_isStoppedWithTheReason() {
    JobHandle handle = submit(config().instance(InstanceSpec.builder().instanceType("ml.g5.xlarge")
        .maxRuntime(Duration.ofMinutes(2)).build()).build());
    clock.advance(Duration.ofMinutes(10));

    var status = backend.status(handle);
    assertThat(status.state()).isEqualTo(JobState.STOPPED);
    assertThat(status.detail()).isEqualTo("Stopped/MaxRuntimeExceeded");
    assertThat(status.message()).hasValueSatisfying(m -> assertThat(m).startsWith("stopped by SageMaker after MaxRuntimeInSeconds"));
  }

  @Test
  void status_whenTheJobFails_surfacesFailureReason() {
    fake.failNextJob("AlgorithmError: ExecuteUserScriptError: exit code 1");
    JobHandle handle = submit(config().build());
    clock.advance(Duration.ofMinutes(3));

    var status = backend.status(handle);
    assertThat(status.state()).isEqualTo(JobState.FAILED);
    assertThat(status.message()).contains("AlgorithmError: ExecuteUserScriptError: exit code 1");
  }

  @Test
  void list_isNewestFirstAndBounded() {
    JobHandle a = submit(config().build());
    clock.advance(Duration.ofSeconds(1));
    JobHandle b = submit(config().build());
    clock.advance(Duration.ofSeconds(1));
    JobHandle c = submit(config().build());

    assertThat(backend.list(2)).extracting(s -> s.jobId()).containsExactly(c.id(), b.id());
    assertThat(backend.list(100)).extracting(s -> s.jobId()).containsExactly(c.id(), b.id(), a.id());
  }

  @Test
  void secrets_goOnlyToTheJobEnvironment_neverToStagedObjectsJournalEventsOrOtherRequests() {
    String hfToken = "hf_s3cr3t_token_value";
    String mlflowPassword = "mlflow-p4ssw0rd";
    JobHandle handle = submit(config().putSecretEnvironment("HF_TOKEN", hfToken)
        .mlflow(MlflowSettings.builder().trackingUri("http://mlflow:5000").username("me").password(mlflowPassword).build())
        .build());
    clock.advance(Duration.ofMinutes(10));
    backend.status(handle);
    backend.logs(handle, "");
    backend.costReport(handle);

    Set<String> secrets = Set.of(hfToken, mlflowPassword);
    for (String key : s3.keys(BUCKET)) {
      String content = readBlob(key);
      assertThat(secrets).noneMatch(content::contains);
    }
    for (FakeSageMaker.Request r : fake.requests()) {
      String body = r.body();
      if (r.target().equals("SageMaker.CreateTrainingJob")) {
        JsonNode create = readTree(body);
        assertThat(create.path("Environment").path("HF_TOKEN").asText()).isEqualTo(hfToken);
        assertThat(create.path("Environment").path("MLFLOW_TRACKING_PASSWORD").asText()).isEqualTo(mlflowPassword);
        ((ObjectNode) create).remove("Environment");
        body = create.toString();
      }
      String checked = body;
      assertThat(secrets).as(r.target()).noneMatch(checked::contains);
    }
    String journalText = journal.find(handle.id()).orElseThrow().toString();
    assertThat(secrets).noneMatch(journalText::contains);
    assertThat(events).allSatisfy(e -> assertThat(secrets).noneMatch(e.toString()::contains));
  }

  @Test
  void submit_whenTheStagedConfigStillHoldsASecret_refusesBeforeUploading() {
    String name = "soen-cats-20261122210509-sec1";
    journal.create(name);
    assertThatThrownBy(() -> backend.submit(SubmitRequest.builder().jobName(name)
        .config(config().putSecretEnvironment("HF_TOKEN", "hf_leaky_value").build()).submittedAt(T0)
        .stagedConfigYaml("token: hf_leaky_value\n").build()))
        .isInstanceOf(org.soen.cloud.SoenCloudException.class)
        .hasMessageContaining("it still holds a secret value")
        .hasMessageNotContaining("hf_leaky_value");
    assertThat(s3.keys(BUCKET)).isEmpty();
  }

  @Test
  void doctor_onHealthySetup_passesEveryCheck() {
    List<PreflightCheck> checks = backend.doctor(config().build());

    assertThat(checks).extracting(PreflightCheck::name).containsExactly("region", "credentials", "role", "bucket", "image", "secrets");
    assertThat(checks).allMatch(PreflightCheck::passed);
    assertThat(checks.get(1).detail()).isEqualTo("account 123456789012 as arn:aws:iam::123456789012:user/soen-test");
  }

  @Test
  void doctor_withEverythingWrong_reportsEveryFailureWithItsFixAtOnce() {
    Map<String, String> env = env();
    env.remove("AWS_REGION");
    env.remove("AWS_ACCESS_KEY_ID");
    env.remove("AWS_SECRET_ACCESS_KEY");
    CloudConfig config = CloudConfig.builder().provider("sagemaker")
        .set(SageMakerSettings.ENDPOINTS.get("s3"), s3.endpoint()).set(SageMakerSettings.S3_PATH_STYLE, true)
        .set(SageMakerSettings.BUCKET, "no-such-bucket").build();
    try (SageMakerBackend fresh = new SageMakerBackend(context(env))) {
      List<PreflightCheck> checks = fresh.doctor(config);

      assertThat(checks).extracting(PreflightCheck::name).containsExactly("region", "credentials", "role", "bucket", "image", "secrets");
      List<PreflightCheck> failed = checks.subList(0, 5);
      assertThat(failed).noneMatch(PreflightCheck::passed);
      assertThat(failed).allSatisfy(c -> assertThat(c.fix()).isPresent().get().isNotEqualTo(c.detail()));
      assertThat(checks.get(5).passed()).as("where secrets go is information, not a failure").isTrue();
      assertThat(checks.get(0).detail()).isEqualTo("no AWS region configured (the checks below used us-east-1)");
      assertThat(checks.get(1).detail()).isEqualTo("AWS credentials not found (environment, ~/.aws profiles, web "
          + "identity and instance role were tried)");
      assertThat(checks.get(1).fix()).contains(AwsErrors.CREDENTIALS_HOW);
      assertThat(checks.get(2).fix()).contains("set cloud.role or SOEN_SM_ROLE to arn:aws:iam::<account>:role/<name>");
      assertThat(checks.get(3).fix()).contains("give credentials first (see the credentials check); this check needs them");
      assertThat(checks.get(4).fix()).hasValueSatisfying(f -> assertThat(f).startsWith("set cloud.docker_image_pytorch"));
    }
  }

  @Test
  void doctor_whenTheBucketDoesNotExistAndTheImageIsNotOnEcr_givesTheFixes() {
    List<PreflightCheck> checks = backend.doctor(config().set(SageMakerSettings.BUCKET, "no-such-bucket")
        .set(SageMakerSettings.IMAGE_PYTORCH, "docker.io/me/train:latest").build());
    assertThat(checks).filteredOn(c -> c.name().equals("bucket")).singleElement().satisfies(c -> {
      assertThat(c.passed()).isFalse();
      assertThat(c.fix()).hasValueSatisfying(f -> assertThat(f).startsWith("create it with `aws s3 mb s3://no-such-bucket --region us-east-1`"));
    });
    assertThat(checks).filteredOn(c -> c.name().equals("image")).singleElement()
        .satisfies(c -> assertThat(c.fix()).hasValueSatisfying(f -> assertThat(f).startsWith("SageMaker pulls training images from ECR")));
  }

  @Test
  void downloadArtifacts_withArtifactGlobs_extractsOnlyTheMatchingFilesAndNamesAGlobThatMatchedNothing() {
    JobHandle handle = submit(config().artifacts(List.of("*.pt", "logs/**")).build());
    clock.advance(Duration.ofMinutes(10));
    assertThat(backend.status(handle).state()).isEqualTo(JobState.COMPLETED);

    List<Path> files = backend.downloadArtifacts(handle, tmp.resolve("out"));

    assertThat(files).extracting(p -> tmp.resolve("out").relativize(p).toString()).containsExactly("model.pt");
    assertThat(tmp.resolve("out/metrics.json")).doesNotExist();
    assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.NOTICE).extracting(JobEvent::message)
        .contains("artifacts logs/** matched no file of " + handle.id() + "'s model.tar.gz (cloud.artifacts); "
            + "1 file(s) extracted");
  }

  private String readBlob(String key) {
    try (var in = s3.open(BUCKET, key)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode readTree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
