package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.QuotaException;

class LambdaApiIT {
  @TempDir Path tmp;
  LambdaFixture f;
  LambdaApi api;

  @BeforeEach
  void setUp() {
    f = new LambdaFixture(tmp);
    api = new LambdaApi(f.fake.apiUrl(), f.fake.apiKey(), f.clock, f.clock, Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void instanceTypes_whenAsked_givesPricesAndRegionsWithCapacity() {
    f.fake.instanceType("gpu_8x_h100_sxm5", 2392);
    assertThat(api.instanceTypes()).contains(
        new InstanceTypeInfo("gpu_1x_a100_sxm4", "gpu_1x_a100_sxm4", 129, java.util.List.of("us-east-1")),
        new InstanceTypeInfo("gpu_8x_h100_sxm5", "gpu_8x_h100_sxm5", 2392, java.util.List.of()));
  }

  @Test
  void anyCall_whenKeyIsWrong_throwsCredentialsExceptionSayingWhatToDo() {
    LambdaApi wrong = new LambdaApi(f.fake.apiUrl(), "secret_wrong", f.clock, f.clock, Duration.ofSeconds(10));
    assertThatThrownBy(wrong::listInstances).isInstanceOf(CredentialsException.class)
        .hasMessageContaining("Lambda Cloud rejected the API key: set LAMBDA_API_KEY")
        .hasMessageContaining("global/invalid-api-key").hasMessageNotContaining("secret_wrong")
        .cause().isInstanceOf(ProviderException.class);
  }

  @Test
  void anyCall_whenRateLimited_retriesAfterBackingOffOnTheClock() {
    f.fake.rateLimitNext(2);
    Instant before = f.clock.instant();
    assertThat(api.listInstances()).isEmpty();
    assertThat(Duration.between(before, f.clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
    assertThat(f.fake.requests()).containsExactly("GET /instances", "GET /instances", "GET /instances");
  }

  @Test
  void errors_areTranslatedByCode() {
    f.fake.failNext("/instances", 403, "global/quota-exceeded", "Quota exceeded.");
    assertThatThrownBy(api::listInstances).isInstanceOf(QuotaException.class)
        .hasMessageContaining("Lambda Cloud quota exceeded").hasMessageContaining("Quota exceeded.");
    assertThatThrownBy(() -> api.instance("nope")).isInstanceOf(NotFoundException.class)
        .hasMessage("Lambda Cloud GET /instances/nope failed (HTTP 404, global/object-does-not-exist): Specified instance does not exist.");
    assertThatThrownBy(() -> api.launch("us-east-1", "gpu_9x_nothing", "my-key", "soen-x", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("Invalid instance type gpu_9x_nothing");
    assertThatThrownBy(() -> api.launch("us-west-2", "gpu_1x_a10", "my-key", "soen-x", Map.of()))
        .isInstanceOf(CapacityException.class).hasMessageContaining("instance-operations/launch/insufficient-capacity");
  }

  @Test
  void providerErrors_areRetriedThenReportedAsRetryable() {
    for (int i = 0; i < LambdaApi.MAX_ATTEMPTS; i++) {
      f.fake.failNext("/instances", 503, "provider/internal-unavailable", "Lambda is busy.");
    }
    assertThatThrownBy(api::listInstances).isInstanceOf(ProviderException.class)
        .hasMessageContaining("provider/internal-unavailable")
        .satisfies(e -> assertThat(((ProviderException) e).retryable()).isTrue());
    assertThat(f.fake.requests()).hasSize(LambdaApi.MAX_ATTEMPTS);
  }

  @Test
  void launch_whenTheAnswerIsLost_findsTheInstanceByNameInsteadOfLaunchingAgain() {
    f.fake.loseLaunchAnswers(1);
    String id = api.launch("us-east-1", "gpu_1x_a10", "my-key", "soen-lost-answer", Map.of("k", "v"));
    assertThat(f.fake.instances()).hasSize(1);
    assertThat(f.fake.instances().get(0).id()).isEqualTo(id);
    assertThat(f.fake.instances().get(0).tags()).containsEntry("k", "v");
  }

  @Test
  void launches_arePacedTwelveSecondsApart() {
    Instant t0 = f.clock.instant();
    api.launch("us-east-1", "gpu_1x_a10", "my-key", "soen-a", Map.of());
    api.launch("us-east-1", "gpu_1x_a10", "my-key", "soen-b", Map.of());
    assertThat(Duration.between(f.fake.instances().get(0).launchedAt(), f.fake.instances().get(1).launchedAt()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(12));
    assertThat(f.fake.instances().get(0).launchedAt()).isEqualTo(t0);
  }

  @Test
  void terminate_whenTheAnswerOmitsIds_isConfirmedByReadingBack() {
    String id = api.launch("us-east-1", "gpu_1x_a10", "my-key", "soen-t", Map.of());
    api.terminate(id);
    assertThat(api.instance(id).status()).isEqualTo("terminated");
    assertThat(api.listInstances()).isEmpty();
  }
}
