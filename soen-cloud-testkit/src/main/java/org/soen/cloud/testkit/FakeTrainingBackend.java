package org.soen.cloud.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.ReapReport;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;
import org.soen.cloud.testkit.internal.DataFiles;
import org.soen.cloud.testkit.internal.FakeArtifacts;
import org.soen.cloud.testkit.internal.FakeCost;
import org.soen.cloud.testkit.internal.FakePersona;

/**
 * An in-memory provider for tests, in the spirit of OkHttp's mockwebserver: script what each
 * submission does ({@link #enqueue(FakeJob)}), run your code through a real
 * {@link org.soen.cloud.CloudTrainer}, then verify what was submitted
 * ({@link #takeSubmission()}). No cloud, no account, no threads and no sleeps: jobs move when
 * they are polled or when the {@link ManualClock} passes their scripted end.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.create();
 * FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
 * fake.enqueue(FakeJob.completesAfterPolls(2).withArtifact("best.pt", "weights"));
 *
 * try (CloudTrainer trainer = CloudTrainer.builder()
 *     .provider(fake.provider()).discoverProviders(false)
 *     .clock(clock).sleeper(clock).home(tempDir).build()) {
 *   JobHandle job = trainer.submit(CloudConfig.builder().provider("fake")
 *       .command(List.of("python", "train.py")).data("data/").build());
 *   assertThat(trainer.await(job).state()).isEqualTo(JobState.COMPLETED);
 * }
 * assertThat(fake.takeSubmission().dataFiles()).contains("train.csv");
 * }</pre>
 *
 * <p>The fake is as strict as a real provider. Through a trainer, a config passes the same general
 * checks as for any provider (catalog instance types, data, budget), and {@link #validate} adds
 * those of the provider whose id the fake carries: {@code fake}'s own instance types and a
 * required command; as {@code local}, any instance type and a required command; as
 * {@code sagemaker}, a role ARN and a bucket; no spot where the type has no spot price. A
 * submission with nothing scripted fails at once instead of hanging, a job name submitted twice
 * is refused, and a staged config holding a secret value is refused. Its state lives in this
 * object, not in a trainer, so a second trainer given the same {@link #provider()} can
 * {@code attach} to a job the first one
 * submitted. Called directly rather than through a trainer, it works the same but sends no
 * events. Thread-safe.
 */
public final class FakeTrainingBackend implements TrainingBackend {
  /** The provider id of a fake built without {@link Builder#id(String)}. */
  public static final String DEFAULT_ID = "fake";

  private final String id;
  private final Clock clock;
  private final PricingCatalog pricing;
  private final FakePersona primary;
  private final Map<String, FakePersona> standIns = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final Deque<FakeJob> script = new ArrayDeque<>();
  private final Deque<RecordedSubmission> untaken = new ArrayDeque<>();
  private final List<RecordedSubmission> submissions = new ArrayList<>();
  private final Map<String, FakeRun> runs = new LinkedHashMap<>();
  private FakeJob fallback;
  private boolean closed;

  private FakeTrainingBackend(Builder b) {
    this.id = b.id;
    this.clock = b.clock;
    this.pricing = b.pricing;
    this.primary = FakePersona.of(id, pricing, clock, b.instanceTypes, b.defaultInstanceType, b.settings);
  }

  private FakePersona persona(String personaId) {
    return personaId.equals(id) ? primary : standIns.getOrDefault(personaId, primary);
  }

  /** A fake with id {@value #DEFAULT_ID}, its own {@link ManualClock} and the bundled catalog. */
  public static FakeTrainingBackend create() {
    return builder().build();
  }

  /** A builder for the id, clock, pricing and instance types. */
  public static Builder builder() {
    return new Builder();
  }

  /** The provider id this fake answers to. */
  public String id() {
    return id;
  }

  /** The fake's clock: job durations and cost follow it. */
  public Clock clock() {
    return clock;
  }

  /** The instance type used when a config names none. */
  public String defaultInstanceType() {
    return primary.defaultInstanceType();
  }

  /**
   * A provider for {@link org.soen.cloud.CloudTrainer.Builder#provider}. Every trainer built with
   * it shares this fake's jobs, script and recordings; events go to the trainer that made the call.
   */
  public TrainingBackendProvider provider() {
    return new Provider(primary);
  }

  /**
   * A provider through which this fake stands in for the provider {@code providerId}, for a trainer
   * that should send configs naming that provider here: as that provider, the fake takes its
   * instance types from the pricing catalog, applies its checks and declares {@code settings} (pass
   * the real provider's {@code settings()} so configs written for it are read as strictly). Jobs,
   * script and recordings stay this fake's, whichever provider they came through; handles carry
   * {@code providerId}. The fake's own id gives {@link #provider()}.
   */
  public TrainingBackendProvider standIn(String providerId,
      List<org.soen.cloud.Setting<?>> settings) {
    if (providerId.equals(id)) {
      return provider();
    }
    Builder.checkId(providerId);
    FakePersona p = standIns.computeIfAbsent(providerId,
        k -> FakePersona.of(k, pricing, clock, List.of(), null, settings));
    return new Provider(p);
  }

  /** Script the outcome of the next submission that has none yet; outcomes are used in order. */
  public FakeTrainingBackend enqueue(FakeJob outcome) {
    Objects.requireNonNull(outcome, "outcome");
    synchronized (lock) {
      script.addLast(outcome);
    }
    return this;
  }

  /**
   * The outcome of every submission once the queue is empty; {@code null} (the default) makes such
   * a submission fail at once with a message saying what to enqueue.
   */
  public FakeTrainingBackend setFallback(FakeJob outcome) {
    synchronized (lock) {
      fallback = outcome;
    }
    return this;
  }

  /** How many enqueued outcomes no submission has used yet. */
  public int scriptedOutcomesLeft() {
    synchronized (lock) {
      return script.size();
    }
  }

  /**
   * The oldest submission not taken yet.
   *
   * @throws IllegalStateException when every submission was taken or none was made
   */
  public RecordedSubmission takeSubmission() {
    synchronized (lock) {
      RecordedSubmission s = untaken.pollFirst();
      if (s == null) {
        throw new IllegalStateException("FakeTrainingBackend[" + id + "] has no submission to take: "
            + submissions.size() + " received, all taken");
      }
      return s;
    }
  }

  /** Every submission so far, oldest first, taken or not. */
  public List<RecordedSubmission> submissions() {
    synchronized (lock) {
      return List.copyOf(submissions);
    }
  }

  /**
   * How many times {@code status} was called for {@code jobId}: the trainer's polls, including
   * those of {@code CloudTrainer.list()}, which asks for the status of every unfinished job.
   */
  public int statusCalls(String jobId) {
    synchronized (lock) {
      return run(jobId).statusCalls();
    }
  }

  /** How many times {@code stop} was called for {@code jobId}. */
  public int stopCalls(String jobId) {
    synchronized (lock) {
      return run(jobId).stopCalls();
    }
  }

  @Override
  public List<ConfigProblem> validate(CloudConfig config) {
    return primary.validate(config);
  }

  /**
   * The price of one of the fake's own instance types; as {@code local}, the catalog's
   * {@code local} price for any type, as the real local provider answers.
   */
  @Override
  public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
    return primary.ownPrice(instanceType);
  }


  @Override
  public JobHandle submit(SubmitRequest request) {
    return submit(primary, request, null);
  }

  @Override
  public JobHandle attach(JobHandle handle) {
    return attachRun(handle);
  }

  @Override
  public JobStatus status(JobHandle handle) {
    synchronized (lock) {
      requireOpen();
      return run(handle.id()).poll(clock.instant());
    }
  }

  /** The jobs of this fake, newest first, at most {@code limit}, without counting as polls. */
  @Override
  public List<JobStatus> list(int limit) {
    synchronized (lock) {
      requireOpen();
      List<JobStatus> out = new ArrayList<>();
      runs.values().forEach(r -> out.add(0, r.snapshot(clock.instant())));
      return List.copyOf(out.subList(0, Math.max(0, Math.min(limit, out.size()))));
    }
  }

  @Override
  public JobStatus stop(JobHandle handle) {
    synchronized (lock) {
      requireOpen();
      return run(handle.id()).stop(clock.instant());
    }
  }

  /** The cursor is the number of lines already read, as a decimal string ({@code ""} for none). */
  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    synchronized (lock) {
      requireOpen();
      FakeRun run = run(handle.id());
      List<LogLine> lines = run.visibleLines(clock.instant());
      int from = parseCursor(cursor, lines.size());
      boolean complete = run.state().isTerminal();
      return LogPage.of(lines.subList(from, lines.size()), Integer.toString(lines.size()),
          complete);
    }
  }

  /**
   * Writes the scripted artifacts matching {@code cloud.artifacts} (every artifact when it is
   * empty) once the job has completed; none for a failed or stopped job.
   *
   * @throws NotFoundException when the job has not ended yet
   */
  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    Map<String, byte[]> files;
    List<String> globs;
    synchronized (lock) {
      requireOpen();
      FakeRun run = run(handle.id());
      if (!run.state().isTerminal()) {
        throw new NotFoundException("job " + handle.id() + " has no artifacts yet: it is "
            + run.state() + "; await it first");
      }
      files = run.state() == JobState.COMPLETED ? run.script.artifacts() : Map.of();
      globs = run.config.artifacts();
    }
    return FakeArtifacts.write(handle.id(), files, globs, targetDirectory);
  }

  /**
   * Once the job ended: startup (until it first ran), training (running time; interrupted time is
   * not billed) and collecting, priced per instance-hour with the spot price for spot jobs.
   */
  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    synchronized (lock) {
      requireOpen();
      FakeRun run = run(handle.id());
      if (!run.state().isTerminal()) {
        return Optional.empty();
      }
      FakePersona p = persona(run.handle.provider());
      String type = run.config.instance().instanceType().orElse(p.defaultInstanceType());
      InstancePrice price = p.ownPrice(type).or(() -> pricing.find(p.id(), type))
          .orElseThrow(() -> new SoenCloudException("no price known for " + type + " on " + p.id()));
      LinkedHashMap<String, Duration> phases = new LinkedHashMap<>();
      phases.put("startup", run.timeIn(JobState.PROVISIONING).plus(run.timeIn(JobState.STAGING)));
      phases.put("training", run.timeIn(JobState.RUNNING));
      phases.put("download", run.timeIn(JobState.COLLECTING).plus(run.timeIn(JobState.STOPPING)));
      return Optional.of(FakeCost.report(handle.id(), p.id(), run.config.instance().instanceCount(),
          price, run.config.instance().useSpot(), phases));
    }
  }

  /** Jobs still running are what a real provider's {@code reap} would look for; the fake has none left behind. */
  @Override
  public ReapReport reap(boolean dryRun) {
    return ReapReport.empty(dryRun);
  }

  /** One passed check: the fake needs no account, network or tool. */
  @Override
  public List<PreflightCheck> doctor(CloudConfig config) {
    return primary.doctor();
  }


  /** Closing the fake ends it for every trainer: later calls fail with {@link IllegalStateException}. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FakeTrainingBackend[" + id + ", " + runs.size() + " jobs, " + script.size()
          + " scripted outcomes left]";
    }
  }

  private JobHandle submit(FakePersona p, SubmitRequest request, JobListener events) {
    SoenCloudException rejection;
    FakeRun run;
    synchronized (lock) {
      requireOpen();
      CloudConfig config = request.config();
      if (runs.containsKey(request.jobName())) {
        throw new IllegalStateException("FakeTrainingBackend[" + id + "]: job "
            + request.jobName() + " was submitted twice; a provider must never launch a job twice");
      }
      FakeJob outcome = script.isEmpty() ? fallback : script.pollFirst();
      if (outcome == null) {
        throw new IllegalStateException("FakeTrainingBackend[" + id + "]: nothing scripted for"
            + " submission #" + submissions.size() + " (job " + request.jobName() + "); call"
            + " fake.enqueue(FakeJob.completesAfterPolls(1)) or another FakeJob before submitting");
      }
      requireNoSecretStaged(request);
      List<String> data = DataFiles.list(config);
      long bytes = DataFiles.bytes(config, data);
      rejection = outcome.rejection().orElse(null);
      RecordedSubmission recorded = new RecordedSubmission(submissions.size(), request, data,
          bytes, rejection == null ? null : rejection.getClass().getSimpleName() + ": "
              + rejection.getMessage());
      submissions.add(recorded);
      untaken.addLast(recorded);
      if (rejection != null) {
        throw rejection;
      }
      JobHandle handle = JobHandle.builder()
          .id(request.jobName())
          .provider(p.id())
          .submittedAt(request.submittedAt())
          .providerJobId("fake-" + recorded.sequence())
          .stagingUri("fake://" + config.project() + "/" + config.experiment() + "/"
              + request.jobName() + "/")
          .putDetails("instance_type", config.instance().instanceType()
              .orElse(p.defaultInstanceType()))
          .putDetails("data_files", Integer.toString(data.size()))
          .putDetails("data_bytes", Long.toString(bytes))
          .build();
      run = new FakeRun(handle, config, outcome, clock.instant());
      runs.put(handle.id(), run);
    }
    if (events != null) {
      long bytes = Long.parseLong(run.handle.details().get("data_bytes"));
      events.onEvent(JobEvent.builder().jobId(run.handle.id()).at(clock.instant())
          .kind(JobEvent.Kind.PROGRESS).bytesDone(bytes).bytesTotal(bytes)
          .message("staged the training config and " + run.handle.details().get("data_files")
              + " data files (" + bytes + " bytes) on the fake provider " + p.id()).build());
    }
    return run.handle;
  }

  private JobHandle attachRun(JobHandle handle) {
    synchronized (lock) {
      requireOpen();
      return run(handle.id()).handle;
    }
  }

  private void requireNoSecretStaged(SubmitRequest request) {
    CloudConfig c = request.config();
    List<String> secrets = new ArrayList<>(c.secretEnvironment().values());
    c.mlflow().password().ifPresent(secrets::add);
    c.settingValues().forEach((setting, value) -> {
      if (setting.secret()) {
        secrets.add(String.valueOf(value));
      }
    });
    for (String secret : secrets) {
      if (!secret.isEmpty() && request.stagedConfigYaml().contains(secret)) {
        throw new IllegalStateException("FakeTrainingBackend[" + id + "]: the staged config of job "
            + request.jobName() + " contains a secret value; secrets must be removed before"
            + " staging");
      }
    }
  }

  private List<InstancePrice> instanceTypes() {
    Map<String, InstancePrice> ownTypes = primary.ownTypes();
    List<InstancePrice> all = new ArrayList<>(ownTypes.values());
    pricing.entries().stream()
        .filter(p -> p.provider().equals(id) && !ownTypes.containsKey(p.instanceType()))
        .forEach(all::add);
    return all;
  }

  private FakeRun run(String jobId) {
    FakeRun run = runs.get(jobId);
    if (run == null) {
      throw new NotFoundException("FakeTrainingBackend[" + id + "] has no job " + jobId
          + "; it knows " + runs.keySet());
    }
    return run;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("FakeTrainingBackend[" + id + "] is closed");
    }
  }

  private static int parseCursor(String cursor, int size) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      int from = Integer.parseInt(cursor);
      if (from >= 0 && from <= size) {
        return from;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("log cursor \"" + cursor + "\" is not one this fake gave"
        + " out; pass \"\" or the cursor of the previous page");
  }


  /** The provider handed to trainers: a view of this fake bound to the trainer's event sink. */
  private final class Provider implements TrainingBackendProvider {
    private final FakePersona persona;

    Provider(FakePersona persona) {
      this.persona = persona;
    }

    @Override
    public String id() {
      return persona.id();
    }

    @Override
    public String description() {
      return "in-memory fake for tests (soen-cloud-testkit)";
    }

    @Override
    public String defaultInstanceType() {
      return persona.defaultInstanceType();
    }

    @Override
    public List<org.soen.cloud.Setting<?>> settings() {
      return persona.settings();
    }

    @Override
    public TrainingBackend create(BackendContext context) {
      return new Session(persona, context.events());
    }
  }

  /** One trainer's view of the fake; closing it leaves the fake and its jobs alone. */
  private final class Session implements TrainingBackend {
    private final FakePersona persona;
    private final JobListener events;

    Session(FakePersona persona, JobListener events) {
      this.persona = persona;
      this.events = events;
    }

    @Override
    public List<ConfigProblem> validate(CloudConfig config) {
      return persona.validate(config);
    }

    @Override
    public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
      return persona.ownPrice(instanceType);
    }

    @Override
    public JobHandle submit(SubmitRequest request) {
      return FakeTrainingBackend.this.submit(persona, request, events);
    }

    @Override
    public JobHandle attach(JobHandle handle) {
      return attachRun(handle);
    }

    @Override
    public JobStatus status(JobHandle handle) {
      return FakeTrainingBackend.this.status(handle);
    }

    @Override
    public List<JobStatus> list(int limit) {
      return FakeTrainingBackend.this.list(limit);
    }

    @Override
    public JobStatus stop(JobHandle handle) {
      return FakeTrainingBackend.this.stop(handle);
    }

    @Override
    public LogPage logs(JobHandle handle, String cursor) {
      return FakeTrainingBackend.this.logs(handle, cursor);
    }

    @Override
    public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
      return FakeTrainingBackend.this.downloadArtifacts(handle, targetDirectory);
    }

    @Override
    public Optional<CostReport> costReport(JobHandle handle) {
      return FakeTrainingBackend.this.costReport(handle);
    }

    @Override
    public List<PreflightCheck> doctor(CloudConfig config) {
      return persona.doctor();
    }

    @Override
    public void close() {
      // the fake outlives the trainers that use it
    }
  }

  /** Builds a {@link FakeTrainingBackend}. */
  public static final class Builder {
    private String id = DEFAULT_ID;
    private Clock clock;
    private PricingCatalog pricing;
    private final List<InstancePrice> instanceTypes = new ArrayList<>();
    private String defaultInstanceType;
    private final List<org.soen.cloud.Setting<?>> settings = new ArrayList<>();

    private Builder() {}

    /**
     * Declare {@code settings} as the provider the fake stands in for declares them (its
     * {@code cloud.<section>.*}), so configs written for it are read with the same strictness.
     */
    public Builder settings(List<org.soen.cloud.Setting<?>> settings) {
      this.settings.addAll(settings);
      return this;
    }

    /**
     * The provider id (default {@value #DEFAULT_ID}). Give a real provider's id ({@code sagemaker},
     * {@code lambdalabs}, {@code local}) to stand in for it: the fake then takes that provider's
     * instance types from the pricing catalog and applies its checks.
     */
    public Builder id(String id) {
      this.id = checkId(id);
      return this;
    }

    private static String checkId(String id) {
      if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("a provider id is lowercase letters, digits and dashes,"
            + " was " + id);
      }
      return id;
    }

    /** The clock job durations and cost follow (default: a new {@link ManualClock}). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The catalog the fake takes its id's instance types from (default: the bundled one). */
    public Builder pricing(PricingCatalog pricing) {
      this.pricing = Objects.requireNonNull(pricing, "pricing");
      return this;
    }

    /**
     * Offer {@code price}'s instance type at its price, on top of the catalog's. A fake whose id
     * has no catalog rows and no types given offers {@code fake-gpu-1x} (1.00 USD/h, spot 0.30)
     * and {@code fake-gpu-8x} (8.00 USD/h, spot 2.40).
     */
    public Builder instanceType(InstancePrice price) {
      if (!price.provider().equals(id)) {
        throw new IllegalArgumentException("instance type " + price.instanceType()
            + " is priced for provider " + price.provider() + ", not " + id
            + "; call id(...) before instanceType(...)");
      }
      instanceTypes.add(price);
      return this;
    }

    /** The instance type for configs that name none (default: the first offered). */
    public Builder defaultInstanceType(String type) {
      this.defaultInstanceType = type;
      return this;
    }

    /** The fake. */
    public FakeTrainingBackend build() {
      if (clock == null) {
        clock = ManualClock.create();
      }
      if (pricing == null) {
        pricing = PricingCatalog.bundled();
      }
      FakeTrainingBackend fake = new FakeTrainingBackend(this);
      if (fake.instanceTypes().stream().noneMatch(p ->
          p.instanceType().equals(fake.defaultInstanceType()))) {
        throw new IllegalArgumentException("default instance type " + fake.defaultInstanceType()
            + " is not offered by the fake " + id);
      }
      return fake;
    }
  }
}
