package org.soen.cloud.aws.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.testkit.ManualClock;
import org.soen.cloud.testkit.aws.EmbeddedS3;
import org.soen.cloud.testkit.aws.FakeSageMaker;

/**
 * The AWS side of an on-the-wire test: EmbeddedS3 and FakeSageMaker (which also serves Logs, STS,
 * Secrets Manager and the Price List) on 127.0.0.1, the environment that points the real SDK at them, a manual
 * clock and journal, and a config that submits to them. A test registers it as an extension, which
 * closes it (and the backends it made) after each test:
 *
 * <pre>{@code
 * @TempDir Path tmp;
 * @RegisterExtension final FakeAws aws = new FakeAws(() -> tmp).withData();
 * }</pre>
 */
final class FakeAws implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
  static final String BUCKET = "soen-staging";
  static final Instant T0 = Instant.parse("2026-11-22T21:05:09Z");

  final ManualClock clock = ManualClock.startingAt(T0);
  final MapJournal journal = new MapJournal(clock);
  final EmbeddedS3 s3 = EmbeddedS3.start(BUCKET);
  final FakeSageMaker fake = FakeSageMaker.start(clock, s3);
  private final Supplier<Path> home;
  /** The backends made by {@link #backend}, closed with this. */
  private final List<SageMakerBackend> backends = new CopyOnWriteArrayList<>();

  private boolean withData;

  /** Fakes whose home folder {@code home} gives when first needed: a test's {@code @TempDir}, set before each test. */
  FakeAws(Supplier<Path> home) {
    this.home = home;
  }

  /** Before each test, writes the folder {@code data} (one file, {@code a.txt}) that {@link #config} uploads, in the home. */
  FakeAws withData() {
    withData = true;
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (withData) {
      Files.createDirectories(home.get().resolve("data"));
      Files.writeString(home.get().resolve("data/a.txt"), "a");
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Credentials, region and every service's endpoint, as the SDK reads them. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", s3.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", s3.secretAccessKey());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("HOME", home.get().resolve("home").toString());
    env.put("AWS_REGION", "us-east-1");
    for (String service : List.of("SAGEMAKER", "CLOUDWATCH_LOGS", "STS", "SECRETS_MANAGER", "PRICING")) {
      env.put("AWS_ENDPOINT_URL_" + service, fake.endpoint().toString());
    }
    return env;
  }

  /** A backend on the fakes whose clients {@code clients} builds; {@link #close} closes it. */
  SageMakerBackend backend(BiFunction<CloudConfig, Map<String, String>, AwsClients> clients) {
    SageMakerBackend backend = new SageMakerBackend(BackendContext.builder().clock(clock).sleeper(clock::advance).journal(journal)
        .events(e -> { }).pricing(PricingCatalog.bundled()).environment(env()).home(home.get().resolve("soen-home")).build(),
        clients);
    backends.add(backend);
    return backend;
  }

  /** A trainer with the real {@code sagemaker} provider on the fakes, its journal and caches under {@code soenHome}. */
  org.soen.cloud.CloudTrainer trainer(Path soenHome) {
    return org.soen.cloud.CloudTrainer.builder().provider(new org.soen.cloud.aws.SageMakerProvider())
        .discoverProviders(false).clock(clock).sleeper(clock::advance).home(soenHome).environment(env()).build();
  }

  /** A backend on the fakes with the default clients. */
  SageMakerBackend backend() {
    return backend(AwsClients::create);
  }

  /** A config that submits {@code python train.py} with the folder {@code data} under {@code base}. */
  CloudConfig.Builder config(Path base) {
    return CloudConfig.builder().provider("sagemaker").project("vision").experiment("cats")
        .set(SageMakerSettings.ROLE, "arn:aws:iam::123456789012:role/SageMakerRole").set(SageMakerSettings.BUCKET, BUCKET)
        .set(SageMakerSettings.IMAGE_PYTORCH, "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0")
        .set(SageMakerSettings.ENDPOINTS.get("s3"), s3.endpoint()).set(SageMakerSettings.S3_PATH_STYLE, true)
        .instance(InstanceSpec.builder().instanceType("ml.g5.xlarge").build())
        .command(List.of("python", "train.py")).data("data").baseDirectory(base);
  }

  /** Submits {@code config} as {@code name} to {@code backend}, journaled first as the trainer does. */
  org.soen.cloud.JobHandle submit(SageMakerBackend backend, CloudConfig config, String name) {
    journal.create(name, config);
    return backend.submit(org.soen.cloud.spi.SubmitRequest.builder().jobName(name).config(config)
        .submittedAt(clock.instant()).stagedConfigYaml("training:\n  epochs: 5\n").build());
  }

  @Override
  public void close() {
    backends.forEach(SageMakerBackend::close);
    fake.close();
    s3.close();
  }
}
