package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobState;
import org.soen.cloud.testkit.aws.EmbeddedS3;
import org.soen.cloud.testkit.aws.FakeSageMaker;
import org.soen.cloud.testkit.lambda.FakeLambdaCloud;
import org.soen.cloud.testkit.lambda.FakeLambdaInstance;

/**
 * {@code soen-cloud train} end to end on each cloud provider's fake: the real {@code sagemaker}
 * provider (AWS SDK over HTTP) against EmbeddedS3 and FakeSageMaker, and the real
 * {@code lambdalabs} provider (REST + SSH) against FakeLambdaCloud; providers are found by
 * {@code ServiceLoader} as in the shipped command.
 */
class TrainOnProviderFakesIT {
  private static final String SECRET = "tok-7f3a9c-never-print-me";

  @Nested
  class OnSageMaker {
    @TempDir Path dir;

    @Test
    void train_stagesSubmitsFollowsLogsReportsCostAndUnpacksTheModel() throws IOException {
      try (EmbeddedS3 s3 = EmbeddedS3.start("cli-bucket")) {
        CliHarness cli = new CliHarness(dir);
        cli.discoverProviders = true;
        cli.pollInterval = Duration.ofSeconds(20);
        try (FakeSageMaker sagemaker = FakeSageMaker.start(cli.clock, s3).trainingDuration(Duration.ofMinutes(3))) {
          cli.environment.putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
              "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_EC2_METADATA_DISABLED", "true",
              "AWS_ENDPOINT_URL", sagemaker.endpoint().toString(), "HOME", dir.toString(), "MY_TOKEN", SECRET));
          cli.writeFile("data/train.csv", "x,y\n1,2\n");
          cli.writeFile("train.yaml", "training:\n  epochs: 3\ncloud:\n  provider: sagemaker\n  experiment: cli\n"
              + "  region: us-east-1\n  role: arn:aws:iam::123456789012:role/SageMakerRole\n  bucket: cli-bucket\n"
              + "  docker_image_pytorch: 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311\n"
              + "  endpoints:\n    s3: " + s3.endpoint() + "\n  s3_path_style: true\n"
              + "  instance:\n    instance_type: ml.g5.xlarge\n    max_runtime_hours: 2\n"
              + "  command: [python, train.py]\n  data: data\n  artifacts: [model.pt]\n  secret_env: [MY_TOKEN]\n");

          CliHarness.Result r = cli.run("train", "--config", "train.yaml");

          assertThat(r.exitCode()).as(r.toString()).isZero();
          String id = jobId(r.out());
          assertThat(r.out()).contains("Provider: sagemaker").contains("Instance: ml.g5.xlarge")
              .contains("==> RUNNING").contains("  | [algo-1] epoch 1 loss=1.0000")
              .contains("Last epoch:  epoch=3")
              .contains("Final state: COMPLETED").contains("Cost:        $");
          assertThat(r.toString()).doesNotContain(SECRET);
          assertThat(cli.home.resolve("jobs").resolve(id).resolve("artifacts").resolve("model.pt")).content().startsWith("weights after epoch");
          assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(sagemaker.createRequest(id)).at("/Environment/MY_TOKEN").asText())
              .as("the job's environment is SageMaker's channel for secrets").isEqualTo(SECRET);
          assertThat(sagemaker.requests()).filteredOn(q -> !q.target().equals("SageMaker.CreateTrainingJob"))
              .allSatisfy(q -> assertThat(q.body()).doesNotContain(SECRET));

          JsonNode status = cli.run("status", id, "--json").json();
          assertThat(status.at("/state").asText()).isEqualTo("COMPLETED");
          JsonNode list = cli.run("list", "--provider", "sagemaker", "--json").json();
          assertThat(list.get(0).get("job_id").asText()).isEqualTo(id);
        }
      }
    }

    /** A test of the command line on the discovered providers, pointed at EmbeddedS3 and FakeSageMaker. */
    private interface OnFakes {
      void run(CliHarness cli, FakeSageMaker sagemaker) throws IOException;
    }

    private void onFakes(OnFakes test) throws IOException {
      try (EmbeddedS3 s3 = EmbeddedS3.start("cli-bucket")) {
        CliHarness cli = new CliHarness(dir);
        cli.discoverProviders = true;
        try (FakeSageMaker sagemaker = FakeSageMaker.start(cli.clock, s3)) {
          cli.environment.putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
              "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_ENDPOINT_URL", sagemaker.endpoint().toString()));
          test.run(cli, sagemaker);
        }
      }
    }

    @Test
    void train_withEstimate_pricesTheSageMakerInstanceAndCreatesNoJob() throws IOException {
      onFakes((cli, sagemaker) -> {
        cli.writeFile("train.yaml", "cloud:\n  provider: sagemaker\n  region: us-east-1\n"
            + "  docker_image_pytorch: 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311\n"
            + "  role: arn:aws:iam::123456789012:role/SageMakerRole\n  bucket: cli-bucket\n"
            + "  instance:\n    instance_type: ml.g5.xlarge\n    use_spot: true\n    max_runtime_hours: 2\n");

        CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--estimate", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().at("/estimate/instance_type").asText()).isEqualTo("ml.g5.xlarge");
        assertThat(r.json().at("/estimate/hours").decimalValue()).isEqualByComparingTo("2");
        assertThat(sagemaker.requests()).extracting(FakeSageMaker.Request::target)
            .noneMatch(t -> t.equals("SageMaker.CreateTrainingJob"));
      });
    }

    @Test
    void train_withEstimate_forATypeWithNoPrice_saysSoAndHowToGiveOne_thenThePricingFilePricesIt() throws IOException {
      onFakes((cli, sagemaker) -> {
        cli.writeFile("train.yaml", "cloud:\n  provider: sagemaker\n  region: us-east-1\n"
            + "  instance:\n    instance_type: ml.p5e.48xlarge\n    max_runtime_hours: 2\n");
        cli.writeFile("prices.csv", "provider,instance_type,gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of\n"
            + "sagemaker,ml.p5e.48xlarge,8x NVIDIA H200 141GB,70.00,,our AWS bill,2026-12-01\n");

        CliHarness.Result unknown = cli.run("train", "--config", "train.yaml", "--estimate");
        CliHarness.Result priced = cli.run("train", "--config", "train.yaml", "--estimate", "--pricing-file", "prices.csv");

        assertThat(unknown.exitCode()).as(unknown.toString()).isZero();
        assertThat(unknown.out()).contains("Price:      unknown - no price is known for ml.p5e.48xlarge on sagemaker")
            .contains("--pricing-file FILE").contains("This run:   cost unknown").contains("Nothing was submitted");
        assertThat(priced.exitCode()).as(priced.toString()).isZero();
        assertThat(priced.out()).contains("On-demand:  $70.00/h -> $140.00").contains("Prices:     our AWS bill, as of 2026-12-01");
        assertThat(sagemaker.requests()).extracting(FakeSageMaker.Request::target)
            .contains("AWSPriceListService.GetProducts").doesNotContain("SageMaker.CreateTrainingJob");
      });
    }

    @Test
    void train_whenCtrlCPressedTwiceWhileStopping_leavesAtOnceSayingTheJobIsStillStoppingAndExits1() throws Exception {
      try (EmbeddedS3 s3 = EmbeddedS3.start("cli-bucket")) {
        CliHarness cli = new CliHarness(dir);
        cli.discoverProviders = true;
        cli.launcherWaitsInRealTime = true;
        cli.pollInterval = Duration.ofSeconds(20);
        try (FakeSageMaker sagemaker = FakeSageMaker.start(cli.clock, s3).trainingDuration(Duration.ofHours(20))) {
          cli.environment.putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
              "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_EC2_METADATA_DISABLED", "true",
              "AWS_ENDPOINT_URL", sagemaker.endpoint().toString(), "HOME", dir.toString()));
          writeSageMakerConfig(cli, s3, "");
          CountDownLatch running = new CountDownLatch(1);
          CountDownLatch waitingForStop = new CountDownLatch(1);
          cli.observers.add(e -> {
            if (e.kind() == JobEvent.Kind.STATE && e.state().filter(JobState.RUNNING::equals).isPresent()) {
              running.countDown();
            }
            if (e.kind() == JobEvent.Kind.NOTICE && e.message().startsWith("waiting for SageMaker to stop")
                && waitingForStop.getCount() > 0) {
              waitingForStop.countDown();
              // The second Ctrl-C, while the first one waits through SageMaker's grace period.
              cli.interruptActions.forEach(Runnable::run);
            }
          });
          CompletableFuture<CliHarness.Result> train = CompletableFuture.supplyAsync(
              () -> cli.run("train", "--config", "train.yaml"));
          // Only this thread moves SageMaker's time on: the launcher polls in real time.
          for (int i = 0; i < 1000 && !running.await(20, TimeUnit.MILLISECONDS); i++) {
            cli.clock.advance(Duration.ofSeconds(5));
          }
          assertThat(running.getCount()).as("the job reached RUNNING").isZero();

          // The first Ctrl-C, on a thread of its own as the signal handler runs it.
          Thread firstPress = new Thread(() -> cli.interruptActions.forEach(Runnable::run), "first-ctrl-c");
          firstPress.start();
          CliHarness.Result r = train.get(2, TimeUnit.MINUTES);
          firstPress.join(TimeUnit.MINUTES.toMillis(2));

          assertThat(waitingForStop.getCount()).as("the first Ctrl-C waited for the job to stop\n" + r).isZero();
          assertThat(r.exitCode()).as("1: the job was stopped but still bills; 130 only once nothing does\n" + r)
              .isEqualTo(1);
          String id = jobId(r.out());
          assertThat(r.err()).contains("Interrupted: stopping " + id)
              .contains("Leaving while " + id + " is still stopping; it bills until it has stopped."
                  + " Check with `soen-cloud status " + id + "`")
              .contains("Still stopping " + id + ": STOPPING")
              .doesNotContain("Could not stop");
          assertThat(sagemaker.requests()).extracting(FakeSageMaker.Request::target)
              .containsOnlyOnce("SageMaker.StopTrainingJob");
          assertThat(cli.run("status", id, "--json").json().at("/state").asText()).isEqualTo("STOPPING");
          cli.clock.advance(Duration.ofMinutes(5));
          assertThat(cli.run("status", id, "--json").json().at("/state").asText()).isEqualTo("STOPPED");
        }
      }
    }

    @Test
    void listAndAttach_showAnotherJournalsJobAsForeignWithItsOwner_andAdoptIt() throws Exception {
      try (EmbeddedS3 s3 = EmbeddedS3.start("cli-bucket")) {
        CliHarness mine = new CliHarness(dir.resolve("me"));
        CliHarness theirs = new CliHarness(dir.resolve("teammate"), mine.clock);
        try (FakeSageMaker sagemaker = FakeSageMaker.start(mine.clock, s3).trainingDuration(Duration.ofMinutes(3))) {
          for (CliHarness cli : java.util.List.of(mine, theirs)) {
            cli.discoverProviders = true;
            cli.pollInterval = Duration.ofSeconds(20);
            cli.environment.putAll(java.util.Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_ENDPOINT_URL", sagemaker.endpoint().toString(), "HOME", dir.toString()));
            writeSageMakerConfig(cli, s3, "  artifacts: [model.pt]\n");
          }
          String own = jobId(mine.run("train", "--config", "train.yaml", "--detach").out());
          CliHarness.Result submitted = theirs.run("train", "--config", "train.yaml", "--detach");
          assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
          String teammates = jobId(submitted.out());
          String teammate = Files.readString(theirs.home.resolve("jobs").resolve("owner-id")).strip();
          String me = Files.readString(mine.home.resolve("jobs").resolve("owner-id")).strip();
          assertThat(sagemaker.createRequest(teammates))
              .contains("{\"Key\":\"soen:owner\",\"Value\":\"" + teammate + "\"}");
          createJobWithoutSoenTags(sagemaker, s3, "soen-handmade-20260101000000-abcd");
          createJobWithoutSoenTags(sagemaker, s3, "team-other-job");

          JsonNode list = mine.run("list", "--provider", "sagemaker", "--json").json();

          assertThat(list.findValuesAsText("job_id")).containsExactlyInAnyOrder(own, teammates);
          JsonNode foreign = java.util.stream.StreamSupport.stream(list.spliterator(), false)
              .filter(j -> j.path("job_id").asText().equals(teammates)).findFirst().orElseThrow();
          assertThat(foreign.path("foreign").asBoolean()).isTrue();
          assertThat(foreign.path("owner").asText()).isEqualTo(teammate).isNotEqualTo(me);
          assertThat(list.get(0).has("foreign")).as("my own job is not marked").isFalse();
          String table = mine.run("list", "--provider", "sagemaker").out();
          assertThat(table).contains("OWNER").contains(teammate).contains("this journal")
              .contains("`soen-cloud attach JOB` adopts one").doesNotContain("handmade").doesNotContain("team-other-job");
          assertThat(mine.run("list", "--json").json().findValuesAsText("job_id"))
              .as("without --provider only the journal").containsExactly(own);

          CliHarness.Result attached = mine.run("attach", teammates);

          assertThat(attached.exitCode()).as(attached.toString()).isZero();
          assertThat(attached.out()).contains("Attached to " + teammates + " on sagemaker").contains("Final state: COMPLETED");
          assertThat(mine.home.resolve("jobs").resolve(teammates).resolve("artifacts").resolve("model.pt")).content()
              .startsWith("weights after epoch");
          assertThat(mine.home.resolve("jobs").resolve(teammates).resolve("artifacts").resolve("metrics.json"))
              .as("the teammate's artifacts: filter came with the adopted config").doesNotExist();
          assertThat(mine.run("status", teammates, "--json").json().at("/state").asText()).isEqualTo("COMPLETED");
          CliHarness.Result download = mine.run("download", teammates, "again");
          assertThat(download.exitCode()).as(download.toString()).isZero();
          assertThat(mine.work.resolve("again").resolve("model.pt")).exists();
          JsonNode after = mine.run("list", "--provider", "sagemaker", "--json").json();
          assertThat(after.findValues("foreign")).as("adopted: now in this journal").isEmpty();
          assertThat(mine.run("attach", "soen-handmade-20260101000000-abcd").err())
              .contains("soen-handmade-20260101000000-abcd is a SageMaker training job that soen-cloud did not submit");
        }
      }
    }
  }

  @Nested
  class OnLambdaLabs {
    @TempDir Path dir;
    CliHarness cli;
    FakeLambdaCloud lambda;
    Path key;
    Path remote;

    @BeforeEach
    void startFake() throws Exception {
      cli = new CliHarness(dir);
      cli.discoverProviders = true;
      cli.launcherWaitsInRealTime = true;
      lambda = FakeLambdaCloud.start(cli.clock, Files.createDirectories(dir.resolve("instances")));
      key = writeKey(lambda, dir.resolve("id_ecdsa"));
      remote = Files.createDirectories(dir.resolve("remote"));
      cli.environment.putAll(java.util.Map.of("LAMBDA_API_KEY", lambda.apiKey(),
          "LAMBDA_API_URL", lambda.apiUrl().toString(), "HOME", dir.toString()));
    }

    @AfterEach
    void stopFake() {
      lambda.close();
    }

    @Test
    void train_launchesUploadsRunsDownloadsAndTerminatesTheInstance() throws Exception {
      cli.environment.put("MY_TOKEN", SECRET);
      cli.writeFile("data/dataset.yaml", "path: .\ntrain: images\nval: images\n");
      cli.writeFile("data/images/a.jpg", "jpeg");
      cli.writeFile("data/train.sh", "test \"$MY_TOKEN\" = '" + SECRET + "' && echo token-ok\n"
          + "echo 'epoch 1/1 loss=0.2500'\nprintf weights > best.pt\necho trained\n");
      cli.writeFile("train.yaml", "cloud:\n  provider: lambdalabs\n  experiment: cli\n"
          + "  command: [sh, data/train.sh]\n  data: data\n  artifacts: [best.pt]\n  secret_env: [MY_TOKEN]\n"
          + "  instance:\n    instance_type: gpu_1x_a10\n    max_runtime_hours: 1\n"
          + "  lambda:\n    ssh_key_name: my-key\n    ssh_private_key: " + key + "\n    ssh_user: ubuntu\n"
          + "    remote_dir: " + remote + "\n");

      CliHarness.Result r = cli.run("train", "--config", "train.yaml");

      assertThat(r.exitCode()).as(r.toString()).isZero();
      String id = jobId(r.out());
      assertThat(r.out()).contains("Provider: lambdalabs").contains("Instance: gpu_1x_a10")
          .contains("  | token-ok").contains("  | trained").contains("Final state: COMPLETED")
          .contains("Cost:        $");
      assertThat(r.toString()).doesNotContain(SECRET).doesNotContain(lambda.apiKey());
      assertThat(cli.home.resolve("jobs").resolve(id).resolve("artifacts").resolve("best.pt")).hasContent("weights");
      assertThat(lambda.instances()).singleElement().satisfies(i -> {
        assertThat(i.name()).isEqualTo(id);
        assertThat(i.status()).isEqualTo("terminated");
        assertThat(String.join("\n", i.commands())).doesNotContain(SECRET);
      });
      assertThat(cli.run("status", id, "--json").json().at("/state").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void trainDetach_returnsOnceTheCommandRuns_andAttachCollectsAndTerminates() throws Exception {
      // The command waits for a file the test writes after detaching, like a long training run.
      cli.writeFile("train.yaml", "cloud:\n  provider: lambdalabs\n  experiment: cli\n"
          + "  command: [sh, -c, 'while [ ! -f go ]; do sleep 0.05; done; echo trained; printf w > best.pt']\n"
          + "  artifacts: [best.pt]\n  instance:\n    instance_type: gpu_1x_a10\n    max_runtime_hours: 24\n"
          + "  lambda:\n    ssh_key_name: my-key\n    ssh_private_key: " + key + "\n    remote_dir: " + remote + "\n");

      CliHarness.Result detached = cli.run("train", "--config", "train.yaml", "--detach");

      assertThat(detached.exitCode()).as(detached.toString()).isZero();
      String id = jobId(detached.out());
      assertThat(detached.out()).contains("detached: the training command runs on instance")
          .contains("soen-cloud attach " + id);
      assertThat(lambda.instances()).singleElement().satisfies(i -> {
        assertThat(i.status()).as("the instance keeps running the job").isEqualTo("active");
        assertThat(i.commands()).anyMatch(c -> c.contains("setsid nohup"));
      });

      Files.writeString(remote.resolve(id).resolve("go"), "");
      CliHarness.Result attached = cli.run("attach", id);

      assertThat(attached.exitCode()).as(attached.toString()).isZero();
      assertThat(attached.out()).contains("  | trained").contains("Final state: COMPLETED");
      assertThat(lambda.instances()).singleElement().satisfies(i -> {
        assertThat(i.status()).isEqualTo("terminated");
        assertThat(i.commands()).filteredOn(c -> c.contains("setsid nohup")).hasSize(1);
      });
    }

    @Test
    void train_whenCtrlCPressed_terminatesTheInstanceAndExits130() throws Exception {
      cli.writeFile("train.yaml", "cloud:\n  provider: lambdalabs\n  command: [sleep, '600']\n"
          + "  instance:\n    instance_type: gpu_1x_a10\n"
          + "  lambda:\n    ssh_key_name: my-key\n    ssh_private_key: " + key + "\n"
          + "    remote_dir: " + remote + "\n");
      CountDownLatch running = new CountDownLatch(1);
      cli.observers.add(e -> {
        if (e.kind() == JobEvent.Kind.STATE && e.state().filter(JobState.RUNNING::equals).isPresent()) {
          running.countDown();
        }
      });
      CompletableFuture<CliHarness.Result> train = CompletableFuture.supplyAsync(
          () -> cli.run("train", "--config", "train.yaml"));
      assertThat(running.await(2, TimeUnit.MINUTES)).as("the job reached RUNNING").isTrue();
      assertThat(lambda.instances()).singleElement().satisfies(i -> assertThat(i.status()).isEqualTo("active"));

      cli.interruptActions.forEach(Runnable::run);
      CliHarness.Result r = train.get(2, TimeUnit.MINUTES);

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(130);
      String id = jobId(r.out());
      assertThat(r.err()).contains("Interrupted: stopping " + id).contains("Stopped " + id);
      assertThat(lambda.instances()).singleElement().satisfies(i -> assertThat(i.status()).isEqualTo("terminated"));
      assertThat(cli.run("status", id, "--json").json().at("/state").asText()).isEqualTo("STOPPED");
    }
  }


  /** A SageMaker training YAML ({@code train.yaml}) for the fakes: a 24-hour job with no data, plus {@code extra}. */
  private static void writeSageMakerConfig(CliHarness cli, EmbeddedS3 s3, String extra) {
    cli.writeFile("train.yaml", "cloud:\n  provider: sagemaker\n  experiment: cli\n"
        + "  region: us-east-1\n  role: arn:aws:iam::123456789012:role/SageMakerRole\n  bucket: cli-bucket\n"
        + "  docker_image_pytorch: 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311\n"
        + "  endpoints:\n    s3: " + s3.endpoint() + "\n  s3_path_style: true\n"
        + "  instance:\n    instance_type: ml.g5.xlarge\n    max_runtime_hours: 24\n"
        + "  command: [python, train.py]\n" + extra);
  }

  /** A training job in the fake's account that soen-cloud did not submit (no soen:* tags), as another tool makes it. */
  private static void createJobWithoutSoenTags(FakeSageMaker sagemaker, EmbeddedS3 s3, String name) {
    try (software.amazon.awssdk.services.sagemaker.SageMakerClient client =
        software.amazon.awssdk.services.sagemaker.SageMakerClient.builder().endpointOverride(sagemaker.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
            .build()) {
      client.createTrainingJob(b -> b.trainingJobName(name).roleArn("arn:aws:iam::123456789012:role/SageMakerRole")
          .algorithmSpecification(a -> a.trainingImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/t:1")
              .trainingInputMode("File"))
          .outputDataConfig(o -> o.s3OutputPath("s3://cli-bucket/elsewhere/"))
          .resourceConfig(r -> r.instanceType("ml.g5.xlarge").instanceCount(1).volumeSizeInGB(30))
          .stoppingCondition(s -> s.maxRuntimeInSeconds(3600)));
    }
  }


  private static String jobId(String out) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Cloud job submitted: (soen-[A-Za-z0-9-]+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  /** Registers a fresh key pair with the fake as {@code my-key} and writes its private half. */
  static Path writeKey(FakeLambdaCloud lambda, Path file) throws IOException, GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair pair = g.generateKeyPair();
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "cli-test", null, out);
    }
    lambda.sshKey("my-key", pair.getPublic());
    return file;
  }
}
