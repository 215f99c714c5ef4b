package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.testkit.aws.EmbeddedS3;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The container sees the user's relative paths byte for byte: data is staged through the real SDK
 * into EmbeddedS3, and the data channel is materialised as SageMaker does it (the manifest's
 * prefix, each entry a key below it, each file named after the entry).
 */
class ExactNamesIT {
  private static final String BUCKET = "names";
  private static final Instant T0 = Instant.parse("2026-12-04T18:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Characters names are drawn from: plain, reserved in URLs and shells, and any-plane Unicode. */
  private static final String[] PIECES = {
      "a", "Z", "0", "_", "-", ".", " ", "+", "#", "%", "&", "=", "?", "~", "!", "$", "'", "\"", "(", ")", "[", "]",
      "{", "}", "*", ",", ";", ":", "@", "^", "`", "\\", "|", "<", ">", "%20", "%2F", "~20", "é", "ï", "ß", "Ω",
      "ж", "日本", "語", "한", "ا", "ע", "\u00a0", "\u200d", "\u0301", "\u2028", "😀", "𝄞", "\uFEFF", "ﬁ"};

  @TempDir Path tmp;
  private EmbeddedS3 s3;
  private AwsClients clients;

  @BeforeEach
  void start() {
    Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
        "file names need a UTF-8 file system encoding (run with LANG=C.UTF-8)");
    s3 = EmbeddedS3.start(BUCKET);
    CloudConfig config = CloudConfig.builder().provider("sagemaker").set(SageMakerSettings.REGION, "us-east-1")
        .set(SageMakerSettings.ENDPOINTS.get("s3"), s3.endpoint()).set(SageMakerSettings.S3_PATH_STYLE, true).build();
    clients = AwsClients.create(config, Map.of("AWS_ACCESS_KEY_ID", s3.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", s3.secretAccessKey(), "AWS_EC2_METADATA_DISABLED", "true"), List.of());
  }

  @AfterEach
  void stop() {
    if (clients != null) {
      clients.close();
      s3.close();
    }
  }

  private S3Stager stager() {
    return new S3Stager(clients.s3(), e -> { }, Clock.fixed(T0, ZoneOffset.UTC), 4, S3Stager.DEFAULT_PART_SIZE);
  }

  @Test
  @DisplayName("for generated file names (any Unicode, spaces, reserved characters) the channel's names equal the originals")
  void stage_generatedNames_containerSeesTheOriginalRelativePaths() throws IOException {
    long seed = Long.getLong("exactNames.seed", System.nanoTime());
    System.out.println("ExactNamesIT seed: " + seed + " (rerun with -DexactNames.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int round = 0; round < 12; round++) {
      Path data = Files.createDirectories(tmp.resolve("round-" + round));
      Map<String, String> written = new TreeMap<>();
      int files = 1 + random.nextInt(6);
      while (written.size() < files) {
        List<String> segments = new ArrayList<>();
        int depth = 1 + random.nextInt(3);
        for (int i = 0; i < depth; i++) {
          segments.add(name(random));
        }
        String relative = String.join("/", segments);
        if (written.keySet().stream().anyMatch(k -> k.startsWith(relative + "/") || relative.startsWith(k + "/"))) {
          continue; // a name cannot be a file and a folder at once
        }
        String content = "seed " + seed + " round " + round + " " + relative;
        Path file = data.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        written.put(relative, content);
      }
      String jobPrefix = S3Keys.jobPrefix("p", "e", "job-" + round, T0);
      S3Stager.Staged staged = stager().stage("job-" + round, BUCKET, jobPrefix, "a: 1\n",
          Optional.of("round-" + round), tmp, "p");

      assertThat(channel(staged.dataUri().orElseThrow())).as("seed %d round %d", seed, round)
          .containsExactlyEntriesOf(written);
    }
  }

  @Test
  void stage_nameAControlCharacter_isRefusedNamingTheFileBeforeAnyUpload() throws IOException {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("fine name.txt"), "ok");
    Path bell = data.resolve("bell\u0007.txt");
    Files.writeString(bell, "no");

    assertThatThrownBy(() -> stager().stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n",
            Optional.of("data"), tmp, "p"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("the container sees data files under their exact names, and 1 under " + data
            + " cannot be kept; rename them (nothing was uploaded): " + bell
            + ": its name holds the control character U+0007, which S3 listings cannot carry");
    assertThat(s3.keys(BUCKET)).isEmpty();
  }

  @Test
  void stage_pathLongerThanAnS3Key_isRefusedNamingTheFileBeforeAnyUpload() throws IOException {
    Path deep = tmp.resolve("data");
    for (int i = 0; i < 5; i++) {
      deep = deep.resolve("ü".repeat(100));
    }
    Files.createDirectories(deep);
    Path file = deep.resolve("x.bin");
    Files.writeString(file, "x");

    assertThatThrownBy(() -> stager().stage("job-1", BUCKET, S3Keys.jobPrefix("p", "e", "job-1", T0), "a: 1\n",
            Optional.of("data"), tmp, "p"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file + ": its S3 key would be 1092 bytes of UTF-8, over S3's 1024 (the staging prefix "
            + "takes 82); shorten its path");
    assertThat(s3.keys(BUCKET)).isEmpty();
  }

  private static String name(Random random) {
    StringBuilder b = new StringBuilder();
    int pieces = 1 + random.nextInt(6);
    for (int i = 0; i < pieces; i++) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    String s = b.toString();
    return s.equals(".") || s.equals("..") ? s + "x" : s;
  }

  /**
   * The data channel as SageMaker writes it into {@code /opt/ml/input/data/data}: every manifest
   * entry, found by listing the manifest's prefix, becomes the file at the entry's relative path.
   */
  private Map<String, String> channel(String manifestUri) throws IOException {
    String[] manifestKey = split(manifestUri);
    JsonNode manifest = JSON.readTree(clients.s3().getObjectAsBytes(b -> b.bucket(manifestKey[0])
        .key(manifestKey[1])).asByteArray());
    String[] prefix = split(manifest.get(0).path("prefix").asText());
    Map<String, String> listed = new LinkedHashMap<>();
    for (S3Object o : clients.s3().listObjectsV2Paginator(b -> b.bucket(prefix[0]).prefix(prefix[1])).contents()) {
      listed.put(o.key().substring(prefix[1].length()), o.key());
    }
    Map<String, String> out = new TreeMap<>();
    for (int i = 1; i < manifest.size(); i++) {
      String relative = manifest.get(i).asText();
      assertThat(listed).as("the object of manifest entry %s", relative).containsKey(relative);
      out.put(relative, clients.s3().getObjectAsBytes(b -> b.bucket(prefix[0]).key(listed.get(relative))).asUtf8String());
    }
    return out;
  }

  private static String[] split(String uri) {
    String rest = uri.substring("s3://".length());
    return new String[] {rest.substring(0, rest.indexOf('/')), rest.substring(rest.indexOf('/') + 1)};
  }
}
