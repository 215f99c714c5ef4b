package org.soen.cloud.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the class a fresh {@link FakeTrainingBackend}, {@link ManualClock}, soen home
 * folder, {@link RecordingJobListener} and a {@link org.soen.cloud.CloudTrainer} wired to all of
 * them, as parameters; JUnit closes them after the test. The fake stands in for whatever provider
 * the test's config names, so an ordinary training YAML works as it is. See
 * {@link SoenCloudExtension}.
 *
 * <pre>{@code
 * @SoenCloudTest
 * class LauncherTest {
 *   @Test
 *   void submitsTheRun(CloudTrainer trainer, FakeTrainingBackend fake) {
 *     fake.enqueue(FakeJob.completesAfterPolls(2));
 *     new Launcher(trainer).run(config);
 *     assertThat(fake.takeSubmission().config().experiment()).isEqualTo("mnist");
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SoenCloudExtension.class)
public @interface SoenCloudTest {
  /**
   * The one provider id the trainer knows, the fake's. Empty (the default): the fake stands in for
   * whatever provider a config names ({@code local} when it names none), answering to
   * {@code fake}, {@code local}, {@code sagemaker}, {@code lambdalabs} and every provider on the
   * test class path. Give an id ({@code fake}, or a real provider's) to accept only configs naming it.
   */
  String providerId() default "";

  /** How often the trainer polls, as an ISO-8601 duration (default {@code PT2S}). */
  String pollInterval() default "PT2S";
}
