package org.soen.cloud;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.internal.Trainer;
import org.soen.cloud.spi.Sleeper;
import org.soen.cloud.spi.TrainingBackendProvider;

/**
 * The entry point for a job's lifecycle: load a config, estimate, submit, follow, stop, attach and
 * download. Every verb takes the job's {@link JobHandle}; {@link #handle(String)} gives the handle
 * of a job known only by its name. Operator tools (reap, doctor, pricing, settings, saved
 * defaults) are apart, on {@link #operations()}.
 *
 * <pre>{@code
 * try (CloudTrainer trainer = CloudTrainer.create()) {
 *   JobHandle job = trainer.submit(Path.of("train.yaml"));
 *   JobStatus done = trainer.await(job);
 *   trainer.download(job, Path.of("artifacts"));
 * }
 * }</pre>
 *
 * <p>An instance holds the providers' clients and the journal; it has no static state, so tests
 * can build as many as they like with {@link #builder()}. Jobs outlive the trainer: a new trainer
 * (in this process or another) finds them in the journal, {@code attach(handle(name))}.
 *
 * <p><b>Thread safety:</b> a trainer is thread-safe. One instance may serve many threads at once,
 * for example {@link #stop} from a Ctrl-C handler while another thread is in {@link #await}, or a
 * web console's requests; the journal serializes its writes. Listeners are called on the thread
 * that observed the event (the one polling or driving the job), so they must be thread-safe too.
 * {@link #close()} must not race with calls still running on other threads.
 */
public final class CloudTrainer implements AutoCloseable {
  private final Trainer trainer;
  private final TrainerOperations operations;

  private CloudTrainer(Trainer trainer) {
    this.trainer = trainer;
    this.operations = new TrainerOperations(trainer);
  }

  /**
   * A trainer with every provider on the class path, the system clock, the process environment
   * and the journal under {@code ~/.soen} (or {@code SOEN_HOME}).
   */
  public static CloudTrainer create() {
    return builder().build();
  }

  /** A builder for explicit providers, clock, journal folder, listeners and environment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Load a training YAML's {@code cloud:} section with the full precedence: YAML, environment
   * variables, {@code ~/.soen/cloud_config.yaml}, defaults.
   *
   * @throws ConfigurationException listing every problem, with file, key path, line and column
   */
  public CloudConfig loadConfig(Path trainingYaml) {
    return trainer.resolve(Optional.of(trainingYaml), Map.of()).config();
  }

  /**
   * The effective settings of {@code trainingYaml} with explicit {@code overrides} on top, and
   * where each came from ({@link ResolvedConfig#config()} is the config). Overrides are keyed by
   * the path under {@code cloud.} (for example {@code instance.instance_type} or {@code provider}),
   * as the command line's flags are.
   *
   * @throws ConfigurationException listing every problem, each where its value was written
   */
  public ResolvedConfig resolveConfig(Path trainingYaml, Map<String, String> overrides) {
    return trainer.resolve(Optional.of(trainingYaml), overrides);
  }

  /**
   * The effective settings without a training YAML, from {@code overrides}, the environment, the
   * user config and the defaults, and where each came from.
   */
  public ResolvedConfig resolveConfig(Map<String, String> overrides) {
    return trainer.resolve(Optional.empty(), overrides);
  }

  /**
   * Every check a submission of {@code config} would run, and nothing else: nothing is sent, looked
   * up or written. For callers that do other paid or remote work (a reap) before submitting.
   *
   * @throws ConfigurationException listing every problem, each where its value was written
   */
  public void validate(CloudConfig config) {
    trainer.validate(config);
  }

  /**
   * What {@code config} would cost, at the provider's live price, else the pricing file's or the
   * bundled catalog's. Submits nothing. A type with no known price is estimated without totals
   * ({@link CostEstimate#missingPrice()} says how to give one).
   *
   * @throws ConfigurationException when the config is invalid, or {@code cloud.max_cost_usd} cannot be
   *     kept (even the cheapest run exceeds it, or no price is known to keep it with)
   */
  public CostEstimate estimate(CloudConfig config) {
    return trainer.estimate(config);
  }

  /**
   * Validate, check the budget, record the job in the journal, then stage and start it.
   *
   * @throws ConfigurationException before anything is sent when the config is invalid
   */
  public JobHandle submit(CloudConfig config) {
    return trainer.submit(config);
  }

  /** Load {@code trainingYaml} and submit it. */
  public JobHandle submit(Path trainingYaml) {
    return trainer.submit(loadConfig(trainingYaml));
  }

  /**
   * For launchers: submit when the YAML says {@code cloud: active: true}; otherwise empty, and the
   * launcher trains locally as before.
   */
  public Optional<JobHandle> submitIfActive(Path trainingYaml) {
    CloudConfig config = loadConfig(trainingYaml);
    return config.active() ? Optional.of(trainer.submit(config)) : Optional.empty();
  }

  /** The job's current status. */
  public JobStatus status(JobHandle job) {
    return trainer.status(job);
  }

  /**
   * Follow the job until it ends or {@code timeout} passes, sending state changes, log lines and
   * epoch metrics to the listeners; returns the last status seen.
   */
  public JobStatus await(JobHandle job, Duration timeout) {
    return trainer.await(job, timeout);
  }

  /** Follow the job until it ends (bounded by its max runtime, plus time to stage and collect). */
  public JobStatus await(JobHandle job) {
    return trainer.await(job, null);
  }

  /** Log lines after {@code cursor}; pass the returned page's cursor to read on. */
  public LogPage logs(JobHandle job, String cursor) {
    return trainer.logs(job, cursor);
  }

  /** Stop the job; idempotent. Client-driven providers tear down their instances. */
  public JobStatus stop(JobHandle job) {
    return trainer.stop(job);
  }

  /** Every job in the journal, across providers, newest first, with its last recorded status. */
  public List<JobStatus> list() {
    return trainer.list();
  }

  /**
   * The jobs of one provider: this journal's, then the team's view of the provider's account — the
   * soen-cloud jobs there that this journal does not hold (a teammate's, another machine's, or one
   * whose journal was lost), each marked {@link JobStatus#foreign()} with its
   * {@link JobStatus#owner()} when known. {@link #adopt(String)} takes one into the journal.
   */
  public List<JobStatus> list(String provider) {
    return trainer.list(provider);
  }

  /**
   * The handle of a job known by name, adopting it when this journal does not hold it but a
   * provider's account does (one {@link #list(String)} shows as foreign): its record is rebuilt from
   * the provider and written to the journal, and from then on it is followed, stopped and
   * downloaded like any other. Nothing in the account changes. For a job the journal holds, the
   * same as {@link #handle(String)}.
   *
   * @throws NotFoundException when neither the journal nor any provider knows the job
   */
  public JobHandle adopt(String jobId) {
    return trainer.adopt(jobId);
  }

  /**
   * Take over a job after the process that submitted it died, from a stored handle or
   * {@code handle(name)}; client-driven providers resume where they stopped.
   */
  public JobHandle attach(JobHandle job) {
    return trainer.attach(job);
  }

  /** Copy the job's artifacts into {@code directory}; returns the files written. */
  public List<Path> download(JobHandle job, Path directory) {
    return trainer.download(job, directory);
  }

  /** What the job cost, once known. */
  public Optional<CostReport> costReport(JobHandle job) {
    return trainer.costReport(job);
  }

  /**
   * What the job has cost so far beside its budget: the time since it was submitted (until its end
   * was recorded) × its hourly price × its instances, priced from the config the journal keeps for
   * it as {@link #estimate} prices a config. Unpriced, with {@link CostSoFar#missingPrice()}, when no
   * price is known. For a running job; an ended job's bill is {@link #costReport}.
   *
   * @throws NotFoundException when the journal has no such job
   */
  public CostSoFar costSoFar(JobHandle job) {
    return trainer.costSoFar(job);
  }

  /**
   * The journal entry of a job as a handle, for callers that know only its name; every verb takes
   * the handle.
   *
   * @throws NotFoundException when the journal has no such job
   */
  public JobHandle handle(String jobId) {
    return trainer.handle(jobId);
  }

  /** The operator's tools: reap, doctor, pricing, the declared settings and saved defaults. */
  public TrainerOperations operations() {
    return operations;
  }

  /**
   * Close every backend's clients. Jobs keep running; attach to them later. A provider whose steps
   * this process drives ({@code lambdalabs}: launch, set-up, upload) first lets each of its jobs
   * reach the point where it runs on its own (the training command started), so closing never
   * leaves a paid instance waiting for a launcher that is gone.
   */
  @Override
  public void close() {
    trainer.close();
  }

  /** Builds a {@link CloudTrainer}. */
  public static final class Builder {
    private final List<TrainingBackendProvider> providers = new ArrayList<>();
    private final List<JobListener> listeners = new ArrayList<>();
    private boolean discover = true;
    private ClassLoader classLoader;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper;
    private Path home;
    private Map<String, String> environment;
    private PricingCatalog pricing;
    private Path pricingFile;
    private Duration pollInterval = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * Use {@code provider} in addition to discovered ones. An explicit provider wins over a
     * discovered one with the same id; two explicit providers with one id are an error.
     */
    public Builder provider(TrainingBackendProvider provider) {
      providers.add(provider);
      return this;
    }

    /** Whether to discover providers with {@link java.util.ServiceLoader} (default true). */
    public Builder discoverProviders(boolean discover) {
      this.discover = discover;
      return this;
    }

    /** The class loader to discover providers with (default: the thread's context class loader). */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /** The clock for names, timestamps, deadlines and cost (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How to wait between polls (default: park the thread). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** The soen home folder holding {@code cloud_config.yaml} and {@code jobs/} (default {@code SOEN_HOME} or {@code ~/.soen}). */
    public Builder home(Path home) {
      this.home = home;
      return this;
    }

    /** The environment to read fallbacks from (default: the process environment). */
    public Builder environment(Map<String, String> environment) {
      this.environment = new LinkedHashMap<>(environment);
      return this;
    }

    /** Receive every job event. */
    public Builder listener(JobListener listener) {
      listeners.add(listener);
      return this;
    }

    /** Use exactly this pricing catalog instead of the bundled one. */
    public Builder pricing(PricingCatalog pricing) {
      this.pricing = pricing;
      return this;
    }

    /** Override or extend the bundled pricing catalog with a CSV file. */
    public Builder pricingFile(Path pricingFile) {
      this.pricingFile = pricingFile;
      return this;
    }

    /** How often {@link CloudTrainer#await} polls (default 2 seconds). */
    public Builder pollInterval(Duration pollInterval) {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * A trainer.
     *
     * @throws ConfigurationException when two providers share an id
     */
    public CloudTrainer build() {
      return new CloudTrainer(Trainer.create(new Trainer.Settings(List.copyOf(providers),
          discover, classLoader, clock, sleeper, home, environment, List.copyOf(listeners),
          pricing, pricingFile, pollInterval)));
    }
  }
}
