package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.internal.FileJobJournal;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.testkit.ManualClock;
import org.soen.cloud.testkit.RecordingJobListener;
import org.soen.cloud.testkit.lambda.FakeLambdaCloud;

/** A fake Lambda Cloud, an SSH key, a YOLO-like dataset with a trainer script, and a journal. */
final class LambdaFixture implements AutoCloseable {
  static final String SECRET = "s3cr3t-token-value-42";

  final Path root;
  final ManualClock clock;
  final FakeLambdaCloud fake;
  final KeyPair key;
  final Path keyFile;
  final Path dataset;
  final Path remoteDir;
  final Path home;
  final FileJobJournal journal;
  final RecordingJobListener events = new RecordingJobListener();
  /** What the journal answers for a job's stored config; the trainer re-reads secrets from the environment here. */
  /** The configs jobs were submitted with, as the trainer's journal keeps them. */
  final Map<String, CloudConfig> submitted = new java.util.concurrent.ConcurrentHashMap<>();
  volatile java.util.function.Function<JobRecord, CloudConfig> storedConfig = r -> submitted.get(r.id());

  private final boolean ownsFake;

  LambdaFixture(Path root) {
    this(root, null);
  }

  /**
   * A second launcher with a journal of its own ({@code SOEN_HOME} under {@code root}) on the same
   * Lambda account as {@code account}: the same fake, clock and SSH key, as a colleague would have.
   */
  LambdaFixture(Path root, LambdaFixture account) {
    this.root = root;
    this.ownsFake = account == null;
    this.clock = account == null ? ManualClock.create() : account.clock;
    try {
      Files.createDirectories(root);
      if (account == null) {
        fake = FakeLambdaCloud.start(clock, Files.createDirectories(root.resolve("instances"))).realRateLimits();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        key = g.generateKeyPair();
        keyFile = root.resolve("lambda-key.pem");
        try (OutputStream out = Files.newOutputStream(keyFile)) {
          OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
        }
        fake.sshKey("my-key", key.getPublic());
      } else {
        fake = account.fake;
        key = account.key;
        keyFile = account.keyFile;
      }
      dataset = Files.createDirectories(root.resolve("training data"));
      writeDataset(dataset);
      remoteDir = Files.createDirectories(root.resolve("remote home"));
      home = Files.createDirectories(root.resolve("soen-home"));
      journal = new FileJobJournal(home.resolve("jobs"), clock, r -> storedConfig.apply(r));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A released resource as one line, {@code resource: why}. */
  static String line(org.soen.cloud.ReapReport.Released r) {
    return r.resource() + ": " + r.why();
  }

  /** The messages of {@code job}'s log as {@code backend} reads it from the start. */
  static List<String> logLines(LambdaBackend backend, JobHandle job) {
    return backend.logs(job, "").lines().stream().map(org.soen.cloud.LogLine::message).toList();
  }

  static void writeDataset(Path d) throws IOException {
    Files.createDirectories(d.resolve("train/images"));
    Files.createDirectories(d.resolve("train/labels"));
    Files.createDirectories(d.resolve("val/images"));
    for (int i = 0; i < 5; i++) {
      byte[] img = new byte[2048];
      new java.util.Random(i).nextBytes(img);
      Files.write(d.resolve("train/images/img" + i + ".jpg"), img);
      Files.writeString(d.resolve("train/labels/img" + i + ".txt"), "0 0.5 0.5 0.1 0.1\n");
    }
    Files.write(d.resolve("val/images/v0.jpg"), new byte[1024]);
    Files.writeString(d.resolve("dataset.yaml"), "path: .\ntrain: train/images\nval: val/images\nnames: {0: villager}\n");
    Files.writeString(d.resolve("train.sh"), String.join("\n",
        "set -e",
        "grep -q \"^path: '$PWD/training data'\" 'training data/dataset.yaml' || { echo 'dataset.yaml path not rewritten'; exit 3; }",
        "test \"$MY_TOKEN\" = '" + SECRET + "' && echo token-ok",
        "mkdir -p runs/detect/exp/weights",
        "for e in 1 2 3; do",
        "  printf '      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size\\n'",
        "  printf '      %d/3      2.1G      1.%d00      2.000      1.100         12        640: 100%%\\n' $e $e",
        "  printf '                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95): 100%%\\n'",
        "  printf '                   all        100        200      0.512      0.433      0.4%d0      0.301\\n' $e",
        "done",
        "head -c 4096 /dev/urandom > runs/detect/exp/weights/best.pt",
        "echo \"trained $1\"",
        ""));
  }

  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("LAMBDA_API_KEY", fake.apiKey());
    env.put("LAMBDA_API_URL", fake.apiUrl().toString());
    env.put("HOME", root.resolve("user-home").toString());
    return env;
  }

  CloudConfig.Builder config() {
    return CloudConfig.builder().provider("lambdalabs").experiment("yolo").baseDirectory(root)
        .data("training data")
        .command(List.of("sh", "training data/train.sh", "aoe2 $(id) `x` ; 'q'"))
        .addArtifacts("runs/detect/*/weights/best.pt")
        .putSecretEnvironment("MY_TOKEN", SECRET)
        .set(LambdaSettings.SSH_KEY_NAME, "my-key").set(LambdaSettings.SSH_PRIVATE_KEY, keyFile)
        .set(LambdaSettings.REMOTE_DIR, remoteDir.toString()).set(LambdaSettings.SSH_USER, "ubuntu")
        .set(LambdaSettings.SETUP, List.of("echo setting up && touch setup-ran"))
        // Launch guards are separate processes; the tests that are about them turn them on (guarded()).
        .set(LambdaSettings.LAUNCH_GUARD, "off");
  }

  /** The launch guards started by backends of {@link #guarded()}, ended when the fixture closes. */
  final List<LaunchGuardProcess> guards = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A backend whose launch guards keep the fake's clock (looking every 100 ms) and are collected in {@link #guards}. */
  LambdaBackend guarded() {
    LambdaBackend b = backend();
    b.launchGuards(new LaunchGuardProcess.Timing(java.util.Optional.of(fake.clockUrl()), Duration.ofMillis(100)),
        guards::add);
    return b;
  }

  /** A client of the fake with a limiter of its own, as another process would have. */
  LambdaApi api() {
    return new LambdaApi(fake.apiUrl(), fake.apiKey(), RateLimiter.lambda(clock, clock), clock, clock, Duration.ofSeconds(10));
  }

  BackendContext context() {
    return BackendContext.builder().clock(clock).sleeper(clock).journal(journal).events(events)
        .pricing(PricingCatalog.bundled()).environment(environment()).home(home).build();
  }

  LambdaBackend backend() {
    return new LambdaBackend(context(), "gpu_1x_a100_sxm4");
  }

  JobHandle submit(LambdaBackend backend, String jobName, CloudConfig config) {
    Instant now = clock.instant();
    JobHandle pending = JobHandle.builder().id(jobName).provider("lambdalabs").submittedAt(now).build();
    journal.create(JobRecord.builder().handle(pending).state(JobState.PENDING).updatedAt(now).configYaml("").build());
    submitted.put(jobName, config);
    return backend.submit(SubmitRequest.builder().jobName(jobName).config(config).submittedAt(now)
        .stagedConfigYaml("").build());
  }

  /** What a killed launcher leaves: no teardown, no finally that terminates anything. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** Submits {@code config} as {@code jobName} with a launcher killed right after {@code step}, leaving the job to be resumed. */
  JobHandle submitAndKillAfter(Step step, String jobName, CloudConfig config) throws InterruptedException {
    return submitAndKillAfter(backend(), step, jobName, config);
  }

  /** Submits {@code config} as {@code jobName} through {@code first}, a launcher killed right after {@code step}. */
  JobHandle submitAndKillAfter(LambdaBackend first, Step step, String jobName, CloudConfig config)
      throws InterruptedException {
    first.onStep(s -> {
      if (s == step) {
        throw new Killed();
      }
    });
    return run(first, jobName, config);
  }

  /** Submits {@code config} as {@code jobName} through {@code backend} and waits for its driver to finish (see {@link #join}). */
  JobHandle run(LambdaBackend backend, String jobName, CloudConfig config) throws InterruptedException {
    JobHandle job = submit(backend, jobName, config);
    join(backend, job.id());
    return job;
  }

  /**
   * How long {@link #join} waits for a job's driver. Jobs on the fake end in seconds (the manual
   * clock makes every poll instant); a job still running after this never ends on its own, such as
   * one polling for an exit code its training process will not write.
   */
  static final Duration JOIN_TIMEOUT = Duration.ofSeconds(90);

  /** Waits for the backend's driver of {@code jobId} to finish; fails with the job's journal state after {@link #JOIN_TIMEOUT}. */
  void join(LambdaBackend backend, String jobId) throws InterruptedException {
    if (!backend.join(jobId, JOIN_TIMEOUT)) {
      throw new AssertionError("job " + jobId + " still runs after " + JOIN_TIMEOUT.toSeconds() + " s (at "
          + clock.instant() + " on the manual clock); its journal state: " + journal.find(jobId).map(r -> r.providerState()));
    }
  }

  /** Asserts that {@code backend} reports {@code job} completed; a failure shows the job's journal state. */
  void assertCompleted(LambdaBackend backend, JobHandle job) {
    org.assertj.core.api.Assertions.assertThat(backend.status(job).state()).as(state(job.id()).toString())
        .isEqualTo(JobState.COMPLETED);
  }

  Map<String, String> state(String jobId) {
    return journal.find(jobId).orElseThrow().providerState();
  }

  @Override
  public void close() {
    guards.forEach(g -> g.handle().destroyForcibly());
    if (ownsFake) {
      fake.close();
    }
  }
}
