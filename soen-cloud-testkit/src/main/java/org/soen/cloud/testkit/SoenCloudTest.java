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
 * them, as parameters; JUnit closes them after the test. See {@link SoenCloudExtension}.
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
  /** The fake's provider id: {@code fake}, or a real provider's id to stand in for it. */
  String providerId() default FakeTrainingBackend.DEFAULT_ID;

  /** How often the trainer polls, as an ISO-8601 duration (default {@code PT2S}). */
  String pollInterval() default "PT2S";
}
