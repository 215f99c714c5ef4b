package org.soen.cloud.lambdalabs.internal;

import org.soen.cloud.JobState;

/** The steps of a Lambda job, in order; the journal holds the next one to do. */
enum Step {
  LAUNCH(JobState.PROVISIONING),
  BOOT(JobState.PROVISIONING),
  SSH(JobState.PROVISIONING),
  /** Starts the instance's autodown watchdog (see {@link Autodown}). */
  WATCHDOG(JobState.STAGING),
  SETUP(JobState.STAGING),
  UPLOAD(JobState.STAGING),
  DATASET_YAML(JobState.STAGING),
  RUN(JobState.RUNNING),
  TAIL(JobState.RUNNING),
  AFTER(JobState.COLLECTING),
  DOWNLOAD(JobState.COLLECTING),
  TERMINATE(JobState.COLLECTING),
  DONE(JobState.COMPLETED);

  final JobState state;

  Step(JobState state) {
    this.state = state;
  }

  /** Whether a job whose next step is this one has started its training command already. */
  boolean commandStarted() {
    return compareTo(RUN) > 0;
  }

  Step next() {
    return values()[ordinal() + 1];
  }
}
