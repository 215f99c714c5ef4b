package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.QuotaException;

@ExtendWith(LambdaFixtureExtension.class)
class LambdaApiIT {
  LambdaFixture f;
  LambdaApi api;

  @BeforeEach
  void setUp() {
    api = f.api();
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
    LambdaApi wrong = new LambdaApi(f.fake.apiUrl(), "secret_wrong", RateLimiter.lambda(f.clock, f.clock), f.clock, f.clock,
        Duration.ofSeconds(10));
    assertThatThrownBy(wrong::listInstances).isInstanceOf(CredentialsException.class)
        .hasMessageContaining("Lambda Cloud rejected the API key: set LAMBDA_API_KEY")
        .hasMessageContaining("global/invalid-api-key").hasMessageNotContaining("secret_wrong")
        .cause().isInstanceOf(ProviderException.class);
  }

  @Test
  void anyCall_whenRateLimited_retriesAfterTheRetryAfterOnTheClock() {
    f.fake.rateLimitNext(2);
    Instant before = f.clock.instant();
    assertThat(api.listInstances()).isEmpty();
    assertThat(Duration.between(before, f.clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(f.fake.requests()).containsExactly("GET /instances", "GET /instances", "GET /instances");
    assertThat(f.fake.tooManyRequests()).hasSize(2);
  }

  @Test
  void twoClients_withTheirOwnLimiters_getA429_andWaitAsTheRetryAfterSays() {
    LambdaApi other = new LambdaApi(f.fake.apiUrl(), f.fake.apiKey(), RateLimiter.lambda(f.clock, f.clock), f.clock,
        f.clock, Duration.ofSeconds(10));
    api.listInstances();
    Instant before = f.clock.instant();

    assertThat(other.listInstances()).isEmpty();

    assertThat(f.fake.tooManyRequests()).containsExactly("GET /instances");
    assertThat(Duration.between(before, f.clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void twoClients_sharingTheKeysLimiter_getNo429() {
    RateLimiter shared = RateLimiter.lambda(f.clock, f.clock);
    LambdaApi one = new LambdaApi(f.fake.apiUrl(), f.fake.apiKey(), shared, f.clock, f.clock, Duration.ofSeconds(10));
    LambdaApi two = new LambdaApi(f.fake.apiUrl(), f.fake.apiKey(), shared, f.clock, f.clock, Duration.ofSeconds(10));

    one.instanceTypes();
    two.listInstances();
    one.launchOnce("us-east-1", "gpu_1x_a10", "my-key", "soen-a", Map.of(), t -> {});
    two.listInstances();
    two.launchOnce("us-east-1", "gpu_1x_a10", "my-key", "soen-b", Map.of(), t -> {});

    assertThat(f.fake.tooManyRequests()).isEmpty();
    assertThat(f.fake.instances()).hasSize(2);
  }

  @Test
  void anyCall_whenNothingListens_saysWhatFailedInsteadOfNull() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    LambdaApi nowhere = new LambdaApi(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1"), f.fake.apiKey(),
        RateLimiter.lambda(f.clock, f.clock), f.clock, f.clock, Duration.ofSeconds(10));

    assertThatThrownBy(nowhere::listInstances).isInstanceOf(ProviderException.class)
        .hasMessageStartingWith("Lambda Cloud GET /instances could not reach http://127.0.0.1:" + port + "/api/v1/ in "
            + LambdaApi.MAX_ATTEMPTS + " attempts: ")
        .hasMessageContaining("ConnectException")
        .hasMessageEndingWith("; check the network and cloud.lambda.api_url (or LAMBDA_API_URL)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("null"));
  }

  @Test
  void errors_areTranslatedByCode() {
    f.fake.failNext("/instances", 403, "global/quota-exceeded", "Quota exceeded.");
    assertThatThrownBy(api::listInstances).isInstanceOf(QuotaException.class)
        .hasMessageContaining("Lambda Cloud quota exceeded").hasMessageContaining("Quota exceeded.");
    assertThatThrownBy(() -> api.instance("nope")).isInstanceOf(NotFoundException.class)
        .hasMessage("Lambda Cloud GET /instances/nope failed (HTTP 404, global/object-does-not-exist): Specified instance does not exist.");
    assertThatThrownBy(() -> api.launchOnce("us-east-1", "gpu_9x_nothing", "my-key", "soen-x", Map.of(), t -> {}))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("Invalid instance type gpu_9x_nothing");
    assertThatThrownBy(() -> api.launchOnce("us-west-2", "gpu_1x_a10", "my-key", "soen-x", Map.of(), t -> {}))
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
  void launchOnce_whenTheAnswerIsLost_saysTheOutcomeIsUnclear() {
    f.fake.loseLaunchAnswers(1);
    assertThatThrownBy(() -> api.launchOnce("us-east-1", "gpu_1x_a10", "my-key", "soen-lost-answer", Map.of(), t -> {}))
        .isInstanceOf(LambdaApi.UncertainLaunch.class).hasMessageStartingWith("no answer from Lambda Cloud at ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("null"));
    assertThat(f.fake.instances()).hasSize(1);
  }

  @Test
  void launchOnce_whenTheServerFailsAfterCreating_saysTheOutcomeIsUnclear() {
    f.fake.failLaunchesAfterCreating(1, 500);
    assertThatThrownBy(() -> api.launchOnce("us-east-1", "gpu_1x_a10", "my-key", "soen-500", Map.of(), t -> {}))
        .isInstanceOf(LambdaApi.UncertainLaunch.class)
        .hasMessage("Lambda Cloud POST /instance-operations/launch failed (HTTP 500, global/unknown): An unknown error occurred.");
    assertThat(f.fake.requests()).containsOnlyOnce("POST /instance-operations/launch");
  }

  @Test
  void launches_arePacedTwelveSecondsApart() {
    Instant t0 = f.clock.instant();
    api.launchOnce("us-east-1", "gpu_1x_a10", "my-key", "soen-a", Map.of(), t -> {});
    api.launchOnce("us-east-1", "gpu_1x_a10", "my-key", "soen-b", Map.of(), t -> {});
    assertThat(Duration.between(f.fake.instances().get(0).launchedAt(), f.fake.instances().get(1).launchedAt()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(12));
    assertThat(f.fake.instances().get(0).launchedAt()).isEqualTo(t0);
    assertThat(f.fake.tooManyRequests()).isEmpty();
  }

  @Test
  void terminate_whenTheAnswerOmitsIds_isConfirmedByReadingBack() {
    String id = api.launchOnce("us-east-1", "gpu_1x_a10", "my-key", "soen-t", Map.of(), t -> {});
    api.terminate(id);
    assertThat(api.instance(id).status()).isEqualTo("terminated");
    assertThat(api.listInstances()).isEmpty();
  }
}
