package org.soen.cloud.lambdalabs.internal;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.JobState;
import org.soen.cloud.lambdalabs.TerminatePolicy;
import org.soen.cloud.spi.BackendContext;

/**
 * One Lambda job as a resumable state machine: each step is idempotent, and the journal records
 * the next step, so a launcher killed anywhere resumes without launching or uploading twice. Any
 * failure, a stop, the runtime limit or the cost cap ends in teardown.
 *
 * <p>The steps are done by the job's parts: {@link InstanceLifecycle} (launch, boot, terminate),
 * {@link RemoteSession} (SSH), {@link DatasetUpload}, {@link RemoteRun} (commands and training)
 * and {@link ArtifactFetcher}; this class orders them and decides how the job ends.
 */
final class LambdaJob implements Runnable, JobControl {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaJob.class);
  static final Duration POLL = Duration.ofSeconds(10);
  /** How often the driver refreshes the launcher's heartbeat in the journal. */
  static final Duration BEAT = Duration.ofMinutes(1);

  private final BackendContext ctx;
  private final String jobId;
  private final JobSpec spec;
  private final Ledger ledger;
  private final Hooks hooks;
  private final RemoteSession session;
  private final InstanceLifecycle instance;
  private final DatasetUpload dataset;
  private final RemoteRun remote;
  private final ArtifactFetcher artifacts;
  private final Autodown autodown;
  private final LambdaApi api;
  private static final String GUARD_LOG = "launch-guard.log";
  private static final String UNGUARDED = "; if this launcher dies before the instance's watchdog runs,"
      + " `soen-cloud reap` ends the instance";
  private LaunchGuardProcess guard;
  private UploadWarmup warmup;
  private volatile boolean stopRequested;
  private volatile boolean detached;

  /** Thrown to end the job without failure semantics: a stop or a limit. */
  static final class Ended extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final JobState state;

    Ended(JobState state, String message) {
      super(message);
      this.state = state;
    }
  }

  /** Thrown when the launcher detaches. */
  static final class Detached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Detached() {
      super("detached");
    }
  }

  /**
   * Test hooks, called on the driver thread where a launcher may die: after each step, and after
   * a setup or after command ran on the instance but before the journal records it.
   */
  @FunctionalInterface
  interface Hooks {
    Hooks NONE = step -> {};

    void afterStep(Step step);

    default void afterCommand(Step step, int index) {}

    /** How often the instance's watchdog looks. */
    default Duration watchdogPoll() {
      return Autodown.POLL;
    }

    /** How the launch guard keeps time. */
    default LaunchGuardProcess.Timing guardTiming() {
      return LaunchGuardProcess.Timing.SYSTEM;
    }

    /** Called with the launch guard once it runs. */
    default void guardStarted(LaunchGuardProcess guard) {}
  }

  LambdaJob(BackendContext ctx, LambdaApi api, String jobId, JobSpec spec, Map<String, String> secretEnv,
      Hooks hooks) {
    this.ctx = ctx;
    this.jobId = jobId;
    this.spec = spec;
    this.ledger = new Ledger(ctx, jobId);
    this.hooks = hooks;
    this.api = api;
    this.session = new RemoteSession(ledger, spec, this);
    this.autodown = new Autodown(ledger, spec, session, api, hooks.watchdogPoll());
    this.instance = new InstanceLifecycle(api, new Provisioner(api, ctx.clock(), ctx.sleeper()), ledger, spec, this,
        session, autodown);
    this.dataset = new DatasetUpload(ledger, spec, session);
    this.remote = new RemoteRun(ledger, spec, secretEnv, this, session, hooks);
    this.artifacts = new ArtifactFetcher(ledger, spec, session);
  }

  void requestStop() {
    stopRequested = true;
  }

  /**
   * Leave the job at the next check once its training command runs on the instance (at once if it
   * already does): no teardown, resumable by attach. Steps before that still need this launcher,
   * and an instance left waiting for them would bill for nothing.
   */
  void detachOnceRunning() {
    detached = true;
    if (!ledger.step().commandStarted() && ledger.get(Keys.OUTCOME).isEmpty()) {
      ledger.notice("waiting for the training command to start before detaching;"
          + " Ctrl-C stops the job and terminates its instance");
    }
  }

  /** Terminates this job's instance, found by its journaled id or else by its name, and confirms it. */
  void terminateOwnInstance() {
    instance.terminateOwnInstance();
  }

  @Override
  public void run() {
    Step step = ledger.step();
    try {
      ledger.driveFrom(LauncherProcess.current());
      startGuard();
      if (spec.uploadWarmup() && spec.dataPath() != null && step.compareTo(Step.UPLOAD) < 0) {
        // compiles the upload's code while the instance boots; stopped when the upload starts
        warmup = UploadWarmup.start();
      }
      remote.compileMetrics();
      while (step != Step.DONE) {
        checkStop();
        Step current = step;
        doStep(current);
        step = current.next();
        ledger.put(Map.of(Keys.STEP, step.name()));
        tellGuard(current);
        if (current.state != step.state && step != Step.DONE) {
          ledger.recordState(step.state);
        }
        hooks.afterStep(current);
      }
      ledger.put(Map.of(Keys.OUTCOME, "completed"));
      ledger.recordState(JobState.COMPLETED);
      disarmGuard();
    } catch (Detached e) {
      disarmGuard();
      ledger.notice("detached: the training command runs on instance " + ledger.get(Keys.INSTANCE_ID).orElse("?")
          + ", which bills until `soen-cloud attach " + jobId + "` collects the artifacts and terminates it"
          + " (or `soen-cloud stop " + jobId + "` ends it now); " + autodown.howItEnds());
    } catch (Ended e) {
      Thread.interrupted();
      instance.teardown(true);
      disarmGuard();
      end(e.state, e.getMessage());
    } catch (RuntimeException e) {
      // An interrupt (stop, Ctrl-C) must not also interrupt the teardown.
      Thread.interrupted();
      if (stopRequested) {
        instance.teardown(true);
        disarmGuard();
        end(JobState.STOPPED, "stopped on request; the instance was terminated");
        return;
      }
      LOG.debug("Lambda job {} failed at {}", jobId, step, e);
      boolean terminate = TerminatePolicy.valueOf(spec.terminate()) == TerminatePolicy.ALWAYS;
      instance.teardown(terminate);
      disarmGuard();
      end(JobState.FAILED, "failed at step " + step.name().toLowerCase() + ": " + Errors.describe(e));
    } catch (Error e) {
      // This job's driver is gone as a dead launcher would be: the guard takes over, as it would then.
      if (guard != null) {
        guard.abandon();
      }
      throw e;
    } finally {
      stopWarmup();
      session.close();
    }
  }

  private void stopWarmup() {
    if (warmup != null) {
      warmup.stop();
      warmup = null;
    }
  }

  /**
   * Starts this launcher's {@link LaunchGuard} while the instance's watchdog is not armed yet, and
   * ends the guard of a launcher that drove the job before (it would terminate the instance that
   * this launcher now resumes). A guard that cannot start is told, not thrown: the next reap remains.
   */
  private void startGuard() {
    if (!spec.launchGuard() || ledger.get(Keys.WATCHDOG).isPresent() || ledger.get(Keys.T_TERMINATED).isPresent()) {
      return;
    }
    Optional<ProcessHandle> earlier = ledger.get(Keys.GUARD_PID).flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
        .filter(h -> h.info().startInstant().map(Instant::toString).equals(ledger.get(Keys.GUARD_STARTED)));
    try {
      guard = LaunchGuardProcess.start(api, jobId, Duration.ofSeconds(spec.idleSeconds()), hooks.guardTiming(),
          ledger.localDir().resolve(GUARD_LOG), ctx.home().resolve("cache").resolve("guard-lib"));
    } catch (UncheckedIOException e) {
      ledger.notice("could not start the launch guard (" + e.getMessage() + ")" + UNGUARDED);
      return;
    }
    earlier.ifPresent(ProcessHandle::destroy);
    ProcessHandle h = guard.handle();
    ledger.put(Map.of(Keys.GUARD_PID, Long.toString(h.pid()),
        Keys.GUARD_STARTED, h.info().startInstant().map(Instant::toString).orElse("")));
    ledger.get(Keys.INSTANCE_ID).ifPresent(guard::instance);
    hooks.guardStarted(guard);
  }

  /** Tells the guard what {@code done} changed: the instance's id after the launch, its end once the watchdog runs. */
  private void tellGuard(Step done) {
    if (guard == null) {
      return;
    }
    if (done == Step.LAUNCH) {
      ledger.get(Keys.INSTANCE_ID).ifPresent(guard::instance);
      guard.exitCode().ifPresent(code -> {
        ledger.notice("the launch guard ended early (exit code " + code + ", see "
            + ledger.localDir().resolve(GUARD_LOG) + ")" + UNGUARDED);
        guard = null;
      });
    } else if (done == Step.WATCHDOG) {
      disarmGuard();
    }
  }

  private void disarmGuard() {
    if (guard != null) {
      guard.disarm();
      guard = null;
    }
  }

  private void end(JobState state, String message) {
    if (ledger.get(Keys.OUTCOME).isPresent()) {
      return;
    }
    ledger.put(Map.of(Keys.OUTCOME, state == JobState.STOPPED ? "stopped" : "failed", Keys.MESSAGE, message));
    ledger.recordState(state);
    ledger.notice(message);
  }

  private void doStep(Step step) {
    if (step.compareTo(Step.WATCHDOG) > 0 && step.compareTo(Step.TERMINATE) < 0) {
      autodown.attend(step);
    }
    switch (step) {
      case LAUNCH -> instance.launch();
      case BOOT -> instance.awaitBoot();
      case SSH -> session.awaitReachable();
      case WATCHDOG -> autodown.start();
      case SETUP -> remote.commands(step, spec.setup(), Keys.SETUP_DONE, "setup");
      case UPLOAD -> {
        stopWarmup();
        dataset.upload();
      }
      case DATASET_YAML -> dataset.rewriteDatasetYaml();
      case RUN -> remote.start();
      case TAIL -> remote.follow();
      case AFTER -> remote.commands(step, spec.after(), Keys.AFTER_DONE, "after");
      case DOWNLOAD -> artifacts.download();
      case TERMINATE -> instance.terminateStep();
      default -> throw new IllegalStateException(step.name());
    }
  }

  @Override
  public void checkStop() {
    ledger.beat();
    if (detached && !stopRequested && ledger.step().commandStarted()) {
      throw new Detached();
    }
    if (ledger.get(Keys.OUTCOME).isPresent()) {
      // Ended from elsewhere (a stop or the reaper in another process): nothing left to do here.
      throw new Detached();
    }
    if (stopRequested) {
      throw new Ended(JobState.STOPPED, "stopped on request; the instance was terminated");
    }
  }

  @Override
  public void sleep(Duration d) {
    try {
      ctx.sleeper().sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Ended(JobState.STOPPED, "interrupted; the instance was terminated");
    }
  }
}
