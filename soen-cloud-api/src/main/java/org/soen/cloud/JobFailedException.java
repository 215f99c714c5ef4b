package org.soen.cloud;

/** A job ended in {@link JobState#FAILED} or {@link JobState#STOPPED} where success was required. */
public class JobFailedException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  private final transient JobStatus status;

  /** An exception for the final {@code status}. */
  public JobFailedException(JobStatus status) {
    super("job " + status.jobId() + " ended " + status.state()
        + status.message().map(m -> ": " + m).orElse("")
        + status.exitCode().map(c -> " (exit code " + c + ")").orElse(""));
    this.status = status;
  }

  /** The final status of the job. */
  public JobStatus status() {
    return status;
  }
}
