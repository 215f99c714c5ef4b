package org.soen.cloud.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogPage;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.TransferException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;

/**
 * Runs a job as a child process. Staging copies the config and data into a folder laid out like
 * the S3 layout ({@code <home>/local/soen/<project>/<experiment>/<job>/<timestamp>/{config,data,output}});
 * the command runs under a small shell wrapper that writes its exit code to a file, so a new
 * trainer (in this or another process) can tell how it ended. Each step is recorded in the
 * journal: {@link #attach} finishes a submission that a dead launcher left half done.
 */
final class LocalBackend implements TrainingBackend {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private static final String STEP = "step";
  private static final String STAGED = "staged";
  private static final String STARTED = "started";
  private static final String STOP_REQUESTED = "stop_requested";

  private final BackendContext context;
  private final LocalCosts costs;

  LocalBackend(BackendContext context) {
    this.context = context;
    this.costs = new LocalCosts(context.pricing());
  }

  @Override
  public List<ConfigProblem> validate(CloudConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (config.command().isEmpty()) {
      problems.add(ConfigProblem.builder().source(config.sourceFile().map(Path::toString).orElse("config"))
          .keyPath("cloud.command")
          .message("the local provider runs this command and it is not set; e.g. command: [python, train.py]")
          .build());
    }
    return problems;
  }

  @Override
  public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
    return context.pricing().find(LocalBackendProvider.ID, "local")
        .map(p -> InstancePrice.builder().from(p).instanceType(instanceType).build());
  }

  @Override
  public CostEstimate estimate(CloudConfig config, CostEstimate catalogEstimate) {
    return CostEstimate.builder().from(catalogEstimate).comparisons(costs.comparisons(config, catalogEstimate.hours()))
        .build();
  }

  @Override
  public JobHandle submit(SubmitRequest request) {
    CloudConfig config = request.config();
    Path root = context.home().resolve("local").resolve("soen").resolve(config.project())
        .resolve(config.experiment()).resolve(request.jobName()).resolve(STAMP.format(request.submittedAt()));
    JobHandle handle = JobHandle.builder().id(request.jobName()).provider(LocalBackendProvider.ID)
        .submittedAt(request.submittedAt()).stagingUri(root.toUri().toString())
        .putDetails("instance_type", config.instance().instanceType().orElse("local"))
        .putDetails("staging_dir", root.toString())
        .build();
    context.journal().update(request.jobName(), r -> JobRecord.builder().from(r).handle(handle)
        .putProviderState("root", root.toString())
        .build());
    stage(handle, config, root, request.stagedConfigYaml());
    return start(handle, config, root);
  }

  private void stage(JobHandle handle, CloudConfig config, Path root, String stagedYaml) {
    context.journal().recordState(handle.id(), JobState.STAGING);
    try {
      Files.createDirectories(root.resolve("config"));
      Files.createDirectories(root.resolve("data"));
      Files.createDirectories(root.resolve("output"));
      Files.createDirectories(root.resolve("run"));
      Files.writeString(root.resolve("config/training_config.yaml"), stagedYaml, StandardCharsets.UTF_8);
      if (config.data().isPresent()) {
        Path source = config.baseDirectory().resolve(config.data().get()).normalize();
        long copied = copyTree(source, root.resolve("data"));
        context.events().onEvent(JobEvent.builder().jobId(handle.id()).at(context.clock().instant())
            .kind(JobEvent.Kind.PROGRESS).bytesDone(copied).bytesTotal(copied)
            .message("staged " + copied + " bytes of data from " + source).build());
      }
    } catch (IOException e) {
      throw new TransferException("staging " + handle.id() + " into " + root + " failed: " + e.getMessage(), e);
    }
    context.journal().putProviderState(handle.id(), Map.of(STEP, STAGED,
        "staged_at", context.clock().instant().toString()));
  }

  private static long copyTree(Path source, Path target) throws IOException {
    if (Files.isRegularFile(source)) {
      Files.copy(source, target.resolve(source.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      return Files.size(source);
    }
    long[] bytes = {0};
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(target.resolve(source.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
          bytes[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return bytes[0];
  }

  private JobHandle start(JobHandle handle, CloudConfig config, Path root) {
    Path log = root.resolve("run/job.log");
    Path exitFile = root.resolve("run/exit_code");
    Process process = LocalProcesses.launch(config, log, env(handle, root, exitFile));
    ProcessHandle ph = process.toHandle();
    Instant started = context.clock().instant();
    String pid = Long.toString(ph.pid());
    context.journal().update(handle.id(), r -> JobRecord.builder().from(r).state(JobState.RUNNING)
        .putProviderState(STEP, STARTED)
        .putProviderState("pid", pid)
        .putProviderState("pid_started", ph.info().startInstant().map(Instant::toString).orElse(""))
        .putProviderState("started_at", started.toString())
        .putProviderState("log", log.toString())
        .putProviderState("exit_file", exitFile.toString())
        .build());
    return JobHandle.builder().from(handle).providerJobId(pid).build();
  }

  /** The job's own variables, beside the config's environment and secrets. */
  private static Map<String, String> env(JobHandle handle, Path root, Path exitFile) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SOEN_JOB_NAME", handle.id());
    env.put("SOEN_CONFIG", root.resolve("config/training_config.yaml").toString());
    env.put("SOEN_DATA_DIR", root.resolve("data").toString());
    env.put("SOEN_OUTPUT_DIR", root.resolve("output").toString());
    env.put("SOEN_EXIT_CODE_FILE", exitFile.toString());
    // The names SageMaker's containers use, so one trainer runs unchanged here and there.
    env.put("SM_CHANNEL_CONFIG", root.resolve("config").toString());
    env.put("SM_CHANNEL_DATA", root.resolve("data").toString());
    env.put("SM_MODEL_DIR", root.resolve("output").toString());
    return env;
  }

  @Override
  public JobHandle attach(JobHandle handle) {
    JobRecord r = record(handle);
    if (r.state().isTerminal() || STARTED.equals(r.providerState().get(STEP))) {
      return r.handle();
    }
    CloudConfig config = context.journal().config(handle.id()).orElseThrow();
    Path root = Path.of(r.providerState().get("root"));
    String staged = readStagedOrStored(root, r);
    if (!STAGED.equals(r.providerState().get(STEP))) {
      stage(r.handle(), config, root, staged);
    }
    JobHandle started = start(r.handle(), config, root);
    context.journal().update(handle.id(), rec -> JobRecord.builder().from(rec).handle(started).build());
    return started;
  }

  /**
   * The staged config, or, when the launcher died before writing it, the journal's stored form of
   * the job's settings (the user's own sections were not kept and are missing then).
   */
  private static String readStagedOrStored(Path root, JobRecord record) {
    Path staged = root.resolve("config/training_config.yaml");
    try {
      return Files.exists(staged) ? Files.readString(staged) : record.configYaml();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public JobStatus status(JobHandle handle) {
    JobRecord r = record(handle);
    Map<String, String> s = r.providerState();
    JobStatus.Builder status = JobStatus.builder().jobId(handle.id()).provider(LocalBackendProvider.ID)
        .observedAt(context.clock().instant());
    Optional.ofNullable(s.get("started_at")).filter(v -> !v.isEmpty()).map(Instant::parse)
        .ifPresent(status::startedAt);
    if (!STARTED.equals(s.get(STEP))) {
      JobState state = r.state() == JobState.FAILED ? JobState.FAILED
          : STAGED.equals(s.get(STEP)) ? JobState.STAGING : r.state();
      return status.state(state).detail(state == JobState.FAILED ? "failed before start" : "not started")
          .message(Optional.ofNullable(s.get("failure"))).build();
    }
    // Liveness first: the wrapper writes the exit code before it exits, so a process seen dead
    // has its code on disk; read the other way round, a job ending in between looked FAILED.
    boolean alive = LocalProcesses.process(s).map(ProcessHandle::isAlive).orElse(false);
    Optional<Integer> exitCode = LocalProcesses.readExitCode(Path.of(s.get("exit_file")));
    boolean stopRequested = s.containsKey(STOP_REQUESTED);
    exitCode.ifPresent(status::exitCode);
    Optional<Instant> ended = Optional.ofNullable(s.get("ended_at")).map(Instant::parse);
    if (alive) {
      return status.state(stopRequested ? JobState.STOPPING : JobState.RUNNING)
          .detail("process " + s.get("pid") + " running").build();
    }
    Instant end = ended.orElseGet(() -> recordEnd(handle.id()));
    status.endedAt(end);
    if (stopRequested) {
      return status.state(JobState.STOPPED).detail("stopped").message("stopped on request").build();
    }
    if (exitCode.isEmpty()) {
      return status.state(JobState.FAILED).detail("process gone")
          .message("the process " + s.get("pid") + " ended without recording an exit code (killed from outside?)")
          .build();
    }
    if (exitCode.get() == 0) {
      return status.state(JobState.COMPLETED).detail("exit code 0").build();
    }
    return status.state(JobState.FAILED).detail("exit code " + exitCode.get())
        .message("the training command exited with code " + exitCode.get()
            + LocalLogFile.lastLineNote(Optional.ofNullable(s.get("log")).map(Path::of).orElse(null))).build();
  }

  private Instant recordEnd(String jobId) {
    Instant now = context.clock().instant();
    context.journal().putProviderState(jobId, Map.of("ended_at", now.toString()));
    return now;
  }

  @Override
  public JobStatus stop(JobHandle handle) {
    JobStatus current = status(handle);
    if (current.state().isTerminal()) {
      return current;
    }
    JobRecord r = context.journal().putProviderState(handle.id(), Map.of(STOP_REQUESTED,
        context.clock().instant().toString()));
    context.journal().recordState(handle.id(), JobState.STOPPING);
    LocalProcesses.process(r.providerState()).ifPresent(LocalProcesses::terminateTree);
    if (!STARTED.equals(r.providerState().get(STEP))) {
      context.journal().update(handle.id(), rec -> JobRecord.builder().from(rec).state(JobState.STOPPED)
          .putProviderState("ended_at", context.clock().instant().toString()).build());
      return JobStatus.builder().jobId(handle.id()).provider(LocalBackendProvider.ID).state(JobState.STOPPED)
          .detail("stopped before start").message("stopped on request").observedAt(context.clock().instant()).build();
    }
    return status(handle);
  }

  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    String logName = record(handle).providerState().get("log");
    long offset = LocalLogFile.offset(cursor);
    boolean terminal = status(handle).state().isTerminal();
    return LocalLogFile.page(logName == null ? null : Path.of(logName), offset, terminal,
        context.clock().instant());
  }

  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    JobRecord r = record(handle);
    Path output = Path.of(r.providerState().get("root")).resolve("output");
    CloudConfig config = context.journal().config(handle.id()).orElseThrow();
    List<PathMatcher> patterns = new ArrayList<>();
    config.artifacts().forEach(g -> patterns.add(FileSystems.getDefault().getPathMatcher("glob:" + g)));
    List<Path> written = new ArrayList<>();
    if (!Files.isDirectory(output)) {
      return written;
    }
    try (Stream<Path> files = Files.walk(output)) {
      for (Path file : (Iterable<Path>) files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))::iterator) {
        Path rel = output.relativize(file);
        if (!patterns.isEmpty() && patterns.stream().noneMatch(m -> m.matches(rel))) {
          continue;
        }
        Path target = SafePaths.inside(targetDirectory, rel.toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        written.add(target);
      }
    } catch (IOException e) {
      throw new TransferException("copying artifacts of " + handle.id() + " to " + targetDirectory + " failed: "
          + e.getMessage(), e);
    }
    return written;
  }

  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    JobRecord r = record(handle);
    Map<String, String> s = r.providerState();
    if (!s.containsKey("started_at") || !status(handle).state().isTerminal()) {
      return Optional.empty();
    }
    Instant submitted = r.handle().submittedAt();
    Instant started = Instant.parse(s.get("started_at"));
    Instant ended = Optional.ofNullable(context.journal().find(handle.id()).orElseThrow().providerState().get("ended_at"))
        .map(Instant::parse).orElse(context.clock().instant());
    CloudConfig config = context.journal().config(handle.id()).orElseThrow();
    return Optional.of(costs.report(handle.id(), config, submitted, started, ended));
  }

  @Override
  public List<PreflightCheck> doctor(CloudConfig config) {
    List<PreflightCheck> checks = new ArrayList<>();
    checks.add(Files.isExecutable(Path.of("/bin/sh"))
        ? PreflightCheck.ok("shell", "/bin/sh runs the job's command")
        : PreflightCheck.failed("shell", "/bin/sh is missing", "the local provider needs a POSIX shell at /bin/sh"));
    Path dir = context.home();
    checks.add(Files.isWritable(dir) || !Files.exists(dir)
        ? PreflightCheck.ok("home", dir + " is writable")
        : PreflightCheck.failed("home", dir + " is not writable", "set SOEN_HOME to a writable folder"));
    return checks;
  }

  private JobRecord record(JobHandle handle) {
    return context.journal().find(handle.id()).orElseThrow(() -> new NotFoundException(
        "no local job named " + handle.id() + " in the journal"));
  }

  @Override
  public void close() {
    // Jobs are independent processes; nothing to release.
  }
}
