package org.soen.cloud.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostEstimate;
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
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.ProviderException;
import org.soen.cloud.ReapReport;
import org.soen.cloud.ResolvedConfig;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.internal.config.ConfigLoader;
import org.soen.cloud.internal.config.ConfigWriter;
import org.soen.cloud.internal.config.SettingsRegistry;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.DidYouMean;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.Sleeper;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation behind {@link org.soen.cloud.CloudTrainer}. */
public final class Trainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final int MAX_LOG_PAGES_PER_POLL = 64;

  /** Everything the builder collected. */
  public record Settings(List<TrainingBackendProvider> providers, boolean discover,
      ClassLoader classLoader, Clock clock, Sleeper sleeper, Path home,
      Map<String, String> environment, List<JobListener> listeners, PricingCatalog pricing,
      Path pricingFile, Duration pollInterval) {}

  private final Clock clock;
  private final Sleeper sleeper;
  private final Path home;
  private final Map<String, String> environment;
  private final List<JobListener> listeners;
  private final PricingCatalog pricing;
  private final Duration pollInterval;
  private final Providers providers;
  private final SettingsRegistry registry;
  private final ConfigLoader loader;
  private final ConfigWriter writer;
  private final Admission admission;
  private final FileJobJournal journal;
  private final JobNames names = new JobNames(new SecureRandom());
  private final Map<String, TrainingBackend> backends = new ConcurrentHashMap<>();
  private final Map<String, JobState> lastStates = new ConcurrentHashMap<>();
  private final Map<String, String> cursors = new ConcurrentHashMap<>();

  private Trainer(Settings s) {
    this.clock = s.clock();
    this.sleeper = s.sleeper() != null ? s.sleeper() : Sleeper.parking();
    this.environment = s.environment() != null ? Map.copyOf(s.environment()) : Map.copyOf(System.getenv());
    this.home = s.home() != null ? s.home() : defaultHome(environment);
    this.listeners = s.listeners();
    PricingCatalog catalog = s.pricing() != null ? s.pricing() : PricingCatalog.bundled();
    this.pricing = s.pricingFile() != null ? catalog.withOverrides(s.pricingFile()) : catalog;
    this.pollInterval = s.pollInterval();
    this.providers = Providers.of(s.providers(), s.discover(), s.classLoader());
    this.registry = SettingsRegistry.of(providers.settings());
    // `~` in a path setting is the user's home as the shell knows it ($HOME), else the JVM's idea of it.
    Path userHome = Optional.ofNullable(environment.get("HOME")).filter(h -> !h.isBlank()).map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("user.home")));
    this.loader = new ConfigLoader(registry, environment, home, userHome);
    this.writer = new ConfigWriter(registry);
    this.admission = new Admission(providers, registry, this::backend);
    this.journal = new FileJobJournal(home.resolve("jobs"), clock, this::storedConfig);
  }

  /** A trainer for the builder's settings. */
  public static Trainer create(Settings settings) {
    return new Trainer(settings);
  }

  private static Path defaultHome(Map<String, String> env) {
    String soenHome = env.get("SOEN_HOME");
    if (soenHome != null && !soenHome.isBlank()) {
      return Path.of(soenHome);
    }
    return Path.of(System.getProperty("user.home"), ".soen");
  }

  // ---------------------------------------------------------------- configuration

  public ResolvedConfig resolve(Optional<Path> yaml, Map<String, String> overrides) {
    return loader.resolve(yaml, overrides);
  }

  public Map<String, List<org.soen.cloud.Setting<?>>> settings() {
    Map<String, List<org.soen.cloud.Setting<?>>> out = new java.util.LinkedHashMap<>();
    registry.all().forEach(s -> out.computeIfAbsent(registry.owner(s), k -> new ArrayList<>()).add(s));
    out.replaceAll((k, v) -> List.copyOf(v));
    return java.util.Collections.unmodifiableMap(out);
  }

  public org.soen.cloud.internal.config.Defaults defaults() {
    return new org.soen.cloud.internal.config.Defaults(loader, admission::defaultsProblems);
  }

  private CloudConfig storedConfig(JobRecord record) {
    Path source = record.sourceFile().map(Path::of).orElse(home.resolve("jobs").resolve(record.id() + ".json"));
    return loader.readStored(source, record.configYaml());
  }

  // ---------------------------------------------------------------- cost

  public void validate(CloudConfig config) {
    admission.checked(config, false);
  }

  public CostEstimate estimate(CloudConfig config) {
    CloudConfig c = admission.checked(config, true);
    return estimateChecked(c, backend(c.provider()));
  }

  private CostEstimate estimateChecked(CloudConfig c, TrainingBackend backend) {
    String type = c.instance().instanceType().orElseThrow();
    InstancePrice price = backend.livePrice(c, type)
        .or(() -> pricing.find(c.provider(), type))
        .orElseThrow(() -> new ConfigurationException(List.of(ConfigChecks.locate(ConfigProblem.builder()
            .source("config").keyPath("cloud.instance.instance_type").message("no price known for " + type + " on "
                + c.provider() + DidYouMean.suggest(type, pricing.instanceTypes(c.provider()))
                + "; add a row to a pricing file (CloudTrainer.builder().pricingFile)").build(), c))));
    try {
      return backend.estimate(c, CostModel.estimate(c, type, price));
    } catch (ConfigurationException e) {
      // The budget is checked against the price: reported where max_cost_usd was set.
      throw new ConfigurationException(e.problems().stream().map(p -> ConfigChecks.locate(p, c)).toList());
    }
  }

  public PricingCatalog pricing() {
    return pricing;
  }

  // ---------------------------------------------------------------- lifecycle

  public JobHandle submit(CloudConfig config) {
    CloudConfig c = admission.checked(config, false);
    TrainingBackend backend = backend(c.provider());
    CostEstimate estimate = estimateChecked(c, backend);
    Duration bounded = CostModel.boundedRuntime(c, estimate);
    if (bounded.compareTo(c.instance().maxRuntime()) < 0) {
      c = c.toBuilder().instance(c.instance().toBuilder().maxRuntime(bounded).build()).build();
    }
    Instant now = clock.instant();
    String name = names.next(c.experiment(), now, journal::exists);
    List<String> removed = new ArrayList<>();
    String staged = writer.stagedYaml(c, removed);
    JobHandle pending = JobHandle.builder().id(name).provider(c.provider()).submittedAt(now).build();
    JobRecord.Builder record = JobRecord.builder().handle(pending).state(JobState.PENDING).updatedAt(now)
        .configYaml(writer.storedYaml(c));
    c.sourceFile().ifPresent(p -> record.sourceFile(p.toString()));
    journal.create(record.build());
    lastStates.put(name, JobState.PENDING);
    emit(JobEvent.builder().jobId(name).at(now).kind(JobEvent.Kind.STATE).state(JobState.PENDING)
        .message("recorded in " + journal.directory()).build());
    if (!removed.isEmpty()) {
      emit(JobEvent.builder().jobId(name).at(now).kind(JobEvent.Kind.NOTICE)
          .message("left out of the staged config (secrets): " + String.join(", ", removed)).build());
    }
    if (estimate.hoursBasis() == CostEstimate.HoursBasis.BUDGET) {
      emit(JobEvent.builder().jobId(name).at(now).kind(JobEvent.Kind.NOTICE)
          .message("max_cost_usd $" + estimate.budgetUsd().orElseThrow().toPlainString()
              + " bounds the run to " + estimate.hours().toPlainString() + " h").build());
    }
    JobHandle handle;
    try {
      handle = backend.submit(SubmitRequest.builder().jobName(name).config(c).submittedAt(now)
          .stagedConfigYaml(staged).build());
    } catch (RuntimeException e) {
      SoenCloudException failure = translate(c.provider(), e);
      journal.update(name, r -> JobRecord.builder().from(r).state(JobState.FAILED)
          .putProviderState("failure", failure.getMessage()).build());
      emitState(name, JobState.FAILED, failure.getMessage());
      throw failure;
    }
    JobHandle submitted = handle;
    journal.update(name, r -> JobRecord.builder().from(r).handle(submitted).build());
    return handle;
  }

  public JobHandle handle(String jobId) {
    return journal.find(jobId).map(JobRecord::handle).orElseThrow(() -> new NotFoundException(
        "no job named " + jobId + " in the journal " + journal.directory()
            + "; `soen-cloud list` shows the jobs it knows"));
  }

  public JobStatus status(JobHandle job) {
    JobStatus status = call(job.provider(), () -> backend(job.provider()).status(job));
    observe(job.id(), status);
    return status;
  }

  private void observe(String jobId, JobStatus status) {
    JobState before = lastStates.put(jobId, status.state());
    Optional<JobRecord> record = journal.find(jobId);
    if (record.isPresent() && record.get().state() != status.state()) {
      journal.recordState(jobId, status.state());
    }
    if (before != status.state()) {
      emitState(jobId, status.state(), status.message().orElse(status.detail()));
    }
  }

  public JobStatus await(JobHandle job, Duration timeout) {
    Duration limit = timeout != null ? timeout : defaultAwait(job);
    Instant deadline = clock.instant().plus(limit);
    while (true) {
      JobStatus status = call(job.provider(), () -> backend(job.provider()).status(job));
      if (status.state().isTerminal()) {
        // Every line first, then the final state, so listeners see them in the order they happened.
        drainLogs(job);
        observe(job.id(), status);
        return status;
      }
      // Lines logged before the state changed print before it.
      pumpLogs(job);
      observe(job.id(), status);
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        return status;
      }
      try {
        sleeper.sleep(left.compareTo(pollInterval) < 0 ? left : pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SoenCloudException("interrupted while waiting for " + job.id()
            + "; the job keeps running: attach to it or stop it", e);
      }
    }
  }

  private Duration defaultAwait(JobHandle job) {
    Duration runtime = journal.config(job.id()).map(c -> c.instance().maxRuntime()).orElse(Duration.ofHours(24));
    return runtime.plusHours(2);
  }

  private void pumpLogs(JobHandle job) {
    for (int i = 0; i < MAX_LOG_PAGES_PER_POLL; i++) {
      LogPage page;
      try {
        page = logs(job, cursors.getOrDefault(job.id(), ""));
      } catch (SoenCloudException e) {
        LOG.warn("cannot read the log of {}: {}", job.id(), e.getMessage());
        return;
      }
      cursors.put(job.id(), page.cursor());
      for (LogLine line : page.lines()) {
        emit(JobEvent.builder().jobId(job.id()).at(line.at()).kind(JobEvent.Kind.LOG).message(line.message()).build());
        MetricsParser.parse(line.message()).ifPresent(m -> emit(JobEvent.builder().jobId(job.id()).at(line.at())
            .kind(JobEvent.Kind.METRICS).epoch(m.epoch()).metrics(m.values()).message(line.message()).build()));
      }
      if (page.lines().isEmpty() || page.complete()) {
        return;
      }
    }
  }

  private void drainLogs(JobHandle job) {
    for (int i = 0; i < 8; i++) {
      pumpLogs(job);
      try {
        if (logs(job, cursors.getOrDefault(job.id(), "")).complete()) {
          return;
        }
        sleeper.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SoenCloudException e) {
        return;
      }
    }
  }

  public LogPage logs(JobHandle job, String cursor) {
    return call(job.provider(), () -> backend(job.provider()).logs(job, cursor == null ? "" : cursor));
  }

  public JobStatus stop(JobHandle job) {
    JobStatus status = call(job.provider(), () -> backend(job.provider()).stop(job));
    observe(job.id(), status);
    return status;
  }

  public List<JobStatus> list() {
    List<JobStatus> out = new ArrayList<>();
    for (JobRecord r : journal.all()) {
      JobStatus recorded = JobStatus.builder().jobId(r.id()).provider(r.handle().provider()).state(r.state())
          .observedAt(r.updatedAt()).build();
      if (!r.state().isTerminal() && providers.has(r.handle().provider())) {
        try {
          out.add(status(r.handle()));
          continue;
        } catch (SoenCloudException e) {
          out.add(JobStatus.builder().from(recorded).message("status unavailable: " + e.getMessage()).build());
          continue;
        }
      }
      out.add(recorded);
    }
    return out;
  }

  public JobHandle attach(JobHandle job) {
    if (journal.find(job.id()).isEmpty()) {
      throw new NotFoundException("no job named " + job.id() + " in the journal " + journal.directory());
    }
    JobHandle attached = call(job.provider(), () -> backend(job.provider()).attach(job));
    journal.update(job.id(), r -> JobRecord.builder().from(r).handle(attached).build());
    return attached;
  }

  public List<Path> download(JobHandle job, Path directory) {
    return call(job.provider(), () -> backend(job.provider()).downloadArtifacts(job, directory));
  }

  public Optional<CostReport> costReport(JobHandle job) {
    return call(job.provider(), () -> backend(job.provider()).costReport(job));
  }

  public ReapReport reap(boolean dryRun) {
    ReapReport out = ReapReport.empty(dryRun);
    List<String> failures = new ArrayList<>();
    for (String id : providers.ids()) {
      try {
        out = out.plus(backend(id).reap(dryRun));
      } catch (RuntimeException e) {
        failures.add(id + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new ProviderException("reap could not check every provider (found so far: "
          + out.released().stream().map(ReapReport.Released::resource).toList() + "): " + String.join("; ", failures), null);
    }
    return out;
  }

  public List<PreflightCheck> doctor(CloudConfig config) {
    List<PreflightCheck> checks = new ArrayList<>();
    List<ConfigProblem> problems = admission.problemsOf(config);
    if (problems.isEmpty()) {
      checks.add(PreflightCheck.ok("config", "valid for " + config.provider()));
    } else {
      problems.forEach(p -> checks.add(PreflightCheck.failed("config", p.toString(),
          "fix " + p.keyPath() + " in " + p.source())));
    }
    if (providers.has(config.provider())) {
      checks.addAll(backend(config.provider()).doctor(admission.normalize(config)));
    }
    return checks;
  }

  public Set<String> providerIds() {
    return new LinkedHashSet<>(providers.ids());
  }

  // ---------------------------------------------------------------- plumbing

  private TrainingBackend backend(String providerId) {
    TrainingBackendProvider provider = providers.get(providerId);
    return backends.computeIfAbsent(providerId, id -> provider.create(BackendContext.builder()
        .clock(clock).sleeper(sleeper).journal(new ObservedJournal()).events(this::emit).pricing(pricing)
        .environment(environment).home(home).build()));
  }

  private <T> T call(String provider, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw translate(provider, e);
    }
  }

  private static SoenCloudException translate(String provider, RuntimeException e) {
    if (e instanceof SoenCloudException s) {
      return s;
    }
    return new ProviderException("provider " + provider + " failed: " + e, e);
  }

  private void emitState(String jobId, JobState state, String message) {
    emit(JobEvent.builder().jobId(jobId).at(clock.instant()).kind(JobEvent.Kind.STATE).state(state)
        .message(message == null ? state.name() : message).build());
  }

  private void emit(JobEvent event) {
    for (JobListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("a job listener failed on a {} event and was skipped", event.kind(), e);
      }
    }
  }

  /**
   * The journal as backends see it: a state a backend records (STAGING, RUNNING ...) reaches the
   * listeners as a STATE event, once.
   */
  private final class ObservedJournal implements org.soen.cloud.spi.JobJournal {
    @Override
    public Optional<CloudConfig> config(String jobId) {
      return journal.config(jobId);
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
      return journal.find(jobId);
    }

    @Override
    public List<JobRecord> all() {
      return journal.all();
    }

    @Override
    public String owner() {
      return journal.owner();
    }

    @Override
    public JobRecord update(String jobId, java.util.function.UnaryOperator<JobRecord> change) {
      return announced(journal.update(jobId, change));
    }

    @Override
    public JobRecord recordState(String jobId, JobState state) {
      return announced(journal.recordState(jobId, state));
    }

    private JobRecord announced(JobRecord record) {
      JobState before = lastStates.put(record.id(), record.state());
      if (before != null && before != record.state()) {
        emitState(record.id(), record.state(), record.state().name().toLowerCase(java.util.Locale.ROOT));
      }
      return record;
    }
  }

  @Override
  public void close() {
    for (TrainingBackend b : backends.values()) {
      try {
        b.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a backend failed", e);
      }
    }
    backends.clear();
  }

  @Override
  public String toString() {
    return "Trainer{home=" + home + ", providers=" + providers.ids() + "}";
  }
}
