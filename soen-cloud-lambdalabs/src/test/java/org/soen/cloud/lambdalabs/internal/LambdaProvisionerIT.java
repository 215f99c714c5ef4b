package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.testkit.lambda.FakeLambdaInstance;

/** Launching and terminating against the fake at Lambda's real rate limits, when answers go wrong. */
@ExtendWith(LambdaFixtureExtension.class)
class LambdaProvisionerIT {
  private static final String LAUNCH = "POST /instance-operations/launch";

  LambdaFixture f;
  Provisioner provisioner;
  final List<Instant> requested = new ArrayList<>();

  @BeforeEach
  void setUp() {
    provisioner = new Provisioner(f.api(), f.clock, f.clock);
  }

  private Provisioner.Launched launch(String name) {
    return provisioner.launch("us-east-1", "gpu_1x_a10", "my-key", name, Map.of(Provisioner.JOB_TAG, name), requested::add);
  }

  private long count(String request) {
    return f.fake.requests().stream().filter(request::equals).count();
  }

  @Test
  void launch_whenTheServerFailsAfterCreatingTheInstance_adoptsItAndLaunchesNoSecond() {
    f.fake.failLaunchesAfterCreating(1, 500);

    Provisioner.Launched l = launch("soen-x-500");

    FakeLambdaInstance only = f.fake.instances().get(0);
    assertThat(f.fake.instances()).hasSize(1);
    assertThat(l).isEqualTo(new Provisioner.Launched(only.id(), only.launchedAt(), true));
    assertThat(count(LAUNCH)).isEqualTo(1);
    assertThat(requested).containsExactly(only.launchedAt());
    assertThat(f.fake.tooManyRequests()).isEmpty();
  }

  @Test
  void launch_whenTheAnswerIsLost_adoptsTheInstanceFoundByName() {
    f.fake.loseLaunchAnswers(1);

    Provisioner.Launched l = launch("soen-x-lost");

    assertThat(f.fake.instances()).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(l.instanceId()));
    assertThat(l.adopted()).isTrue();
    assertThat(count(LAUNCH)).isEqualTo(1);
  }

  @Test
  void launch_whenAnUnclearAnswerCreatedNothing_looksSeveralTimesThenLaunchesAgain() {
    f.fake.failNext("/instance-operations/launch", 503, "global/unknown", "An unknown error occurred.");

    Provisioner.Launched l = launch("soen-x-503");

    FakeLambdaInstance only = f.fake.instances().get(0);
    assertThat(f.fake.instances()).hasSize(1);
    assertThat(l.adopted()).isFalse();
    assertThat(count(LAUNCH)).isEqualTo(2);
    assertThat(count("GET /instances")).isEqualTo(Provisioner.LOOKS);
    assertThat(l.requestedAt()).as("billing counts from the first, unclear, request").isEqualTo(requested.get(0))
        .isBefore(only.launchedAt());
    assertThat(f.fake.tooManyRequests()).isEmpty();
  }

  @Test
  void launch_whenEveryAnswerIsUnclearAndNoInstanceExists_failsSayingNoneBills() {
    for (int i = 0; i < Provisioner.MAX_LAUNCH_ATTEMPTS; i++) {
      f.fake.failNext("/instance-operations/launch", 502, "global/unknown", "Bad gateway.");
    }

    assertThatThrownBy(() -> launch("soen-x-502")).isInstanceOf(ProviderException.class)
        .hasMessage("launching soen-x-502 failed: Lambda Cloud POST /instance-operations/launch failed (HTTP 502,"
            + " global/unknown): Bad gateway.; after 3 attempts no instance named soen-x-502 exists, so none bills");
    assertThat(f.fake.instances()).isEmpty();
  }

  @Test
  void launch_refusedForCapacity_isNotRetried_forARefusalProvesNothingWasCreated() {
    assertThatThrownBy(() -> provisioner.launch("us-west-2", "gpu_1x_a10", "my-key", "soen-x-cap", Map.of(), t -> {}))
        .isInstanceOf(CapacityException.class);
    assertThat(count(LAUNCH)).isEqualTo(1);
    assertThat(count("GET /instances")).isZero();
  }

  @Test
  void findOurs_matchesTheNameOrTheJobTag() {
    f.api().launchOnce("us-east-1", "gpu_1x_a10", "my-key", "renamed-in-console", Map.of(Provisioner.JOB_TAG, "soen-x-tag"),
        t -> {});

    assertThat(provisioner.findOurs("soen-x-tag")).get().extracting(LambdaInstance::name).isEqualTo("renamed-in-console");
    assertThat(provisioner.findOurs("soen-x-other")).isEmpty();
  }

  @Test
  void terminate_isConfirmedByReadingTheInstanceBack() {
    String id = launch("soen-x-t").instanceId();

    Provisioner.Terminated t = provisioner.terminate(id);

    assertThat(t.status()).isEqualTo("terminated");
    assertThat(f.fake.instances().get(0).status()).isEqualTo("terminated");
    assertThat(f.fake.requests()).endsWith("POST /instance-operations/terminate", "GET /instances/" + id);
  }

  @Test
  void terminate_whenTheRequestFailsAndTheInstanceStillRuns_asksAgainUntilItIsConfirmed() {
    String id = launch("soen-x-t500").instanceId();
    f.fake.failNext("/instance-operations/terminate", 500, "global/unknown", "An unknown error occurred.");
    for (int i = 1; i < LambdaApi.MAX_ATTEMPTS; i++) {
      f.fake.failNext("/instance-operations/terminate", 500, "global/unknown", "An unknown error occurred.");
    }

    Provisioner.Terminated t = provisioner.terminate(id);

    assertThat(t.status()).isEqualTo("terminated");
    assertThat(count("POST /instance-operations/terminate")).isEqualTo(LambdaApi.MAX_ATTEMPTS + 1);
    assertThat(f.fake.tooManyRequests()).isEmpty();
  }

  @Test
  void terminate_ofAnInstanceThatIsGone_isConfirmed() {
    assertThat(provisioner.terminate("0123456789abcdef").status()).isEqualTo("gone");
  }
}
