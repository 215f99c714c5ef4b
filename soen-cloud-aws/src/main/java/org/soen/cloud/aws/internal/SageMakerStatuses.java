package org.soen.cloud.aws.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;

/**
 * Maps SageMaker's {@code TrainingJobStatus} and {@code SecondaryStatus} onto soen-cloud's job
 * states, with the failure reason, exit code and what to do about SageMaker's own stops.
 */
final class SageMakerStatuses {
  private static final Pattern EXIT = Pattern.compile("exit (?:code|status) (\\d+)");

  private SageMakerStatuses() {}

  /** The status of job {@code name} as observed at {@code observedAt}. */
  static JobStatus toStatus(String name, String status, String secondary, String failure, Instant started,
      Instant ended, Instant observedAt) {
    JobState state = state(status, secondary);
    JobStatus.Builder b = JobStatus.builder().jobId(name).provider(SageMakerBackend.PROVIDER).state(state)
        .detail(secondary == null ? status : status + "/" + secondary).observedAt(observedAt);
    Optional.ofNullable(started).ifPresent(b::startedAt);
    Optional.ofNullable(ended).ifPresent(b::endedAt);
    if (state == JobState.COMPLETED) {
      b.exitCode(0);
    }
    if (failure != null && !failure.isBlank()) {
      b.message(failure);
      Matcher exit = EXIT.matcher(failure);
      if (exit.find()) {
        b.exitCode(Integer.parseInt(exit.group(1)));
      }
    } else if ("MaxRuntimeExceeded".equals(secondary)) {
      b.message("stopped by SageMaker after MaxRuntimeInSeconds (cloud.instance.max_runtime_hours); "
          + "raise max_runtime_hours or save checkpoints more often");
    } else if ("MaxWaitTimeExceeded".equals(secondary)) {
      b.message("no spot capacity within MaxWaitTimeInSeconds; resubmit without spot (use_spot: false) "
          + "or try a different instance type");
    } else if ("Interrupted".equals(secondary)) {
      b.message("the spot instance was reclaimed; the job resumes from its checkpoints when capacity returns");
    }
    return b.build();
  }

  /** The state of a job in {@code status} / {@code secondary}. */
  static JobState state(String status, String secondary) {
    if (status == null) {
      return JobState.PENDING;
    }
    switch (status) {
      case "Completed":
        return JobState.COMPLETED;
      case "Failed":
        return JobState.FAILED;
      case "Stopped":
        return JobState.STOPPED;
      case "Stopping":
        return JobState.STOPPING;
      default:
        break;
    }
    if (secondary == null) {
      return JobState.PROVISIONING;
    }
    return switch (secondary) {
      case "Downloading", "DownloadingTrainingImage" -> JobState.STAGING;
      case "Training", "Updating" -> JobState.RUNNING;
      case "Uploading" -> JobState.COLLECTING;
      case "Interrupted" -> JobState.INTERRUPTED;
      case "Stopping" -> JobState.STOPPING;
      default -> JobState.PROVISIONING; // Starting, LaunchingMLInstances, PreparingTrainingStack, Restarting, Pending
    };
  }
}
