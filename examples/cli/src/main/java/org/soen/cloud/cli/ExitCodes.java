package org.soen.cloud.cli;

import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobFailedException;
import org.soen.cloud.JobState;
import org.soen.cloud.SoenCloudException;
import picocli.CommandLine.ParameterException;

/** The exit codes of design section 7, decided in one place. */
final class ExitCodes {
  /** Done. */
  static final int OK = 0;
  /** The job failed or was stopped. */
  static final int JOB_FAILED = 1;
  /** Bad usage or config; nothing was submitted. */
  static final int USAGE = 2;
  /** A provider or network error. */
  static final int PROVIDER = 3;
  /** Interrupted by Ctrl-C, after teardown. */
  static final int INTERRUPTED = 130;

  private ExitCodes() {}

  static int of(Throwable e) {
    if (e instanceof ParameterException || e instanceof ConfigurationException) {
      return USAGE;
    }
    if (e instanceof JobFailedException) {
      return JOB_FAILED;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) {
        return INTERRUPTED;
      }
    }
    return PROVIDER;
  }

  static int of(JobState finalState) {
    return finalState == JobState.COMPLETED ? OK : JOB_FAILED;
  }

  static String kind(Throwable e) {
    if (e instanceof ParameterException) {
      return "usage";
    }
    return e instanceof SoenCloudException ? e.getClass().getSimpleName() : "internal";
  }
}
