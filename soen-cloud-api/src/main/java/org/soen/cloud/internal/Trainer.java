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
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostReport;
import org.soen.cloud.CostSoFar;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
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
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.Sleeper;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

/** The implementation behind {@link org.soen.cloud.CloudTrainer}. */
public final class Trainer implements AutoCloseable {
  /** Everything the builder collected. */
  public record Settings(List<TrainingBackendProvider> providers, boolean discover,
      ClassLoader classLoader, Clock clock, Sleeper sleeper, Path home,
      Map<String, String> environment, List<JobListener> listeners, PricingCatalog pricing,
      Path pricingFile, Duration pollInterval) {}

  private final Clock clock;
  private final Sleeper sleeper;
  private final Path home;
  private final Map<String, String> environment;
  private final PricingCatalog pricing;
  private final Duration pollInterval;
  private final Providers providers;
  private final SettingsRegistry registry;
  private final ConfigLoader loader;
  private final ConfigWriter writer;
  private final Admission admission;
  private final FileJobJournal journal;
  private final JobNames names = new JobNames(new SecureRandom());
  private final Backends backends;
  private final JobEvents events;
  private final JobPricing prices;
  private final LogPump logPump;
  private final TeamJobs team;

  private Trainer(Settings s) {
    this.clock = s.clock();
    this.sleeper = s.sleeper() != null ? s.sleeper() : Sleeper.parking();
    this.environment = s.environment() != null ? Map.copyOf(s.environment()) : Map.copyOf(System.getenv());
    this.home = s.home() != null ? s.home() : defaultHome(environment);
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
    this.journal = new FileJobJournal(home.resolve("jobs"), clock, this::storedConfig);
    this.events = new JobEvents(s.listeners(), clock, journal);
    this.backends = new Backends(providers, BackendContext.builder().clock(clock).sleeper(sleeper)
        .journal(new ObservedJournal(journal, events::announced)).events(events::emit).pricing(pricing)
        .environment(environment).home(home).build());
    this.admission = new Admission(providers, registry, backends::get);
    this.prices = new JobPricing(pricing, backends, clock);
    this.team = new TeamJobs(providers, backends, journal, loader, writer, clock, events::emit);
    this.logPump = new LogPump(this::logs, events::emit, sleeper, pollInterval);
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
    return prices.estimate(admission.checked(config, true));
  }

  /** The price an estimate on {@code config}'s provider would use for {@code type} now. */
  public Optional<InstancePrice> price(CloudConfig config, String type) {
    if (!providers.ids().contains(config.provider())) {
      throw providers.unknown(config.provider());
    }
    return prices.price(config, type);
  }

  /** The cost so far of a job of the journal, priced from its stored config ({@link JobPricing#costSoFar}). */
  public CostSoFar costSoFar(JobHandle job) {
    JobRecord r = journal.find(job.id()).orElseThrow(() -> notFound(job.id()));
    return prices.costSoFar(r, journal.config(job.id()).orElseThrow(() -> notFound(job.id())));
  }

  public PricingCatalog pricing() {
    return pricing;
  }

  // ---------------------------------------------------------------- lifecycle

  public JobHandle submit(CloudConfig config) {
    CloudConfig c = admission.checked(config, false);
    TrainingBackend backend = backends.get(c.provider());
    CostEstimate estimate = prices.estimate(c);
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
    events.known(name, JobState.PENDING);
    events.emit(JobEvent.builder().jobId(name).at(now).kind(JobEvent.Kind.STATE).state(JobState.PENDING)
        .message("recorded in " + journal.directory()).build());
    if (!removed.isEmpty()) {
      events.emit(JobEvent.builder().jobId(name).at(now).kind(JobEvent.Kind.NOTICE)
          .message("left out of the staged config (secrets): " + String.join(", ", removed)).build());
    }
    if (estimate.hoursBasis() == CostEstimate.HoursBasis.BUDGET) {
      events.emit(JobEvent.builder().jobId(name).at(now).kind(JobEvent.Kind.NOTICE)
          .message("max_cost_usd $" + estimate.budgetUsd().orElseThrow().toPlainString()
              + " bounds the run to " + estimate.hours().toPlainString() + " h").build());
    }
    JobHandle handle;
    try {
      handle = backend.submit(SubmitRequest.builder().jobName(name).config(c).submittedAt(now)
          .stagedConfigYaml(staged).build());
    } catch (RuntimeException e) {
      SoenCloudException failure = Backends.translate(c.provider(), e);
      journal.update(name, r -> JobRecord.builder().from(r).state(JobState.FAILED)
          .putProviderState("failure", failure.getMessage()).build());
      events.state(name, JobState.FAILED, failure.getMessage());
      throw failure;
    }
    JobHandle submitted = handle;
    journal.update(name, r -> JobRecord.builder().from(r).handle(submitted).build());
    return handle;
  }

  public JobHandle handle(String jobId) {
    return journal.find(jobId).map(JobRecord::handle).orElseThrow(() -> notFound(jobId));
  }

  private NotFoundException notFound(String jobId) {
    return new NotFoundException("no job named " + jobId + " in the journal " + journal.directory()
        + "; `soen-cloud list` shows the jobs it knows");
  }

  public JobStatus status(JobHandle job) {
    JobStatus status = backends.call(job.provider(), b -> b.status(job));
    events.observed(job.id(), status);
    return status;
  }

  public JobStatus await(JobHandle job, Duration timeout) {
    Duration limit = timeout != null ? timeout : defaultAwait(job);
    Instant deadline = clock.instant().plus(limit);
    while (true) {
      JobStatus status = backends.call(job.provider(), b -> b.status(job));
      if (status.state().isTerminal()) {
        // Every line first, then the final state, so listeners see them in the order they happened.
        logPump.drain(job);
        events.observed(job.id(), status);
        return status;
      }
      // Lines logged before the state changed print before it.
      logPump.pump(job);
      events.observed(job.id(), status);
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

  public LogPage logs(JobHandle job, String cursor) {
    return backends.call(job.provider(), b -> b.logs(job, cursor == null ? "" : cursor));
  }

  public JobStatus stop(JobHandle job) {
    JobStatus status = backends.call(job.provider(), b -> b.stop(job));
    events.observed(job.id(), status);
    return status;
  }

  public List<JobStatus> list() {
    List<JobStatus> out = new ArrayList<>();
    // The index, so that finished jobs cost no record read; a running job's record is read for its handle.
    for (JournalIndex.Entry r : journal.summaries()) {
      JobStatus recorded = JobStatus.builder().jobId(r.id()).provider(r.provider()).state(r.state())
          .observedAt(r.updatedAt()).build();
      if (!r.state().isTerminal() && providers.has(r.provider())) {
        try {
          Optional<JobRecord> live = journal.find(r.id());
          if (live.isEmpty()) {
            continue;
          }
          out.add(status(live.get().handle()));
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

  /** This journal's jobs of {@code provider}, then the team's ({@link TeamJobs#list}). */
  public List<JobStatus> list(String provider) {
    List<JobStatus> out = new ArrayList<>(list().stream().filter(s -> s.provider().equals(provider)).toList());
    out.addAll(team.list(provider));
    return out;
  }

  /** The job named {@code jobId} taken over: from the journal, or else adopted into it ({@link TeamJobs#adopt}). */
  public JobHandle adopt(String jobId) {
    if (journal.find(jobId).isPresent()) {
      return handle(jobId);
    }
    JobRecord adopted = team.adopt(jobId, notFound(jobId));
    events.known(jobId, adopted.state());
    return adopted.handle();
  }

  public JobHandle attach(JobHandle job) {
    if (journal.find(job.id()).isEmpty()) {
      throw new NotFoundException("no job named " + job.id() + " in the journal " + journal.directory());
    }
    JobHandle attached = backends.call(job.provider(), b -> b.attach(job));
    journal.update(job.id(), r -> JobRecord.builder().from(r).handle(attached).build());
    return attached;
  }

  public List<Path> download(JobHandle job, Path directory) {
    return backends.call(job.provider(), b -> b.downloadArtifacts(job, directory));
  }

  public Optional<CostReport> costReport(JobHandle job) {
    return backends.call(job.provider(), b -> b.costReport(job));
  }

  public ReapReport reap(boolean dryRun) {
    ReapReport out = ReapReport.empty(dryRun);
    List<String> failures = new ArrayList<>();
    for (String id : providers.ids()) {
      try {
        out = out.plus(backends.get(id).reap(dryRun));
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
      checks.addAll(backends.get(config.provider()).doctor(admission.normalize(config)));
    }
    return checks;
  }

  public Set<String> providerIds() {
    return new LinkedHashSet<>(providers.ids());
  }

  @Override
  public void close() {
    backends.close();
  }

  @Override
  public String toString() {
    return "Trainer{home=" + home + ", providers=" + providers.ids() + "}";
  }
}
