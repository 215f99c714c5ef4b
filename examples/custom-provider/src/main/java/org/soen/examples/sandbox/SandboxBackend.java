package org.soen.examples.sandbox;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.PhaseCost;
import org.soen.cloud.ProviderException;
import org.soen.cloud.TransferException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;

/**
 * The {@code sandbox} backend. Everything it needs to find a job again (folder, process id, start
 * time, stop request) is in the journal's provider state, so a new trainer in another process can
 * attach, stop or read the log.
 */
final class SandboxBackend implements TrainingBackend {
  static final String INSTANCE_TYPE = "this-machine";

  /** Runs the command, then records its exit code atomically. */
  private static final String WRAPPER = "\"$@\"; code=$?; echo $code > \"$SOEN_JOB_DIR/exit_code.tmp\"; "
      + "mv \"$SOEN_JOB_DIR/exit_code.tmp\" \"$SOEN_JOB_DIR/exit_code\"; exit $code";

  private final BackendContext context;

  SandboxBackend(BackendContext context) {
    this.context = context;
  }

  @Override
  public List<ConfigProblem> validate(CloudConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    String source = config.sourceFile().map(Path::toString).orElse("config");
    if (config.command().isEmpty()) {
      problems.add(ConfigProblem.builder().source(source).keyPath("cloud.command")
          .message("the sandbox provider runs this command and it is not set; e.g. command: [python, train.py]").build());
    }
    config.instance().instanceType().filter(t -> !t.equals(INSTANCE_TYPE)).ifPresent(t -> problems.add(
        ConfigProblem.builder().source(source).keyPath("cloud.instance.instance_type")
            .message("the sandbox provider runs on this machine only: use " + INSTANCE_TYPE + ", was " + t).build()));
    return problems;
  }

  @Override
  public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
    if (!INSTANCE_TYPE.equals(instanceType)) {
      return Optional.empty();
    }
    return Optional.of(InstancePrice.builder().provider(SandboxProvider.ID).instanceType(INSTANCE_TYPE)
        .gpu("whatever this machine has").onDemandHourlyUsd(BigDecimal.ZERO).source("your own machine")
        .asOf(LocalDate.ofInstant(context.clock().instant(), ZoneOffset.UTC)).build());
  }

  @Override
  public JobHandle submit(SubmitRequest request) {
    CloudConfig config = request.config();
    Path root = context.home().resolve("sandbox").resolve(request.jobName());
    try {
      Files.createDirectories(root.resolve("config"));
      Files.createDirectories(root.resolve("output"));
      Files.writeString(root.resolve("config/training_config.yaml"), request.stagedConfigYaml());
      Path data = root.resolve("data");
      Files.createDirectories(data);
      if (config.data().isPresent()) {
        copyTree(config.baseDirectory().resolve(config.data().get()), data);
      }
    } catch (IOException e) {
      throw new TransferException("cannot stage " + request.jobName() + " in " + root + ": " + e.getMessage(), e);
    }
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "sandbox"));
    command.addAll(config.command());
    ProcessBuilder pb = new ProcessBuilder(command).directory(config.baseDirectory().toFile())
        .redirectErrorStream(true).redirectOutput(root.resolve("job.log").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", context.environment().getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    env.put("HOME", root.toString());
    for (String name : config.get(SandboxProvider.PASS_ENV).orElse(List.of())) {
      Optional.ofNullable(context.environment().get(name)).ifPresent(v -> env.put(name, v));
    }
    env.putAll(config.environment());
    env.putAll(config.secretEnvironment());
    env.put("SOEN_JOB_DIR", root.toString());
    env.put("SOEN_CONFIG", root.resolve("config/training_config.yaml").toString());
    env.put("SOEN_DATA_DIR", root.resolve("data").toString());
    env.put("SOEN_OUTPUT_DIR", root.resolve("output").toString());
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new ProviderException("cannot start " + config.command() + ": " + e.getMessage() + "; check cloud.command", e);
    }
    Instant now = context.clock().instant();
    context.journal().putProviderState(request.jobName(), new java.util.TreeMap<>(Map.of("root", root.toString(),
        "pid", Long.toString(process.pid()), "started", now.toString())));
    return JobHandle.builder().id(request.jobName()).provider(SandboxProvider.ID).submittedAt(request.submittedAt())
        .providerJobId(Long.toString(process.pid())).putDetails("staging_dir", root.toString())
        .putDetails("instance_type", INSTANCE_TYPE).build();
  }

  private JobRecord record(JobHandle handle) {
    return context.journal().find(handle.id()).orElseThrow(() -> new NotFoundException(
        "the journal has no sandbox job " + handle.id()));
  }

  @Override
  public JobStatus status(JobHandle handle) {
    JobRecord r = record(handle);
    Path root = Path.of(r.providerState().get("root"));
    Instant now = context.clock().instant();
    JobStatus.Builder s = JobStatus.builder().jobId(handle.id()).provider(SandboxProvider.ID).observedAt(now)
        .startedAt(Instant.parse(r.providerState().get("started")));
    Optional<Integer> code = exitCode(root);
    boolean stopRequested = r.providerState().containsKey("stopped");
    if (stopRequested) {
      return s.state(JobState.STOPPED).message("stopped on request").endedAt(ended(r, now)).build();
    }
    if (code.isPresent()) {
      context.journal().putProviderState(handle.id(), Map.of("ended", ended(r, now).toString()));
      return code.get() == 0
          ? s.state(JobState.COMPLETED).exitCode(0).endedAt(ended(r, now)).build()
          : s.state(JobState.FAILED).exitCode(code.get()).message("the training command exited with code " + code.get())
              .endedAt(ended(r, now)).build();
    }
    if (alive(r)) {
      return s.state(JobState.RUNNING).detail("pid " + r.providerState().get("pid")).build();
    }
    return s.state(JobState.FAILED).message("the process ended without recording an exit code").endedAt(now).build();
  }

  private static Instant ended(JobRecord r, Instant now) {
    return Optional.ofNullable(r.providerState().get("ended")).map(Instant::parse).orElse(now);
  }

  private static boolean alive(JobRecord r) {
    return ProcessHandle.of(Long.parseLong(r.providerState().get("pid"))).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Optional<Integer> exitCode(Path root) {
    try {
      Path file = root.resolve("exit_code");
      return Files.exists(file) ? Optional.of(Integer.parseInt(Files.readString(file).strip())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public JobStatus stop(JobHandle handle) {
    JobStatus now = status(handle);
    if (now.state().isTerminal()) {
      return now;
    }
    JobRecord r = record(handle);
    ProcessHandle.of(Long.parseLong(r.providerState().get("pid"))).ifPresent(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.onExit().join();
    });
    context.journal().putProviderState(handle.id(), new java.util.TreeMap<>(Map.of("stopped", "true",
        "ended", context.clock().instant().toString())));
    return status(handle);
  }

  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    JobRecord r = record(handle);
    Path log = Path.of(r.providerState().get("root")).resolve("job.log");
    int from = cursor.isEmpty() ? 0 : Integer.parseInt(cursor);
    List<String> all;
    try {
      all = Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new TransferException("cannot read " + log + ": " + e.getMessage(), e);
    }
    boolean ended = status(handle).state().isTerminal();
    Instant at = context.clock().instant();
    List<LogLine> lines = all.subList(Math.min(from, all.size()), all.size()).stream()
        .map(l -> LogLine.of(at, "stdout", l)).toList();
    return LogPage.of(lines, Integer.toString(all.size()), ended);
  }

  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    JobRecord r = record(handle);
    Path output = Path.of(r.providerState().get("root")).resolve("output");
    List<String> patterns = context.journal().config(handle.id()).map(CloudConfig::artifacts).orElse(List.of());
    List<PathMatcher> matchers = patterns.stream().map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
    List<Path> written = new ArrayList<>();
    Path target = targetDirectory.toAbsolutePath().normalize();
    try (Stream<Path> files = Files.walk(output)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path rel = output.relativize(file);
        if (!matchers.isEmpty() && matchers.stream().noneMatch(m -> m.matches(rel))) {
          continue;
        }
        Path to = target.resolve(rel.toString()).normalize();
        if (!to.startsWith(target)) {
          throw new TransferException("artifact " + rel + " would be written outside " + target, null);
        }
        Files.createDirectories(to.getParent());
        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
        written.add(to);
      }
    } catch (IOException e) {
      throw new TransferException("cannot copy artifacts of " + handle.id() + ": " + e.getMessage(), e);
    }
    return written;
  }

  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    JobStatus s = status(handle);
    if (!s.state().isTerminal()) {
      return Optional.empty();
    }
    Duration ran = Duration.between(s.startedAt().orElseThrow(), s.endedAt().orElseThrow());
    return Optional.of(CostReport.builder().jobId(handle.id()).provider(SandboxProvider.ID).instanceType(INSTANCE_TYPE)
        .instanceCount(1).hourlyUsd(BigDecimal.ZERO).billable(ran)
        .addPhases(PhaseCost.of("training", ran, BigDecimal.ZERO))
        .totalUsd(BigDecimal.ZERO).source("your own machine: nothing billed").build());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (Files.isRegularFile(from)) {
      Files.copy(from, to.resolve(from.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path dest = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @Override
  public void close() {
    // No clients or threads: jobs are plain processes found again through the journal.
  }

}
