package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** The credentials chain asks for the web-identity STS client only when the environment names a web identity. */
class AwsCredentialsChainTest {
  @TempDir Path tmp;

  @Test
  void staticKeys_withoutAWebIdentity_neverBuildTheStsClient() {
    AtomicInteger built = new AtomicInteger();
    Supplier<StsClient> sts = () -> {
      built.incrementAndGet();
      throw new AssertionError("the web-identity STS client was built");
    };

    var chain = AwsClients.credentials(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
        "HOME", tmp.toString(), "AWS_EC2_METADATA_DISABLED", "true"), sts);

    assertThat(chain.resolveCredentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(built).hasValue(0);
  }

  @Test
  void aWebIdentityTokenFileAndRole_buildTheStsClientOnce() throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), "header.payload.signature");
    AtomicInteger built = new AtomicInteger();
    try (StsClient client = StsClient.builder().region(Region.US_EAST_1)
        .endpointOverride(java.net.URI.create("http://127.0.0.1:1")).build()) {
      Supplier<StsClient> sts = () -> {
        built.incrementAndGet();
        return client;
      };

      AwsClients.credentials(Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
          "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Trainer", "HOME", tmp.toString(),
          "AWS_EC2_METADATA_DISABLED", "true"), sts);

      assertThat(built).hasValue(1);
    }
  }
}
