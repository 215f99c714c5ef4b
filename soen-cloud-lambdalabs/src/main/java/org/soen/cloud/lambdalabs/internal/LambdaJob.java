package org.soen.cloud.lambdalabs.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobState;
import org.soen.cloud.ProviderException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.TerminatePolicy;
import org.soen.cloud.TransferException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;

/**
 * One Lambda job as a resumable state machine: each step is idempotent, and the journal records
 * the next step, so a launcher killed anywhere resumes without launching or uploading twice. Any
 * failure, a stop, the runtime limit or the cost cap ends in teardown.
 */
final class LambdaJob implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaJob.class);
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Duration POLL = Duration.ofSeconds(10);
  private static final int MAX_LOG_READ = 1 << 20;

  private final BackendContext ctx;
  private final LambdaApi api;
  private final Provisioner provisioner;
  private final String jobId;
  private final JobSpec spec;
  private final Map<String, String> secretEnv;
  private final Path localDir;
  private final Hooks hooks;
  private volatile boolean stopRequested;
  private volatile boolean detached;
  private SshRunner ssh;
  private EpochMetrics metrics;

  /** Thrown to end the job without failure semantics: a stop or a limit. */
  static final class Ended extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final JobState state;

    Ended(JobState state, String message) {
      super(message);
      this.state = state;
    }
  }

  LambdaJob(BackendContext ctx, LambdaApi api, String jobId, JobSpec spec, Map<String, String> secretEnv,
      Hooks hooks) {
    this.ctx = ctx;
    this.api = api;
    this.provisioner = new Provisioner(api, ctx.clock(), ctx.sleeper());
    this.jobId = jobId;
    this.spec = spec;
    this.secretEnv = secretEnv;
    this.localDir = localDir(ctx, jobId);
    this.hooks = hooks;
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
  }

  static Path localDir(BackendContext ctx, String jobId) {
    return ctx.home().resolve("lambdalabs").resolve(jobId);
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
    if (!step().commandStarted() && get(Keys.OUTCOME).isEmpty()) {
      notice("waiting for the training command to start before detaching;"
          + " Ctrl-C stops the job and terminates its instance");
    }
  }

  /** Thrown when the launcher detaches. */
  static final class Detached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Detached() {
      super("detached");
    }
  }

  @Override
  public void run() {
    Step step = step();
    try {
      metrics = new EpochMetrics(Optional.ofNullable(spec.metricsPattern()));
      while (step != Step.DONE) {
        checkStop();
        Step current = step;
        doStep(current);
        step = current.next();
        put(Map.of(Keys.STEP, step.name()));
        if (current.state != step.state && step != Step.DONE) {
          ctx.journal().recordState(jobId, step.state);
        }
        hooks.afterStep(current);
      }
      put(Map.of(Keys.OUTCOME, "completed"));
      ctx.journal().recordState(jobId, JobState.COMPLETED);
    } catch (Detached e) {
      notice("detached: the training command runs on instance " + get(Keys.INSTANCE_ID).orElse("?")
          + ", which bills until `soen-cloud attach " + jobId + "` collects the artifacts and terminates it"
          + " (or `soen-cloud stop " + jobId + "` ends it now)");
    } catch (Ended e) {
      Thread.interrupted();
      teardown(true);
      end(e.state, e.getMessage());
    } catch (RuntimeException e) {
      // An interrupt (stop, Ctrl-C) must not also interrupt the teardown.
      Thread.interrupted();
      if (stopRequested) {
        teardown(true);
        end(JobState.STOPPED, "stopped on request; the instance was terminated");
        return;
      }
      LOG.debug("Lambda job {} failed at {}", jobId, step, e);
      boolean terminate = TerminatePolicy.valueOf(spec.terminate()) == TerminatePolicy.ALWAYS;
      teardown(terminate);
      end(JobState.FAILED, "failed at step " + step.name().toLowerCase() + ": " + Errors.describe(e));
    } finally {
      closeSsh();
    }
  }

  private void closeSsh() {
    if (ssh != null) {
      ssh.close();
      ssh = null;
    }
  }

  private void end(JobState state, String message) {
    if (get(Keys.OUTCOME).isPresent()) {
      return;
    }
    put(Map.of(Keys.OUTCOME, state == JobState.STOPPED ? "stopped" : "failed", Keys.MESSAGE, message));
    ctx.journal().recordState(jobId, state);
    notice(message);
  }

  private void teardown(boolean terminate) {
    Optional<String> id = get(Keys.INSTANCE_ID);
    // No id but a name: the launch may have created an instance whose id never arrived.
    if ((id.isEmpty() && get(Keys.INSTANCE_NAME).isEmpty()) || get(Keys.T_TERMINATED).isPresent()) {
      return;
    }
    String which = id.map(i -> "instance " + i).orElse("the instance named " + jobId);
    if (!terminate) {
      id.ifPresent(i -> notice(which + " is left running (cloud.lambda.terminate: " + spec.terminate().toLowerCase()
          + "); it bills until you terminate it or run `soen-cloud reap`"));
      return;
    }
    try {
      terminateOwnInstance();
    } catch (RuntimeException e) {
      notice("could not terminate " + which + ": " + Errors.describe(e)
          + "; run `soen-cloud reap` or terminate it in the Lambda console");
    }
  }

  private void doStep(Step step) {
    switch (step) {
      case LAUNCH -> launch();
      case BOOT -> awaitBoot();
      case SSH -> awaitSsh();
      case SETUP -> commands(step, spec.setup(), Keys.SETUP_DONE, "setup");
      case UPLOAD -> upload();
      case DATASET_YAML -> datasetYaml();
      case RUN -> startRun();
      case TAIL -> tail();
      case AFTER -> commands(step, spec.after(), Keys.AFTER_DONE, "after");
      case DOWNLOAD -> download();
      case TERMINATE -> {
        if (TerminatePolicy.valueOf(spec.terminate()) == TerminatePolicy.NEVER) {
          notice("instance " + get(Keys.INSTANCE_ID).orElse("?") + " is left running (cloud.lambda.terminate: never)");
        } else {
          terminateAndConfirm(require(Keys.INSTANCE_ID));
        }
      }
      default -> throw new IllegalStateException(step.name());
    }
  }

  // ------------------------------------------------------------------ launch and boot

  private void launch() {
    if (get(Keys.INSTANCE_ID).isPresent()) {
      return;
    }
    String name = jobId;
    // A launcher killed after the launch but before journaling it finds its instance by name.
    Optional<LambdaInstance> existing = get(Keys.INSTANCE_NAME).flatMap(provisioner::findOurs);
    if (existing.isPresent()) {
      LambdaInstance i = existing.get();
      put(Map.of(Keys.INSTANCE_ID, i.id(), Keys.REGION, i.region(), Keys.PRICE_CENTS, Integer.toString(i.priceCentsPerHour()),
          Keys.T_LAUNCH, get(Keys.T_LAUNCH_REQUESTED).orElseGet(this::now)));
      notice("found instance " + i.id() + " launched for this job by the launcher before");
      return;
    }
    List<InstanceTypeInfo> types = api.instanceTypes();
    InstanceTypeInfo type = types.stream().filter(t -> t.name().equals(spec.instanceType())).findFirst()
        .orElseThrow(() -> new ConfigurationException("instance.instance_type", "Lambda Cloud has no instance type "
            + spec.instanceType() + "; known: " + types.stream().map(InstanceTypeInfo::name).sorted().toList()));
    List<String> regions = spec.region() != null ? List.of(spec.region()) : type.regionsWithCapacity();
    if (regions.isEmpty() || (spec.region() != null && !type.regionsWithCapacity().contains(spec.region()))) {
      throw new CapacityException("Lambda Cloud has no capacity for " + spec.instanceType()
          + (spec.region() != null ? " in " + spec.region() : " in any region") + " right now; "
          + LambdaApi.regionsSummary(types)
          + ". Choose one of those (cloud.instance.instance_type, cloud.lambda.region) or try again later.");
    }
    Map<String, String> tags = new LinkedHashMap<>(spec.tags());
    tags.put(Provisioner.JOB_TAG, jobId);
    put(Map.of(Keys.INSTANCE_NAME, name, Keys.INSTANCE_TYPE, spec.instanceType()));
    CapacityException last = null;
    for (String region : regions) {
      try {
        Provisioner.Launched l = provisioner.launch(region, spec.instanceType(), spec.sshKeyName(), name, tags,
            at -> put(Map.of(Keys.T_LAUNCH_REQUESTED, at.toString())));
        put(Map.of(Keys.INSTANCE_ID, l.instanceId(), Keys.REGION, region, Keys.PRICE_CENTS,
            Integer.toString(type.priceCentsPerHour()), Keys.T_LAUNCH, l.requestedAt().toString(), Keys.INSTANCE_STATUS, "booting"));
        notice((l.adopted() ? "found instance " + l.instanceId() + " by its name after an unclear launch answer: "
            : "launched ") + spec.instanceType() + " instance " + l.instanceId() + " in " + region + " ($"
            + BigDecimal.valueOf(type.priceCentsPerHour()).movePointLeft(2) + "/h)");
        return;
      } catch (CapacityException e) {
        last = e;
        notice("no capacity for " + spec.instanceType() + " in " + region + "; trying the next region");
      }
    }
    List<InstanceTypeInfo> now = api.instanceTypes();
    throw new CapacityException("Lambda Cloud has no capacity for " + spec.instanceType() + " in " + regions
        + " right now; " + LambdaApi.regionsSummary(now) + ".", last);
  }

  private void awaitBoot() {
    String id = require(Keys.INSTANCE_ID);
    Instant deadline = Instant.parse(require(Keys.T_LAUNCH)).plusSeconds(spec.bootTimeoutSeconds());
    while (true) {
      checkStop();
      LambdaInstance i = api.instance(id);
      put(Map.of(Keys.INSTANCE_STATUS, i.status()));
      if (i.status().equals("active") && i.ip().isPresent()) {
        put(Map.of(Keys.IP, i.ip().get(), Keys.SSH_PORT, Integer.toString(i.sshPort()), Keys.T_ACTIVE, now()));
        return;
      }
      failIfGone(i);
      if (!ctx.clock().instant().isBefore(deadline)) {
        throw new ProviderException("instance " + id + " did not become active with an IP within "
            + Duration.ofSeconds(spec.bootTimeoutSeconds()).toMinutes() + " minutes (status " + i.status()
            + "); raise cloud.lambda.boot_timeout_minutes for large types", null);
      }
      sleep(POLL);
    }
  }

  private void failIfGone(LambdaInstance i) {
    if (List.of("preempted", "terminated", "terminating", "unhealthy").contains(i.status())) {
      throw new ProviderException("instance " + i.id() + " is " + i.status() + " on Lambda Cloud", null);
    }
  }

  private void awaitSsh() {
    Instant deadline = ctx.clock().instant().plusSeconds(spec.sshTimeoutSeconds());
    IOException last = null;
    while (ctx.clock().instant().isBefore(deadline)) {
      checkStop();
      try {
        SshRunner.Result r = runner().run("true", null);
        if (r.exitCode() == 0) {
          put(Map.of(Keys.T_SSH, now()));
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      sleep(Duration.ofSeconds(5));
    }
    throw new TransferException("SSH on " + require(Keys.IP) + " did not answer within "
        + Duration.ofSeconds(spec.sshTimeoutSeconds()).toMinutes() + " minutes"
        + (last != null ? ": " + Errors.describe(last) : ""), last);
  }

  // ------------------------------------------------------------------ SSH helpers

  private SshRunner runner() {
    if (ssh == null) {
      KeyPair key = SshRunner.loadKey(Path.of(spec.sshPrivateKey()));
      ssh = new SshRunner(require(Keys.IP), Integer.parseInt(get(Keys.SSH_PORT).orElse("22")), spec.sshUser(), key,
          get(Keys.HOST_KEY), pin -> put(Map.of(Keys.HOST_KEY, pin)), Duration.ofSeconds(30));
    }
    return ssh;
  }

  /** Runs an SSH action, reconnecting after drops; a changed host key is never retried. */
  private <T> T withSsh(String what, SshAction<T> action) {
    IOException last = null;
    for (int attempt = 1; attempt <= 5; attempt++) {
      checkStop();
      try {
        return action.run(runner());
      } catch (IOException e) {
        last = e;
        LOG.debug("SSH {} on job {} failed (attempt {}): {}", what, jobId, attempt, Errors.describe(e));
        notice("SSH connection lost during " + what + "; reconnecting");
        sleep(Duration.ofSeconds(Math.min(30, 2L << attempt)));
      }
    }
    throw new TransferException("SSH " + what + " on " + require(Keys.IP) + " failed after 5 attempts: "
        + Errors.describe(last), last);
  }

  @FunctionalInterface
  interface SshAction<T> {
    T run(SshRunner r) throws IOException;
  }

  String remoteRun() {
    return get(Keys.REMOTE_RUN).orElseGet(() -> {
      String dir = spec.remoteDir().replaceAll("/+$", "") + "/" + jobId;
      put(Map.of(Keys.REMOTE_RUN, dir));
      return dir;
    });
  }

  private SshRunner.Result check(String what, SshRunner.Result r) {
    if (r.exitCode() != 0) {
      throw new SoenCloudException(what + " failed with exit code " + r.exitCode() + ": " + tail(r.stderr()));
    }
    return r;
  }

  private static String tail(String s) {
    String t = s.strip();
    return t.length() > 500 ? "..." + t.substring(t.length() - 500) : t;
  }

  // ------------------------------------------------------------------ setup, upload, yaml

  /**
   * Runs each command once on the instance (see {@link RemoteScripts#step}): one that the journal
   * records as done is skipped, and one the instance records as started is waited for instead of
   * being started again, so a launcher killed anywhere in here never runs a command twice.
   */
  private void commands(Step step, List<String> commands, String doneKey, String stream) {
    String run = remoteRun();
    int done = Integer.parseInt(get(doneKey).orElse("0"));
    for (int k = done; k < commands.size(); k++) {
      String command = commands.get(k);
      int index = k + 1;
      String name = stream + "-" + index;
      String what = stream + " command " + index + " `" + command + "`";
      String ended = withSsh(what, r -> check(what, r.run(RemoteScripts.step(run, name, command), null))).stdout().strip();
      String output = withSsh("reading the output of " + what, r -> r.run(RemoteScripts.stepLog(run, name), null)).stdout();
      for (String line : output.split("\n")) {
        if (!line.isBlank()) {
          log(stream, line);
        }
      }
      if (ended.equals(RemoteScripts.LOST)) {
        throw new SoenCloudException(what + " was started on the instance, but its process ended without an exit code"
            + " (the instance restarted, or something killed it); it is not run twice (see " + run + "/.soen/steps/"
            + name + ".log)");
      }
      if (!ended.matches("-?\\d+")) {
        throw new SoenCloudException(what + " ended without an exit code the launcher could read: " + tail(ended));
      }
      if (Integer.parseInt(ended) != 0) {
        throw new SoenCloudException(what + " failed with exit code " + ended + ": " + tail(output));
      }
      hooks.afterCommand(step, index);
      put(Map.of(doneKey, Integer.toString(index)));
    }
  }

  private String remoteData() {
    Path data = spec.dataPath();
    return remoteRun() + "/" + data.getFileName();
  }

  private void upload() {
    Path data = spec.dataPath();
    if (data == null) {
      return;
    }
    TarStream tar;
    try {
      tar = TarStream.of(data);
    } catch (IOException e) {
      throw new TransferException("cannot read the dataset " + data + ": " + Errors.describe(e), e);
    }
    put(Map.of(Keys.T_UPLOAD_START, get(Keys.T_UPLOAD_START).orElse(now()), Keys.UPLOAD_GZIP, Boolean.toString(tar.gzip())));
    String target = remoteData();
    long[] lastReported = {-1};
    withSsh("uploading the dataset", r -> {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      // the tar is written straight into the channel on this thread: no pipe, no copy on disk
      int code = r.execWriting(tar.extractCommand(target), remote -> tar.writeTo(remote, done -> {
        if (done - lastReported[0] >= 8 << 20 || done == tar.totalBytes()) {
          lastReported[0] = done;
          event(JobEvent.builder().kind(JobEvent.Kind.PROGRESS).bytesDone(done).bytesTotal(tar.totalBytes())
              .message("uploaded " + done + " of " + tar.totalBytes() + " bytes"));
        }
      }), OutputStream.nullOutputStream(), err);
      if (code != 0) {
        throw new TransferException("unpacking the dataset into " + target + " failed with exit code " + code + ": "
            + tail(err.toString(StandardCharsets.UTF_8)));
      }
      return null;
    });
    put(Map.of(Keys.UPLOAD_BYTES, Long.toString(tar.totalBytes()), Keys.T_UPLOAD_END, now()));
  }

  private void datasetYaml() {
    Path data = spec.dataPath();
    if (data == null) {
      return;
    }
    String name = spec.datasetYaml() != null ? spec.datasetYaml() : "dataset.yaml";
    Path local = data.resolve(name).normalize();
    if (!local.startsWith(data)) {
      throw new ConfigurationException("lambda.dataset_yaml", name + " must be a path inside the dataset folder");
    }
    if (!Files.isRegularFile(local)) {
      if (spec.datasetYaml() != null) {
        throw new ConfigurationException("lambda.dataset_yaml", local + " does not exist");
      }
      return;
    }
    String yaml;
    try {
      yaml = Files.readString(local);
    } catch (IOException e) {
      throw new TransferException("cannot read " + local + ": " + Errors.describe(e), e);
    }
    String rewritten = DatasetYaml.rewrite(yaml, remoteData());
    String remote = remoteData() + "/" + data.relativize(local).toString().replace('\\', '/');
    withSsh("writing " + remote, r -> check("writing " + remote, r.run("cat > " + Shell.quote(remote),
        new ByteArrayInputStream(rewritten.getBytes(StandardCharsets.UTF_8)))));
  }

  // ------------------------------------------------------------------ run and tail

  private void startRun() {
    String run = remoteRun();
    if (spec.command().isEmpty()) {
      throw new ConfigurationException("command", "the lambdalabs provider needs cloud.command, the training command to run");
    }
    boolean started = withSsh("checking the run", r -> r.run("test -e " + Shell.quote(run + "/.soen/started"), null)).exitCode() == 0;
    if (started) {
      return;
    }
    StringBuilder env = new StringBuilder();
    Map<String, String> all = new LinkedHashMap<>(spec.environment());
    all.putAll(secretEnv);
    all.forEach((k, v) -> {
      if (!ENV_NAME.matcher(k).matches()) {
        throw new ConfigurationException("environment." + k, "is not a valid environment variable name");
      }
      env.append(k).append('=').append(Shell.quote(v)).append('\n');
    });
    // Secrets travel on stdin into a file only the user can read, never on a command line.
    withSsh("writing the job environment", r -> check("writing the job environment",
        r.run("umask 077 && mkdir -p -- " + Shell.quote(run + "/.soen") + " && cat > " + Shell.quote(run + "/.soen/env"),
            new ByteArrayInputStream(env.toString().getBytes(StandardCharsets.UTF_8)))));
    String command = RemoteScripts.startTraining(run, spec.command());
    withSsh("starting the training command", r -> check("starting the training command", r.run(command, null)));
    put(Map.of(Keys.T_RUN_START, now()));
    notice("training started on " + require(Keys.INSTANCE_ID) + ": " + String.join(" ", spec.command()));
  }

  private void tail() {
    String run = remoteRun();
    long offset = Long.parseLong(get(Keys.LOG_OFFSET).orElse("0"));
    Instant lastBeat = Instant.MIN;
    while (true) {
      checkStop();
      checkLimits();
      long from = offset;
      boolean[] lost = {false};
      Optional<Integer> exit = withSsh("reading the exit code", r -> {
        SshRunner.Result res = r.run(RemoteScripts.exitCode(run), null);
        String s = res.stdout().strip();
        lost[0] = s.equals(RemoteScripts.LOST);
        return res.exitCode() == 0 && s.matches("-?\\d+") ? Optional.of(Integer.parseInt(s)) : Optional.<Integer>empty();
      });
      byte[] chunk = withSsh("reading the training log", r -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.exec("tail -c +" + (from + 1) + " " + Shell.quote(run + "/.soen/run.log") + " 2>/dev/null | head -c " + MAX_LOG_READ,
            null, out, OutputStream.nullOutputStream());
        return out.toByteArray();
      });
      int end = chunk.length;
      if (exit.isEmpty() || chunk.length == MAX_LOG_READ) {
        end = lastIndexOf(chunk, (byte) '\n') + 1;
      }
      if (end > 0) {
        String text = new String(chunk, 0, end, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
          if (!line.isEmpty()) {
            String shown = line.substring(line.lastIndexOf('\r', line.length() - 2) + 1).stripTrailing();
            log("stdout", shown);
            metrics.accept(line).ifPresent(e -> event(JobEvent.builder().kind(JobEvent.Kind.METRICS).epoch(e.epoch())
                .putAllMetrics(e.metrics()).message("epoch " + e.epoch() + " " + e.metrics())));
          }
        }
        offset += end;
        put(Map.of(Keys.LOG_OFFSET, Long.toString(offset)));
      }
      if (exit.isPresent() && chunk.length < MAX_LOG_READ) {
        put(Map.of(Keys.EXIT_CODE, exit.get().toString(), Keys.T_RUN_END, now()));
        if (exit.get() != 0) {
          throw new SoenCloudException("the training command exited with code " + exit.get() + " (see the log)");
        }
        return;
      }
      if (lost[0] && chunk.length < MAX_LOG_READ) {
        put(Map.of(Keys.T_RUN_END, now()));
        throw new SoenCloudException("the training command's process on the instance ended without recording an"
            + " exit code: it was killed (by the out-of-memory killer or a person, for instance) or the instance"
            + " restarted (see the log)");
      }
      Instant now = ctx.clock().instant();
      if (Duration.between(lastBeat, now).compareTo(Duration.ofMinutes(1)) >= 0 || lastBeat.equals(Instant.MIN)) {
        lastBeat = now;
        put(Map.of(Keys.HEARTBEAT, now.toString()));
      }
      if (chunk.length < MAX_LOG_READ) {
        sleep(POLL);
      }
    }
  }

  private static int lastIndexOf(byte[] b, byte v) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private void checkLimits() {
    Instant launched = Instant.parse(require(Keys.T_LAUNCH));
    Duration limit = Duration.ofSeconds(spec.maxRuntimeSeconds());
    String why = "the max runtime of " + limit.toMinutes() + " minutes";
    if (spec.maxCostUsd() != null) {
      BigDecimal hourly = BigDecimal.valueOf(Integer.parseInt(get(Keys.PRICE_CENTS).orElse("0"))).movePointLeft(2);
      if (hourly.signum() > 0) {
        long seconds = new BigDecimal(spec.maxCostUsd()).multiply(BigDecimal.valueOf(3600))
            .divide(hourly, 0, RoundingMode.DOWN).longValue();
        if (seconds < limit.toSeconds()) {
          limit = Duration.ofSeconds(seconds);
          why = "the cost cap of $" + spec.maxCostUsd();
        }
      }
    }
    if (!ctx.clock().instant().isBefore(launched.plus(limit))) {
      throw new Ended(JobState.FAILED, "stopped at " + why + "; the instance was terminated");
    }
  }

  // ------------------------------------------------------------------ download and terminate

  private void download() {
    String run = remoteRun();
    Path target = localDir.resolve("artifacts");
    if (spec.artifacts().isEmpty()) {
      return;
    }
    byte[] listing = withSsh("listing artifacts", r -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = r.exec("cd " + Shell.quote(run) + " && find . -path ./.soen -prune -o -type f -print0", null, out,
          OutputStream.nullOutputStream());
      if (code != 0) {
        throw new TransferException("listing " + run + " failed with exit code " + code);
      }
      return out.toByteArray();
    });
    List<String> files = new ArrayList<>();
    for (String f : new String(listing, StandardCharsets.UTF_8).split("\0")) {
      if (f.startsWith("./")) {
        files.add(f.substring(2));
      }
    }
    List<String> chosen = new ArrayList<>();
    for (String pattern : spec.artifacts()) {
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      List<String> hits = files.stream().filter(f -> m.matches(Path.of(f))).sorted().toList();
      if (hits.isEmpty()) {
        throw new TransferException("artifact " + pattern + " matched no file under " + run);
      }
      hits.stream().filter(h -> !chosen.contains(h)).forEach(chosen::add);
    }
    for (String f : chosen) {
      fetch(run, f, target);
    }
    put(Map.of(Keys.ARTIFACTS, String.join("\n", chosen), Keys.T_DOWNLOAD_END, now()));
  }

  private void fetch(String run, String relative, Path target) {
    Path local = inside(target, relative);
    String remote = run + "/" + relative;
    SshRunner.Result sum = withSsh("checksumming " + relative,
        r -> check("checksumming " + relative, r.run("wc -c < " + Shell.quote(remote) + " && sha256sum < " + Shell.quote(remote), null)));
    String[] parts = sum.stdout().strip().split("\\s+");
    long size = Long.parseLong(parts[0]);
    String sha = parts[1];
    withSsh("downloading " + relative, r -> {
      Files.createDirectories(local.getParent());
      Path part = local.resolveSibling(local.getFileName() + ".part");
      MessageDigest digest = sha256();
      int code;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING), digest)) {
        code = r.exec("cat " + Shell.quote(remote), null, out, OutputStream.nullOutputStream());
      }
      String got = HexFormat.of().formatHex(digest.digest());
      long gotSize = Files.size(part);
      if (code != 0 || gotSize != size || !got.equals(sha)) {
        Files.deleteIfExists(part);
        throw new IOException("download of " + relative + " did not verify: " + gotSize + " of " + size
            + " bytes, sha256 " + got + " expected " + sha);
      }
      Files.move(part, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return null;
    });
  }

  static Path inside(Path root, String relative) {
    Path base = root.toAbsolutePath().normalize();
    Path p = base.resolve(relative).normalize();
    if (relative.isEmpty() || Path.of(relative).isAbsolute() || !p.startsWith(base) || p.equals(base)) {
      throw new TransferException("refusing to write " + relative + ": it resolves outside " + base);
    }
    return p;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Terminates this job's instance, found by its journaled id or else by its name, and confirms it. */
  void terminateOwnInstance() {
    Optional<String> id = get(Keys.INSTANCE_ID)
        .or(() -> get(Keys.INSTANCE_NAME).flatMap(provisioner::findOurs).map(LambdaInstance::id));
    id.ifPresent(this::terminateAndConfirm);
  }

  void terminateAndConfirm(String id) {
    // Our own session goes first: one still open when the machine goes away ends in a connection
    // reset, which the SSH client reports as a warning although nothing went wrong.
    closeSsh();
    Provisioner.Terminated t = provisioner.terminate(id);
    put(Map.of(Keys.INSTANCE_STATUS, t.status(), Keys.T_TERMINATED, t.confirmedAt().toString()));
    notice("terminated instance " + id);
  }

  // ------------------------------------------------------------------ plumbing

  private void checkStop() {
    if (detached && !stopRequested && step().commandStarted()) {
      throw new Detached();
    }
    if (get(Keys.OUTCOME).isPresent()) {
      // Ended from elsewhere (a stop or the reaper in another process): nothing left to do here.
      throw new Detached();
    }
    if (stopRequested) {
      throw new Ended(JobState.STOPPED, "stopped on request; the instance was terminated");
    }
  }

  private void sleep(Duration d) {
    try {
      ctx.sleeper().sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Ended(JobState.STOPPED, "interrupted; the instance was terminated");
    }
  }

  private Step step() {
    return get(Keys.STEP).map(Step::valueOf).orElse(Step.LAUNCH);
  }

  private Optional<String> get(String key) {
    return ctx.journal().find(jobId).map(JobRecord::providerState).map(m -> m.get(key));
  }

  private String require(String key) {
    return get(key).orElseThrow(() -> new ProviderException("the journal of " + jobId + " lacks " + key, null));
  }

  private void put(Map<String, String> entries) {
    ctx.journal().putProviderState(jobId, entries);
  }

  private String now() {
    return ctx.clock().instant().toString();
  }

  private void notice(String message) {
    LOG.info("{}: {}", jobId, message);
    event(JobEvent.builder().kind(JobEvent.Kind.NOTICE).message(message));
  }

  /** Keeps a line in the local log, which {@code logs()} pages through (the trainer turns it into LOG events). */
  private void log(String stream, String line) {
    try {
      Files.createDirectories(localDir);
      Files.writeString(localDir.resolve("run.log"), stream + "\t" + now() + "\t" + line.replace('\t', ' ') + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("cannot keep the log of {} in {}: {}", jobId, localDir, e.toString());
    }
  }

  private void event(JobEvent.Builder b) {
    ctx.events().onEvent(b.jobId(jobId).at(ctx.clock().instant()).build());
  }
}
