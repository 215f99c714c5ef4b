package org.soen.cloud.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.testkit.internal.TestResources;

/**
 * The JUnit 5 extension behind {@link SoenCloudTest}: before each test it makes a fresh
 * {@link FakeTrainingBackend}, {@link ManualClock} (clock and sleeper), temporary soen home folder
 * (the journal), {@link RecordingJobListener} and a {@link CloudTrainer} using only the fake (which
 * stands in for whatever provider the config names, unless {@code providerId} says one), with
 * an empty environment so the developer's own {@code AWS_REGION} or {@code ~/.soen} never leak in.
 * Test and lifecycle methods receive them as parameters ({@code @SoenHome Path} for the folder);
 * JUnit closes them after the test through its store.
 *
 * <p>Register it on an instance field to configure it, and read the resources from it:
 *
 * <pre>{@code
 * class LauncherTest {
 *   @RegisterExtension
 *   final SoenCloudExtension cloud = SoenCloudExtension.builder()
 *       .providerId("sagemaker")              // the fake stands in for SageMaker
 *       .environment(Map.of("SOEN_SM_ROLE", "arn:aws:iam::123456789012:role/R"))
 *       .build();
 *
 *   @Test
 *   void trainsOnSageMaker() {
 *     cloud.fake().enqueue(FakeJob.completesAfter(Duration.ofMinutes(20)));
 *     JobStatus done = new Launcher(cloud.trainer()).run(Path.of("train.yaml"));
 *     assertThat(done.state()).isEqualTo(JobState.COMPLETED);
 *   }
 * }
 * }</pre>
 *
 * <p>Use either the annotation or a registered instance in one class, not both. The getters
 * ({@link #trainer()} ...) return the resources of the test that started last on this instance;
 * when test methods of one instance run concurrently, take the resources as parameters, which
 * are always the calling test's own.
 */
public final class SoenCloudExtension implements BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SoenCloudExtension.class);

  private final TestResources.Settings configured;
  private TestResources current;

  /** The extension as {@link SoenCloudTest} registers it: settings from the annotation. */
  public SoenCloudExtension() {
    this.configured = null;
  }

  private SoenCloudExtension(TestResources.Settings settings) {
    this.configured = settings;
  }

  /** A builder for an extension registered with {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    current = resources(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return false;
    }
    Class<?> type = parameter.getParameter().getType();
    return type == CloudTrainer.class || type == FakeTrainingBackend.class
        || type == ManualClock.class || type == RecordingJobListener.class
        || (type == Path.class && parameter.isAnnotated(SoenHome.class));
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestResources r = resources(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == CloudTrainer.class) {
      return r.trainer();
    } else if (type == FakeTrainingBackend.class) {
      return r.fake();
    } else if (type == ManualClock.class) {
      return r.clock();
    } else if (type == RecordingJobListener.class) {
      return r.events();
    }
    return r.home();
  }

  /** The current test's trainer. */
  public CloudTrainer trainer() {
    return require().trainer();
  }

  /** The current test's fake. */
  public FakeTrainingBackend fake() {
    return require().fake();
  }

  /** The current test's clock, also the trainer's sleeper. */
  public ManualClock clock() {
    return require().clock();
  }

  /** The events the current test's trainer reported. */
  public RecordingJobListener events() {
    return require().events();
  }

  /** The current test's soen home folder. */
  public Path home() {
    return require().home();
  }

  private TestResources require() {
    if (current == null) {
      throw new IllegalStateException("SoenCloudExtension has no resources outside a test: register"
          + " it with @RegisterExtension on an instance field and use it from test methods");
    }
    return current;
  }

  private TestResources resources(ExtensionContext context) {
    TestResources.Settings settings = configured != null ? configured : fromAnnotation(context);
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestResources.class,
        k -> TestResources.open(settings), TestResources.class);
  }

  private static TestResources.Settings fromAnnotation(ExtensionContext context) {
    Optional<SoenCloudTest> a = Optional.empty();
    for (Class<?> c = context.getTestClass().orElse(null); c != null && a.isEmpty();
        c = c.getEnclosingClass()) {
      a = AnnotationSupport.findAnnotation(c, SoenCloudTest.class);
    }
    Builder b = builder();
    a.ifPresent(t -> {
      if (!t.providerId().isEmpty()) {
        b.providerId(t.providerId());
      }
      try {
        b.pollInterval(Duration.parse(t.pollInterval()));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new ExtensionConfigurationException("@SoenCloudTest(pollInterval = \""
            + t.pollInterval() + "\") must be a positive ISO-8601 duration such as PT2S", e);
      }
    });
    return b.settings();
  }

  /** Builds a configured {@link SoenCloudExtension}. */
  public static final class Builder {
    private String providerId;
    private Instant start = ManualClock.DEFAULT_START;
    private Duration pollInterval = Duration.ofSeconds(2);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Consumer<CloudTrainer.Builder> customizer = b -> { };

    private Builder() {}

    /**
     * The one provider id the trainer knows, the fake's ({@code fake}, or a real provider's id to
     * stand in for it alone). Without it the fake stands in for whatever provider a config names:
     * {@code local} when it names none, {@code fake}, {@code sagemaker}, {@code lambdalabs} and
     * every provider on the test class path (whose declared settings it reads).
     */
    public Builder providerId(String providerId) {
      this.providerId = Objects.requireNonNull(providerId, "providerId");
      return this;
    }

    /** Where each test's clock starts (default {@link ManualClock#DEFAULT_START}). */
    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /** How often the trainer polls (default 2 seconds of the manual clock). */
    public Builder pollInterval(Duration pollInterval) {
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
      }
      this.pollInterval = pollInterval;
      return this;
    }

    /** The environment the trainer reads fallbacks from (default: empty). */
    public Builder environment(Map<String, String> environment) {
      this.environment.putAll(environment);
      return this;
    }

    /** Further trainer settings, applied last: extra providers, pricing, listeners. */
    public Builder configureTrainer(Consumer<CloudTrainer.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** The extension. */
    public SoenCloudExtension build() {
      return new SoenCloudExtension(settings());
    }

    private TestResources.Settings settings() {
      return new TestResources.Settings(providerId, start, pollInterval, Map.copyOf(environment),
          customizer);
    }
  }
}
