package org.soen.cloud.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogPage;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.ReapReport;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;
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
  private final FakeLedger ledger;

  private FakeTrainingBackend(Builder b) {
    this.id = b.id;
    this.clock = b.clock;
    this.pricing = b.pricing;
    this.primary = FakePersona.of(id, pricing, clock, b.instanceTypes, b.defaultInstanceType, b.settings);
    this.ledger = new FakeLedger(id, clock, pricing);
  }

  FakeLedger ledger() {
    return ledger;
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
    return FakeSession.provider(this, primary);
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
    return FakeSession.provider(this, p);
  }

  /** Script the outcome of the next submission that has none yet; outcomes are used in order. */
  public FakeTrainingBackend enqueue(FakeJob outcome) {
    ledger.enqueue(Objects.requireNonNull(outcome, "outcome"));
    return this;
  }

  /**
   * The outcome of every submission once the queue is empty; {@code null} (the default) makes such
   * a submission fail at once with a message saying what to enqueue.
   */
  public FakeTrainingBackend setFallback(FakeJob outcome) {
    ledger.setFallback(outcome);
    return this;
  }

  /** How many enqueued outcomes no submission has used yet. */
  public int scriptedOutcomesLeft() {
    return ledger.scriptedOutcomesLeft();
  }

  /**
   * The oldest submission not taken yet.
   *
   * @throws IllegalStateException when every submission was taken or none was made
   */
  public RecordedSubmission takeSubmission() {
    return ledger.takeSubmission();
  }

  /** Every submission so far, oldest first, taken or not. */
  public List<RecordedSubmission> submissions() {
    return ledger.submissions();
  }

  /**
   * How many times {@code status} was called for {@code jobId}: the trainer's polls, including
   * those of {@code CloudTrainer.list()}, which asks for the status of every unfinished job.
   */
  public int statusCalls(String jobId) {
    return ledger.statusCalls(jobId);
  }

  /** How many times {@code stop} was called for {@code jobId}. */
  public int stopCalls(String jobId) {
    return ledger.stopCalls(jobId);
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
    return ledger.submit(primary, request, null);
  }

  @Override
  public JobHandle attach(JobHandle handle) {
    return ledger.attach(handle);
  }

  @Override
  public JobStatus status(JobHandle handle) {
    return ledger.status(handle);
  }

  /** The jobs of this fake, newest first, at most {@code limit}, without counting as polls. */
  @Override
  public List<JobStatus> list(int limit) {
    return ledger.list(limit);
  }

  @Override
  public JobStatus stop(JobHandle handle) {
    return ledger.stop(handle);
  }

  /** The cursor is the number of lines already read, as a decimal string ({@code ""} for none). */
  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    return ledger.logs(handle, cursor);
  }

  /**
   * Writes the scripted artifacts matching {@code cloud.artifacts} (every artifact when it is
   * empty) once the job has completed; none for a failed or stopped job.
   *
   * @throws NotFoundException when the job has not ended yet
   */
  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    return ledger.downloadArtifacts(handle, targetDirectory);
  }

  /**
   * Once the job ended: startup (until it first ran), training (running time; interrupted time is
   * not billed) and collecting, priced per instance-hour with the spot price for spot jobs.
   */
  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    return ledger.costReport(handle, this::persona);
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
    ledger.close();
  }

  @Override
  public String toString() {
    return ledger.toString();
  }

  private List<InstancePrice> instanceTypes() {
    Map<String, InstancePrice> ownTypes = primary.ownTypes();
    List<InstancePrice> all = new ArrayList<>(ownTypes.values());
    pricing.entries().stream()
        .filter(p -> p.provider().equals(id) && !ownTypes.containsKey(p.instanceType()))
        .forEach(all::add);
    return all;
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
