package org.soen.cloud.lambdalabs.internal;

import java.time.Duration;

/**
 * What the parts of a Lambda job ask the job between actions: whether to go on (a stop, a detach
 * or an end decided elsewhere is thrown from {@link #checkStop}), and to wait on the job's sleeper.
 */
interface JobControl {
  /** Throws {@link LambdaJob.Ended} or {@link LambdaJob.Detached} when the job must not go on. */
  void checkStop();

  /** Waits {@code d} on the job's sleeper; an interrupt ends the job as stopped. */
  void sleep(Duration d);
}
