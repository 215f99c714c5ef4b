/**
 * Test what you build on soen-cloud without a cloud, an account or a single sleep.
 *
 * <ul>
 *   <li>{@link org.soen.cloud.testkit.FakeTrainingBackend}: an in-memory provider you script
 *       ({@link org.soen.cloud.testkit.FakeJob}) and verify
 *       ({@link org.soen.cloud.testkit.RecordedSubmission}), as strict as a real one;</li>
 *   <li>{@link org.soen.cloud.testkit.ManualClock}: the clock and sleeper that make polling,
 *       deadlines and cost instant;</li>
 *   <li>{@link org.soen.cloud.testkit.SoenCloudTest} / {@link org.soen.cloud.testkit.SoenCloudExtension}:
 *       a fresh fake, clock, home folder and {@link org.soen.cloud.CloudTrainer} for each JUnit 5
 *       test;</li>
 *   <li>{@link org.soen.cloud.testkit.TrainingBackendContract}: the suite every
 *       {@link org.soen.cloud.spi.TrainingBackend} passes.</li>
 * </ul>
 *
 * <p>Use the testkit in test scope only; it starts no server and brings no server library. The
 * on-the-wire fakes of the AWS and Lambda Cloud services ({@code org.soen.cloud.testkit.aws},
 * {@code org.soen.cloud.testkit.lambda}) are in the artifact {@code soen-cloud-testkit-wire};
 * {@code internal} is not API.
 */
package org.soen.cloud.testkit;
