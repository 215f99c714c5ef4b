package org.soen.cloud.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class EmbeddedS3IT {
  private static S3Client client(EmbeddedS3 s3, String secret) {
    return S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(), secret)))
        .build();
  }

  @Test
  void start_withBucket_realSdkClientPutsAndGetsObjectsOnLoopback() {
    try (EmbeddedS3 s3 = EmbeddedS3.start("data"); S3Client client = client(s3, s3.secretAccessKey())) {
      assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(s3.endpoint().getPort()).isPositive();
      client.putObject(b -> b.bucket("data").key("a/b.txt"), RequestBody.fromString("hello"));
      String read = client.getObjectAsBytes(b -> b.bucket("data").key("a/b.txt")).asString(StandardCharsets.UTF_8);
      assertThat(read).isEqualTo("hello");
      assertThat(s3.keys("data")).containsExactly("a/b.txt");
    }
  }

  @Test
  void start_whenSecretIsWrong_rejectsTheSignature() {
    try (EmbeddedS3 s3 = EmbeddedS3.start("data"); S3Client client = client(s3, "not-the-secret")) {
      assertThatThrownBy(() -> client.headBucket(b -> b.bucket("data")))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
  }

  @Test
  void headBucket_whenBucketIsMissing_answers404() {
    try (EmbeddedS3 s3 = EmbeddedS3.start(); S3Client client = client(s3, s3.secretAccessKey())) {
      assertThatThrownBy(() -> client.headBucket(b -> b.bucket("nope")))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
    }
  }
}
