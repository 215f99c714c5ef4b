package org.soen.cloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;

class SoenCloudExtensionTest {
  private static CloudConfig config(String provider) {
    return CloudConfig.builder().provider(provider).experiment("ext")
        .command(List.of("python", "train.py")).build();
  }

  @Nested
  @SoenCloudTest
  class WithTheAnnotation {
    FakeTrainingBackend fromBeforeEach;
    CloudTrainer trainerFromBeforeEach;

    @BeforeEach
    void setUp(FakeTrainingBackend fake, CloudTrainer trainer) {
      fromBeforeEach = fake;
      trainerFromBeforeEach = trainer;
    }

    @Test
    void resolvesFakeClockTrainerEventsAndHomeWiredTogether(CloudTrainer trainer,
        FakeTrainingBackend fake, ManualClock clock, RecordingJobListener events,
        @SoenHome Path home) {
      fake.enqueue(FakeJob.completesAfter(Duration.ofMinutes(10)).withEpoch(1, Map.of("loss", 0.25)));

      JobHandle job = trainer.submit(config("fake"));
      JobStatus done = trainer.await(job);

      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(fake.clock()).isSameAs(clock);
      assertThat(clock.instant()).isAfterOrEqualTo(ManualClock.DEFAULT_START.plus(Duration.ofMinutes(10)));
      assertThat(clock.sleepCount()).isEqualTo(300);
      assertThat(home.resolve("jobs").resolve(job.id() + ".json")).isRegularFile();
      assertThat(events.states()).startsWith(JobState.PENDING).endsWith(JobState.COMPLETED);
      assertThat(events.events(JobEvent.Kind.METRICS)).singleElement()
          .satisfies(e -> assertThat(e.metrics()).containsEntry("loss", 0.25));
    }

    @Test
    void submitWithNothingScripted_failsAtOnceThroughTheTrainer(CloudTrainer trainer,
        FakeTrainingBackend fake) {
      assertThatThrownBy(() -> trainer.submit(config("fake")))
          .isInstanceOf(org.soen.cloud.ProviderException.class)
          .hasMessageContaining("nothing scripted for submission #0")
          .hasMessageContaining("call fake.enqueue(FakeJob.completesAfterPolls(1))")
          .hasCauseInstanceOf(IllegalStateException.class);
      assertThat(trainer.list()).singleElement()
          .satisfies(s -> assertThat(s.state()).isEqualTo(JobState.FAILED));
      assertThat(fake.submissions()).isEmpty();
    }

    @Test
    void givesEachLifecycleMethodTheSameResourcesAsTheTest(FakeTrainingBackend fake,
        CloudTrainer trainer) {
      assertThat(fromBeforeEach).isSameAs(fake);
      assertThat(trainerFromBeforeEach).isSameAs(trainer);
      assertThat(trainer.operations().providerIds()).contains("fake", "local", "sagemaker", "lambdalabs");
      assertThat(fake.id()).isEqualTo("fake");
    }
  }

  @Nested
  @SoenCloudTest
  class StandingInForWhateverTheConfigNames {
    @Test
    void submit_whenTheYamlNamesNoProvider_theFakeStandsInForLocal(CloudTrainer trainer,
        FakeTrainingBackend fake, @SoenHome Path home) throws java.io.IOException {
      fake.enqueue(FakeJob.completesAfterPolls(1));
      Path yaml = java.nio.file.Files.writeString(home.resolve("train.yaml"), String.join("\n",
          "training: {epochs: 3}", "cloud:", "  experiment: plain",
          "  command: [python, train.py]", ""));

      JobHandle job = trainer.submit(yaml);

      assertThat(job.provider()).isEqualTo("local");
      assertThat(trainer.await(job).state()).isEqualTo(JobState.COMPLETED);
      assertThat(fake.takeSubmission().config().provider()).isEqualTo("local");
    }

    @Test
    void submit_whenTheConfigNamesABundledProvider_theSameFakeTakesEachWithThatProvidersChecks(
        CloudTrainer trainer, FakeTrainingBackend fake) {
      fake.enqueue(FakeJob.completesAfterPolls(1)).enqueue(FakeJob.completesAfterPolls(1));

      JobHandle lambda = trainer.submit(config("lambdalabs"));
      JobHandle own = trainer.submit(config("fake"));

      assertThat(lambda.provider()).isEqualTo("lambdalabs");
      assertThat(own.provider()).isEqualTo("fake");
      assertThat(fake.submissions()).extracting(s -> s.config().provider())
          .containsExactly("lambdalabs", "fake");
      trainer.await(lambda);
      assertThat(trainer.costReport(lambda))
          .hasValueSatisfying(r -> assertThat(r.provider()).isEqualTo("lambdalabs"));
      assertThatThrownBy(() -> trainer.submit(CloudConfig.builder().provider("sagemaker")
          .experiment("sm").command(List.of("python", "train.py")).build()))
          .isInstanceOf(org.soen.cloud.ConfigurationException.class)
          .hasMessageContaining("cloud.role");
    }

    @Test
    void submit_whenTheConfigNamesAnUnknownProvider_listsTheIdsTheFakeAnswersTo(
        CloudTrainer trainer) {
      assertThatThrownBy(() -> trainer.submit(config("azure")))
          .isInstanceOf(org.soen.cloud.ConfigurationException.class)
          .hasMessageContaining("unknown provider \"azure\"; known providers: fake, lambdalabs,"
              + " local, sagemaker");
    }
  }

  /** Declarations named as the sagemaker provider names them, which the testkit does not depend on. */
  static final org.soen.cloud.Setting<String> ROLE = org.soen.cloud.Setting.text("role").description("stand-in").build();
  static final org.soen.cloud.Setting<String> BUCKET =
      org.soen.cloud.Setting.text("bucket").description("stand-in").build();

  @Nested
  @SoenCloudTest(providerId = "sagemaker", pollInterval = "PT1M")
  class StandingInForSagemaker {
    @Test
    void theFakeAnswersToTheIdAndAppliesItsChecks(CloudTrainer trainer, FakeTrainingBackend fake) {
      fake.enqueue(FakeJob.completesAfter(Duration.ofMinutes(10)));
      CloudConfig config = CloudConfig.builder().provider("sagemaker").experiment("sm")
          .set(ROLE, "arn:aws:iam::123456789012:role/SageMakerRole").set(BUCKET, "b").build();

      JobHandle job = trainer.submit(config);
      trainer.await(job);

      assertThat(fake.statusCalls(job.id())).isEqualTo(11);
      assertThat(fake.takeSubmission().config().instance().instanceType()).contains("ml.g5.xlarge");
      assertThatThrownBy(() -> trainer.submit(config.toBuilder().set(ROLE, "nope").build()))
          .isInstanceOf(org.soen.cloud.ConfigurationException.class)
          .hasMessage("invalid configuration: config: cloud.role: must be an IAM role ARN like"
              + " arn:aws:iam::123456789012:role/SageMakerRole, was nope");
    }

    @Nested
    class InANestedClass {
      @Test
      void takesTheSettingsOfTheEnclosingClass(FakeTrainingBackend fake) {
        assertThat(fake.id()).isEqualTo("sagemaker");
      }
    }
  }

  @Nested
  class WithARegisteredInstance {
    @RegisterExtension
    final SoenCloudExtension cloud = SoenCloudExtension.builder()
        .providerId("fake")
        .start(java.time.Instant.parse("2030-05-01T00:00:00Z"))
        .pollInterval(Duration.ofSeconds(30))
        .environment(Map.of("MLFLOW_TRACKING_URI", "http://from-env.test"))
        .build();

    @Test
    void exposesTheTestsResourcesAndUsesTheGivenEnvironment() {
      cloud.fake().enqueue(FakeJob.completesAfterPolls(1));

      JobHandle job = cloud.trainer().submit(config("fake"));

      assertThat(job.submittedAt()).isEqualTo(java.time.Instant.parse("2030-05-01T00:00:00Z"));
      assertThat(cloud.trainer().await(job).state()).isEqualTo(JobState.COMPLETED);
      assertThat(cloud.clock().totalSlept()).isEqualTo(Duration.ofSeconds(30));
      assertThat(cloud.home()).isDirectory();
      assertThat(cloud.events().states()).endsWith(JobState.COMPLETED);
      assertThat(cloud.trainer().resolveConfig(Map.of()).config()
          .mlflow().trackingUri()).contains("http://from-env.test");
    }
  }

  // ---- the lifecycle, checked by running sample classes with JUnit's engine test kit

  static final List<Object[]> SEEN = new CopyOnWriteArrayList<>();

  /** Runs the sample classes below only inside {@link #run(Class)}, never on their own. */
  static final class SamplesOnly implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter("soen.testkit.samples").isPresent()
          ? ConditionEvaluationResult.enabled("run by the engine test kit")
          : ConditionEvaluationResult.disabled("a sample run by SoenCloudExtensionTest");
    }
  }

  private static Events run(Class<?> sample) {
    return EngineTestKit.engine("junit-jupiter").configurationParameter("soen.testkit.samples", "true")
        .selectors(selectClass(sample)).execute().testEvents();
  }

  @SoenCloudTest
  @ExtendWith(SamplesOnly.class)
  static class TwoTests {
    @Test
    void first(FakeTrainingBackend fake, @SoenHome Path home, CloudTrainer trainer) {
      SEEN.add(new Object[] {fake, home, trainer});
    }

    @Test
    void second(FakeTrainingBackend fake, @SoenHome Path home, CloudTrainer trainer) {
      SEEN.add(new Object[] {fake, home, trainer});
    }
  }

  @Test
  void eachTestGetsFreshResourcesThatJUnitClosesAfterIt() {
    SEEN.clear();

    run(TwoTests.class).assertStatistics(s -> s.succeeded(2).failed(0));

    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)[0]).isNotSameAs(SEEN.get(1)[0]);
    assertThat(SEEN.get(0)[1]).isNotEqualTo(SEEN.get(1)[1]);
    for (Object[] seen : SEEN) {
      FakeTrainingBackend fake = (FakeTrainingBackend) seen[0];
      assertThat((Path) seen[1]).as("home folder deleted").doesNotExist();
      assertThatThrownBy(() -> fake.list(1)).isInstanceOf(IllegalStateException.class)
          .hasMessage("FakeTrainingBackend[fake] is closed");
    }
  }

  @SoenCloudTest
  @ExtendWith(SamplesOnly.class)
  static class UnmarkedPath {
    @Test
    void test(Path notTheHome) {
      // never runs
    }
  }

  @Test
  void aPathWithoutSoenHome_isNotResolved() {
    Events events = run(UnmarkedPath.class);

    events.assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
        instanceOf(ParameterResolutionException.class))));
  }

  @SoenCloudTest(pollInterval = "two seconds")
  @ExtendWith(SamplesOnly.class)
  static class BadPollInterval {
    @Test
    void test(CloudTrainer trainer) {
      // never runs
    }
  }

  @Test
  void aBadPollInterval_failsNamingTheAttribute() {
    Events events = run(BadPollInterval.class);

    events.assertThatEvents().haveExactly(1, event(test("test"), finishedWithFailure(
        instanceOf(ExtensionConfigurationException.class),
        message("@SoenCloudTest(pollInterval = \"two seconds\") must be a positive ISO-8601"
            + " duration such as PT2S"))));
  }

  @Test
  void gettersOutsideATest_sayHowToRegisterTheExtension() {
    SoenCloudExtension unused = SoenCloudExtension.builder().build();

    assertThatThrownBy(unused::trainer).isInstanceOf(IllegalStateException.class)
        .hasMessage("SoenCloudExtension has no resources outside a test: register it with"
            + " @RegisterExtension on an instance field and use it from test methods");
  }
}
