package org.soen.cloud.lambdalabs.internal;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.LogPage;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.ReapReport;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;

/** The {@code lambdalabs} backend: one driver thread per running job, all state in the journal. */
public final class LambdaBackend implements TrainingBackend {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaBackend.class);
  static final String PROVIDER = "lambdalabs";

  private final BackendContext ctx;
  private final String defaultType;
  private final Map<String, Driver> drivers = new ConcurrentHashMap<>();
  private final LambdaClients clients;
  private final LambdaChecks checks;
  private volatile LauncherProcess.Probe probe = LauncherProcess.Probe.LOCAL;
  private final DriverHooks hooks = new DriverHooks();

  private record Driver(LambdaJob job, Thread thread) {}

  public LambdaBackend(BackendContext ctx, String defaultType) {
    this.ctx = ctx;
    this.defaultType = defaultType;
    this.clients = new LambdaClients(ctx);
    this.checks = new LambdaChecks(ctx, clients);
  }

  /** Test hook: how the reaper tells whether a launcher process on this host is alive. */
  void probeProcesses(LauncherProcess.Probe p) {
    this.probe = p;
  }

  /** Test hook: how often the instances' watchdogs look (in the instance's real time). */
  void watchdogPoll(Duration poll) {
    hooks.watchdogPoll(poll);
  }

  /** Test hook: how launch guards keep time, and a hook called with each guard once it runs. */
  void launchGuards(LaunchGuardProcess.Timing timing, Consumer<LaunchGuardProcess> started) {
    hooks.launchGuards(timing, started);
  }

  /** Test hook: called after every completed step, on the driver thread. */
  void onStep(Consumer<Step> hook) {
    hooks.onStep(hook);
  }

  /** Test hook: called after a setup or after command ran on the instance, before the journal records it. */
  void onCommand(BiConsumer<Step, Integer> hook) {
    hooks.onCommand(hook);
  }

  /**
   * Test hook: waits at most {@code timeout} for this process's driver of {@code jobId}, if any, to
   * finish; false when it still runs.
   */
  boolean join(String jobId, Duration timeout) throws InterruptedException {
    Driver d = drivers.get(jobId);
    if (d != null) {
      d.thread().join(timeout.toMillis());
      return !d.thread().isAlive();
    }
    return true;
  }

  // ------------------------------------------------------------------ API

  /** A client of the API; every client made for one API key shares that key's rate limiter. */
  LambdaApi api(LambdaSettings s) {
    return clients.api(s);
  }

  // ------------------------------------------------------------------ validation and prices

  @Override
  public List<ConfigProblem> validate(CloudConfig c) {
    return checks.validate(c);
  }

  @Override
  public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
    try {
      return api(LambdaSettings.of(config)).instanceTypes().stream().filter(t -> t.name().equals(instanceType)).findFirst()
          .map(t -> InstancePrice.builder().provider(PROVIDER).instanceType(t.name())
              .gpu(t.gpuDescription().isBlank() ? t.name() : t.gpuDescription())
              .onDemandHourlyUsd(BigDecimal.valueOf(t.priceCentsPerHour()).movePointLeft(2))
              .source("Lambda Cloud instance-types (live)")
              .asOf(LocalDate.ofInstant(ctx.clock().instant(), ZoneOffset.UTC)).build());
    } catch (SoenCloudException e) {
      LOG.debug("no live Lambda price for {} ({}); the catalog applies", instanceType, Errors.describe(e));
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ lifecycle

  @Override
  public JobHandle submit(SubmitRequest request) {
    CloudConfig c = request.config();
    List<ConfigProblem> problems = validate(c);
    if (!problems.isEmpty()) {
      throw new org.soen.cloud.ConfigurationException(problems);
    }
    JobSpec spec = JobSpec.of(c, defaultType);
    LambdaApi api = api(LambdaSettings.of(c));
    JobHandle handle = JobHandle.builder().id(request.jobName()).provider(PROVIDER).submittedAt(request.submittedAt())
        .providerJobId(request.jobName()).putDetails("instance_type", spec.instanceType())
        .putDetails("instance_name", request.jobName()).build();
    ctx.journal().update(request.jobName(), r -> JobRecord.builder().from(r).handle(handle)
        .putProviderState(Keys.STEP, Step.LAUNCH.name()).build());
    start(handle.id(), api, spec, c.secretEnvironment());
    return handle;
  }

  @Override
  public JobHandle attach(JobHandle handle) {
    JobRecord r = record(handle.id());
    if (isEnded(r) || drivers.containsKey(handle.id())) {
      return r.handle();
    }
    CloudConfig c = storedConfig(handle.id());
    start(handle.id(), api(LambdaSettings.of(c)), JobSpec.of(c, defaultType), secretsToResume(r));
    return r.handle();
  }

  /**
   * The job's configuration as it was submitted (the journal's one stored form): its API URL, SSH
   * user, key and region, never today's defaults or environment.
   */
  private CloudConfig storedConfig(String jobId) {
    return ctx.journal().config(jobId).orElseThrow(() -> new NotFoundException("the journal holds no "
        + "configuration for " + jobId + "; it cannot be resumed here (`soen-cloud reap` ends its instance)"));
  }

  /**
   * The secret environment a resumed job still needs: none once its command runs, since that
   * process got them at start; before that, read again from this process's environment through
   * the journaled {@code cloud.secret_env} names, failing with the loader's message when one is
   * missing rather than running the command without it.
   */
  private Map<String, String> secretsToResume(JobRecord r) {
    Step next = Step.valueOf(r.providerState().getOrDefault(Keys.STEP, Step.LAUNCH.name()));
    if (next.commandStarted()) {
      return Map.of();
    }
    return ctx.journal().config(r.id()).map(CloudConfig::secretEnvironment).orElse(Map.of());
  }

  private void start(String jobId, LambdaApi api, JobSpec spec, Map<String, String> secretEnv) {
    LambdaJob job = new LambdaJob(ctx, api, jobId, spec, secretEnv, hooks);
    Thread[] holder = new Thread[1];
    // Ctrl-C: stop the job, which terminates its instance, before the JVM exits.
    Thread hook = new Thread(() -> {
      job.requestStop();
      try {
        holder[0].join(Duration.ofMinutes(2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "soen-lambda-teardown-" + jobId);
    Thread driver = new Thread(() -> {
      try {
        job.run();
      } finally {
        drivers.remove(jobId);
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or has run
        }
      }
    }, "soen-lambda-" + jobId);
    driver.setDaemon(true);
    holder[0] = driver;
    drivers.put(jobId, new Driver(job, driver));
    Runtime.getRuntime().addShutdownHook(hook);
    driver.start();
  }

  private JobRecord record(String jobId) {
    return ctx.journal().find(jobId).orElseThrow(() -> new NotFoundException("no job " + jobId + " in the journal"));
  }

  static boolean isEnded(JobRecord r) {
    return r.providerState().containsKey(Keys.OUTCOME);
  }

  static JobState stateOf(JobRecord r) {
    String outcome = r.providerState().get(Keys.OUTCOME);
    if (outcome != null) {
      return switch (outcome) {
        case "completed" -> JobState.COMPLETED;
        case "stopped" -> JobState.STOPPED;
        default -> JobState.FAILED;
      };
    }
    return Step.valueOf(r.providerState().getOrDefault(Keys.STEP, Step.LAUNCH.name())).state;
  }

  @Override
  public JobStatus status(JobHandle handle) {
    JobRecord r = record(handle.id());
    Map<String, String> p = r.providerState();
    JobState state = stateOf(r);
    JobStatus.Builder b = JobStatus.builder().jobId(handle.id()).provider(PROVIDER).state(state)
        .detail(p.getOrDefault(Keys.INSTANCE_STATUS, "not launched") + " / " + p.getOrDefault(Keys.STEP, "LAUNCH").toLowerCase())
        .observedAt(ctx.clock().instant());
    Optional.ofNullable(p.get(Keys.MESSAGE)).ifPresent(b::message);
    Optional.ofNullable(p.get(Keys.EXIT_CODE)).map(Integer::valueOf).ifPresent(b::exitCode);
    Optional.ofNullable(p.get(Keys.T_LAUNCH)).map(Instant::parse).ifPresent(b::startedAt);
    if (state.isTerminal()) {
      b.endedAt(Optional.ofNullable(p.get(Keys.T_TERMINATED)).map(Instant::parse).orElse(r.updatedAt()));
    }
    return b.build();
  }

  /**
   * This journal's Lambda jobs, then the {@code soen-*} instances other journals run on the same
   * accounts (with their owner and deadline), when an API key lets them be listed.
   */
  @Override
  public List<JobStatus> list(int limit) {
    List<JobStatus> out = new ArrayList<>(ctx.journal().all().stream().filter(r -> r.handle().provider().equals(PROVIDER))
        .limit(limit).map(r -> status(r.handle())).toList());
    if (out.size() < limit) {
      try {
        reaper().othersInstances().stream().limit(limit - out.size()).forEach(out::add);
      } catch (SoenCloudException e) {
        LOG.debug("cannot list other launchers' Lambda instances: {}", Errors.describe(e));
      }
    }
    return out;
  }

  @Override
  public JobStatus stop(JobHandle handle) {
    JobRecord r = record(handle.id());
    if (isEnded(r)) {
      return status(handle);
    }
    Driver d = drivers.get(handle.id());
    if (d != null) {
      d.job().requestStop();
      try {
        d.thread().join(Duration.ofMinutes(2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return status(handle);
    }
    // No driver in this process: terminate directly.
    CloudConfig c = storedConfig(handle.id());
    new LambdaJob(ctx, api(LambdaSettings.of(c)), handle.id(), JobSpec.of(c, defaultType), Map.of(),
        LambdaJob.Hooks.NONE).terminateOwnInstance();
    ctx.journal().putProviderState(handle.id(), Map.of(Keys.OUTCOME, "stopped", Keys.MESSAGE, "stopped on request"));
    ctx.journal().recordState(handle.id(), JobState.STOPPED);
    return status(handle);
  }

  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    JobRecord r = record(handle.id());
    return kept(handle.id()).logs(cursor, isEnded(r));
  }

  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    JobRecord r = record(handle.id());
    return kept(handle.id()).copyArtifacts(r.providerState().getOrDefault(Keys.ARTIFACTS, ""), targetDirectory);
  }

  private KeptOutputs kept(String jobId) {
    return new KeptOutputs(Ledger.localDir(ctx, jobId));
  }

  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    return CostReports.of(handle.id(), record(handle.id()).providerState(), ctx.clock().instant());
  }

  @Override
  public ReapReport reap(boolean dryRun) {
    return reaper().reap(dryRun);
  }

  private Reaper reaper() {
    return new Reaper(ctx, clients, drivers::containsKey, new Abandonment(probe, LauncherProcess.current().host()));
  }

  @Override
  public List<PreflightCheck> doctor(CloudConfig config) {
    return checks.doctor(config);
  }

  @Override
  public void close() {
    // Like a launcher that exits, but only once each job's training command runs on its instance
    // (detached there): drivers then stop without teardown and the job is resumed by attach (or
    // ended by stop or reap). Until then a job still needs this process, so closing waits for it,
    // bounded by the steps' own deadlines; a Ctrl-C meanwhile stops the job and terminates the instance.
    for (Driver d : drivers.values()) {
      d.job().detachOnceRunning();
    }
    for (Driver d : drivers.values()) {
      try {
        d.thread().join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
