package org.soen.cloud.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.soen.cloud.testkit.ManualClock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** The real Secrets Manager client against the fake's Secrets Manager. */
class FakeSecretsManagerIT {
  private final ManualClock clock = ManualClock.create();
  private EmbeddedS3 s3;
  private FakeSageMaker fake;
  private SecretsManagerClient client;

  @BeforeEach
  void start() {
    s3 = EmbeddedS3.start("bucket");
    fake = FakeSageMaker.start(clock, s3);
    client = SecretsManagerClient.builder().endpointOverride(fake.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    fake.close();
    s3.close();
  }

  @Test
  void createGetTagListDelete_behaveAsTheService() {
    String arn = client.createSecret(b -> b.name("soen-cloud/job-1").secretString("{\"HF_TOKEN\":\"v\"}")
        .tags(t -> t.key("soen:job").value("job-1"))).arn();
    assertThat(arn).matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:soen-cloud/job-1-[0-9a-f]{6}");
    assertThat(client.getSecretValue(b -> b.secretId(arn)).secretString()).isEqualTo("{\"HF_TOKEN\":\"v\"}");
    client.tagResource(b -> b.secretId("soen-cloud/job-1").tags(t -> t.key("team").value("vision")));
    client.createSecret(b -> b.name("other").secretString("x"));

    assertThat(client.listSecrets(b -> b.filters(f -> f.key(FilterNameStringType.TAG_KEY).values("soen:job")))
        .secretList()).singleElement().satisfies(s -> {
          assertThat(s.name()).isEqualTo("soen-cloud/job-1");
          assertThat(s.tags()).extracting(t -> t.key()).containsExactly("soen:job", "team");
          assertThat(s.createdDate()).as("ListSecrets gives each secret's CreatedDate").isNotNull();
        });
    client.deleteSecret(b -> b.secretId("soen-cloud/job-1").forceDeleteWithoutRecovery(true));

    assertThat(fake.secretsManager().secret("soen-cloud/job-1")).isEmpty();
    assertThat(fake.secretsManager().secrets()).filteredOn(s -> s.name().equals("soen-cloud/job-1")).singleElement()
        .satisfies(s -> {
          assertThat(s.deleted()).isTrue();
          assertThat(s.reads()).isEqualTo(1);
          assertThat(s.tags()).isEqualTo(Map.of("soen:job", "job-1", "team", "vision"));
        });
    assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId("soen-cloud/job-1")))
        .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Secrets Manager can't find the specified secret.");
  }

  @Test
  void createSecret_whenTheNameExists_isResourceExists() {
    client.createSecret(b -> b.name("s").secretString("x"));
    assertThatThrownBy(() -> client.createSecret(b -> b.name("s").secretString("y")))
        .isInstanceOf(ResourceExistsException.class).hasMessageContaining("the secret s already exists");
  }

  @Test
  void getSecretValue_whenScheduledForDeletion_isInvalidRequest() {
    client.createSecret(b -> b.name("s").secretString("x"));
    client.deleteSecret(b -> b.secretId("s").recoveryWindowInDays(7L));
    assertThatThrownBy(() -> client.getSecretValue(b -> b.secretId("s")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("marked for deletion");
  }

  @Test
  void createSecret_whenTheNameIsLongerThanTheModelAllows_isValidationException() {
    assertThatThrownBy(() -> client.createSecret(b -> b.name("n".repeat(513)).secretString("x")))
        .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value '" + "n".repeat(513)
              + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512");
        });
  }
}
