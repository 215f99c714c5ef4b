package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.JobEvent;
import org.soen.cloud.TransferException;
import org.soen.cloud.testkit.aws.EmbeddedS3;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

class S3StagerIT {
  private static final String BUCKET = "stage";
  private static final Instant T0 = Instant.parse("2026-11-22T21:05:09Z");

  @TempDir Path tmp;
  private EmbeddedS3 s3;
  private AwsClients clients;
  private final ByteCounter counter = new ByteCounter();
  private final List<JobEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    s3 = EmbeddedS3.start(BUCKET);
    clients = clients(List.of(counter));
  }

  private AwsClients clients(List<ExecutionInterceptor> interceptors) {
    CloudConfig config = CloudConfig.builder().provider("sagemaker").set(SageMakerSettings.REGION, "us-east-1")
        .set(SageMakerSettings.ENDPOINTS.get("s3"), s3.endpoint()).set(SageMakerSettings.S3_PATH_STYLE, true).build();
    return AwsClients.create(config, Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_EC2_METADATA_DISABLED", "true"), interceptors);
  }

  @AfterEach
  void stop() {
    clients.close();
    s3.close();
  }

  private S3Stager stager(AwsClients c, long partSize) {
    return new S3Stager(c.s3(), events::add, Clock.fixed(T0, ZoneOffset.UTC), 8, partSize);
  }

  private Path dataset() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.createDirectories(data.resolve("images/train"));
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      byte[] bytes = new byte[1000 + i * 37];
      random.nextBytes(bytes);
      Files.write(data.resolve("images/train/img " + i + ".bin"), bytes);
    }
    Files.writeString(data.resolve("dataset.yaml"), "path: .\ntrain: images/train\n");
    return data;
  }

  private String text(String key) {
    return clients.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
  }

  @Test
  void stage_localFolder_writesTheDocumentedLayoutAndAManifestChannel() throws IOException {
    Path data = dataset();
    String prefix = S3Keys.jobPrefix("proj", "mnist", "soen-mnist-20261122210509-ab12", T0);
    S3Stager.Staged staged = stager(clients, S3Stager.DEFAULT_PART_SIZE)
        .stage("soen-mnist-20261122210509-ab12", BUCKET, prefix, "training:\n  epochs: 3\n", Optional.of("data"), tmp, "proj");

    assertThat(prefix).isEqualTo("soen/proj/mnist/soen-mnist-20261122210509-ab12/20261122-210509/");
    assertThat(text(prefix + "config/training_config.yaml")).isEqualTo("training:\n  epochs: 3\n");
    assertThat(staged.dataUri()).contains("s3://stage/" + prefix + "data/manifest.json");
    assertThat(staged.outputUri()).isEqualTo("s3://stage/" + prefix + "output/");
    String manifest = text(prefix + "data/manifest.json");
    assertThat(manifest).startsWith("[{\"prefix\":\"s3://stage/soen/proj/.datasets/").contains("\"dataset.yaml\"")
        .contains("\"images/train/img 0.bin\"");
    List<String> keys = s3.keys(BUCKET);
    assertThat(keys.stream().filter(k -> k.startsWith("soen/proj/.datasets/") && !k.endsWith(".json"))).hasSize(21);
    String datasetKey = keys.stream().filter(k -> k.endsWith("/images/train/img 5.bin")).findFirst().orElseThrow();
    assertThat(clients.s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(datasetKey)).asByteArray())
        .isEqualTo(Files.readAllBytes(data.resolve("images/train/img 5.bin")));
    long total = Files.walk(data).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    assertThat(staged.dataBytesUploaded()).isEqualTo(total);
    assertThat(counter.dataBytes()).isEqualTo(total);
    assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.PROGRESS).last()
        .satisfies(e -> assertThat(e.bytesDone()).contains(total));
  }

  @Test
  void stage_secondSubmitWithUnchangedData_sendsZeroDataBytes() throws IOException {
    dataset();
    S3Stager stager = stager(clients, S3Stager.DEFAULT_PART_SIZE);
    stager.stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n", Optional.of("data"), tmp, "p");
    assertThat(counter.dataBytes()).isPositive();
    counter.reset();
    events.clear();

    S3Stager.Staged second = stager.stage("job-2", BUCKET, S3Keys.jobPrefix("p", "e", "job-2", T0), "a: 1\n",
        Optional.of("data"), tmp, "p");

    assertThat(counter.dataBytes()).isZero();
    assertThat(second.dataReused()).isTrue();
    assertThat(second.dataBytesUploaded()).isZero();
    assertThat(text("soen/p/e/job-2/20261122-210509/data/manifest.json")).contains("\"dataset.yaml\"");
    assertThat(events).anySatisfy(e -> assertThat(e.message()).startsWith("reusing 21 files"));
  }

  @Test
  void stage_whenOneFileChanged_uploadsTheDataSetAgainUnderANewHash() throws IOException {
    Path data = dataset();
    S3Stager stager = stager(clients, S3Stager.DEFAULT_PART_SIZE);
    stager.stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n", Optional.of("data"), tmp, "p");
    Files.writeString(data.resolve("dataset.yaml"), "path: .\ntrain: images/val\n");
    counter.reset();

    S3Stager.Staged second = stager.stage("job-2", BUCKET, S3Keys.jobPrefix("p", "e", "job-2", T0), "a: 1\n",
        Optional.of("data"), tmp, "p");

    assertThat(second.dataReused()).isFalse();
    assertThat(counter.dataBytes()).isPositive();
  }

  @Test
  void stage_withDigestCache_reusesUnchangedDataAndNoticesASameSizeEdit() throws IOException {
    Path data = dataset();
    Path cache = tmp.resolve("cache");
    S3Stager stager = new S3Stager(clients.s3(), events::add, Clock.fixed(T0, ZoneOffset.UTC), 8,
        S3Stager.DEFAULT_PART_SIZE, Optional.of(cache));
    stager.stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n", Optional.of("data"), tmp, "p");
    assertThat(Files.list(cache)).singleElement().satisfies(f -> assertThat(Files.readAllLines(f)).hasSize(21));

    assertThat(stager.stage("job-2", BUCKET, S3Keys.jobPrefix("p", "e", "job-2", T0), "a: 1\n", Optional.of("data"), tmp, "p")
        .dataReused()).isTrue();

    Path yaml = data.resolve("dataset.yaml");
    String before = Files.readString(yaml);
    Files.writeString(yaml, before.replace("train", "tRain"));
    Files.setLastModifiedTime(yaml, java.nio.file.attribute.FileTime.from(T0.plusSeconds(60)));
    counter.reset();
    S3Stager.Staged third = stager.stage("job-3", BUCKET, S3Keys.jobPrefix("p", "e", "job-3", T0), "a: 1\n",
        Optional.of("data"), tmp, "p");
    assertThat(third.dataReused()).isFalse();
    assertThat(counter.dataBytes()).isPositive();
  }

  @Test
  void stage_dataOnS3_isReferencedNotCopied() {
    S3Stager.Staged staged = stager(clients, S3Stager.DEFAULT_PART_SIZE).stage("job-1", BUCKET,
        S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n", Optional.of("s3://other/datasets/coco/"), tmp, "p");

    assertThat(staged.dataUri()).contains("s3://other/datasets/coco/");
    assertThat(staged.dataIsManifest()).isFalse();
    assertThat(counter.dataBytes()).isZero();
    assertThat(s3.keys(BUCKET)).containsExactly("soen/p/e/job-1/20261122-210509/config/training_config.yaml");
  }

  @Test
  void stage_largeFile_usesMultipartAndTheStoredObjectMatches() throws IOException {
    Path big = tmp.resolve("big.bin");
    byte[] chunk = new byte[64 * 1024];
    new Random(3).nextBytes(chunk);
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int i = 0; i < 190; i++) { // ~11.9 MiB, 5 MiB parts -> 3 parts
        out.write(chunk);
      }
    }
    stager(clients, 5L * 1024 * 1024).stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n",
        Optional.of("big.bin"), tmp, "p");

    assertThat(counter.sent).filteredOn(s -> s.key().endsWith("/big.bin")).hasSize(3);
    String key = s3.keys(BUCKET).stream().filter(k -> k.endsWith("/big.bin")).findFirst().orElseThrow();
    var head = clients.s3().headObject(b -> b.bucket(BUCKET).key(key));
    assertThat(head.contentLength()).isEqualTo(Files.size(big));
    assertThat(head.eTag()).endsWith("-3\"");
  }

  @Test
  void stage_largeFileWithDigestCache_remembersEachPartMd5AndUploadsFromThemIntact() throws IOException {
    Path big = tmp.resolve("big.bin");
    byte[] bytes = new byte[11 * 1024 * 1024 + 17];
    new Random(7).nextBytes(bytes);
    Files.write(big, bytes);
    Path cache = tmp.resolve("cache");
    long partSize = 5L * 1024 * 1024;
    S3Stager stager = new S3Stager(clients.s3(), events::add, Clock.fixed(T0, ZoneOffset.UTC), 8, partSize,
        Optional.of(cache));
    stager.stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n", Optional.of("big.bin"), tmp, "p");
    List<String> expected = new java.util.ArrayList<>();
    for (int offset = 0; offset < bytes.length; offset += (int) partSize) {
      expected.add(java.util.HexFormat.of().formatHex(StagingDigests.digest("MD5").digest(
          java.util.Arrays.copyOfRange(bytes, offset, (int) Math.min(bytes.length, offset + partSize)))));
    }
    assertThat(Files.list(cache)).singleElement().satisfies(f -> assertThat(Files.readAllLines(f)).singleElement()
        .satisfies(line -> assertThat(line.split("\t")[5]).isEqualTo(String.join(",", expected))));

    // another project has not got this data set: it is sent again, each part's Content-MD5 from the cache
    S3Stager.Staged second = stager.stage("job-2", BUCKET, S3Keys.jobPrefix("q", "e", "job-2", T0), "a: 1\n",
        Optional.of("big.bin"), tmp, "q");

    assertThat(second.dataReused()).isFalse();
    String key = s3.keys(BUCKET).stream().filter(k -> k.startsWith("soen/q/") && k.endsWith("/big.bin")).findFirst()
        .orElseThrow();
    var head = clients.s3().headObject(b -> b.bucket(BUCKET).key(key));
    assertThat(head.contentLength()).isEqualTo(bytes.length);
    assertThat(head.eTag()).endsWith("-3\"");
  }

  @Test
  void stage_whenAPartIsCorruptedOnTheWay_failsWithTransferExceptionAndKeepsNoObject() throws IOException {
    Path big = tmp.resolve("big.bin");
    byte[] bytes = new byte[11 * 1024 * 1024];
    new Random(5).nextBytes(bytes);
    Files.write(big, bytes);
    ExecutionInterceptor corruptPart2 = new ExecutionInterceptor() {
      @Override
      public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest p && p.partNumber() == 2 && context.requestBody().isPresent()) {
          RequestBody original = context.requestBody().get();
          long length = original.optionalContentLength().orElseThrow();
          ContentStreamProvider flipped = () -> new java.io.FilterInputStream(original.contentStreamProvider().newStream()) {
            private long position;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              int n = super.read(b, off, len);
              if (n > 0 && position <= 1000 && position + n > 1000) {
                b[off + (int) (1000 - position)] ^= 0x55;
              }
              position += Math.max(n, 0);
              return n;
            }
          };
          return Optional.of(RequestBody.fromContentProvider(flipped, length, "application/octet-stream"));
        }
        return context.requestBody();
      }
    };
    try (AwsClients corrupting = clients(List.of(corruptPart2))) {
      S3Stager stager = stager(corrupting, 5L * 1024 * 1024);
      assertThatThrownBy(() -> stager.stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n",
          Optional.of("big.bin"), tmp, "p"))
          .isInstanceOf(TransferException.class)
          .hasMessageContaining("integrity check failed")
          .hasMessageContaining("part 2 of");
    }
    assertThat(s3.keys(BUCKET)).noneMatch(k -> k.contains(".datasets/"));
  }

  @Test
  void stage_overPlainHttp_sendsUnsignedPayloadWithContentMd5() throws IOException {
    List<software.amazon.awssdk.http.SdkHttpRequest> requests = new CopyOnWriteArrayList<>();
    ExecutionInterceptor capture = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest || context.request() instanceof software.amazon.awssdk.services.s3.model.PutObjectRequest) {
          requests.add(context.httpRequest());
        }
      }
    };
    Path big = tmp.resolve("big.bin");
    byte[] bytes = new byte[6 * 1024 * 1024];
    new Random(11).nextBytes(bytes);
    Files.write(big, bytes);
    try (AwsClients capturing = clients(List.of(capture))) {
      stager(capturing, 5L * 1024 * 1024).stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n",
          Optional.of("big.bin"), tmp, "p");
    }
    assertThat(requests).hasSizeGreaterThanOrEqualTo(4).allSatisfy(r -> {
      assertThat(r.protocol()).isEqualTo("http");
      assertThat(r.firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
      assertThat(r.firstMatchingHeader("Content-MD5")).isPresent();
      assertThat(r.firstMatchingHeader("Authorization").orElseThrow()).contains("content-md5");
    });
  }
}
