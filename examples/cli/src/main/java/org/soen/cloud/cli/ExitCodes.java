package org.soen.cloud.cli;

import org.soen.cloud.AccessDeniedException;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.JobFailedException;
import org.soen.cloud.JobState;
import org.soen.cloud.QuotaException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.TransferException;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The exit codes of design section 7 and the one table that maps an exception to the stable error
 * code {@code --json} reports and to the exit code, decided in one place.
 */
final class ExitCodes {
  /** Done. */
  static final int OK = 0;
  /** The job failed or was stopped. */
  static final int JOB_FAILED = 1;
  /** Bad usage or config; nothing was submitted. */
  static final int USAGE = 2;
  /** A provider or network error (and, for want of a better one, a bug in soen-cloud). */
  static final int PROVIDER = 3;
  /** Interrupted by Ctrl-C, after teardown. */
  static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /**
   * The error codes, each with its exit code and the exception type it stands for. An exception
   * gets the first code whose type it is an instance of, so narrower types come first; a
   * {@link UsageException} carries its code itself. Every code is documented in the README.
   */
  enum Code {
    USAGE_UNKNOWN_COMMAND("usage.unknown_command", USAGE, null),
    USAGE_UNKNOWN_FLAG("usage.unknown_flag", USAGE, null),
    USAGE_UNEXPECTED_ARGUMENT("usage.unexpected_argument", USAGE, UnmatchedArgumentException.class),
    USAGE_CONFLICTING_FLAGS("usage.conflicting_flags", USAGE, MutuallyExclusiveArgsException.class),
    USAGE_REPEATED_FLAG("usage.repeated_flag", USAGE, OverwrittenOptionException.class),
    USAGE_MISSING("usage.missing", USAGE, MissingParameterException.class),
    USAGE_INVALID_VALUE("usage.invalid_value", USAGE, ParameterException.class),
    CONFIG_INVALID("config.invalid", USAGE, ConfigurationException.class),
    JOB_NOT_FOUND("job.not_found", USAGE, UnknownJobException.class),
    JOB_FAILED("job.failed", ExitCodes.JOB_FAILED, JobFailedException.class),
    INTERRUPTED("interrupted", ExitCodes.INTERRUPTED, InterruptedException.class),
    AUTH_CREDENTIALS("auth.credentials", PROVIDER, CredentialsException.class),
    AUTH_ACCESS_DENIED("auth.access_denied", PROVIDER, AccessDeniedException.class),
    PROVIDER_CAPACITY("provider.capacity", PROVIDER, CapacityException.class),
    PROVIDER_QUOTA("provider.quota", PROVIDER, QuotaException.class),
    TRANSFER_FAILED("transfer.failed", PROVIDER, TransferException.class),
    PROVIDER_ERROR("provider.error", PROVIDER, SoenCloudException.class),
    INTERNAL_ERROR("internal.error", PROVIDER, Throwable.class);

    private final String id;
    private final int exitCode;
    private final Class<? extends Throwable> type;

    Code(String id, int exitCode, Class<? extends Throwable> type) {
      this.id = id;
      this.exitCode = exitCode;
      this.type = type;
    }

    /** The stable code, such as {@code usage.unknown_flag}. */
    String id() {
      return id;
    }

    int exitCode() {
      return exitCode;
    }

    boolean usage() {
      return id.startsWith("usage.");
    }

    private boolean matches(Throwable e) {
      if (type == null) {
        return false;
      }
      if (type == InterruptedException.class) {
        // An interrupt counts wherever it sits in the cause chain: providers wrap it.
        for (Throwable t = e; t != null; t = t.getCause()) {
          if (t instanceof InterruptedException) {
            return true;
          }
        }
        return false;
      }
      return type.isInstance(e);
    }
  }

  /** The error code of {@code e}. */
  static Code classify(Throwable e) {
    if (e instanceof UsageException u) {
      return u.code();
    }
    for (Code c : Code.values()) {
      if (c.matches(e)) {
        return c;
      }
    }
    throw new IllegalStateException("the last code matches every Throwable");
  }

  /** The exit code for {@code e}. */
  static int of(Throwable e) {
    return classify(e).exitCode();
  }

  static int of(JobState finalState) {
    return finalState == JobState.COMPLETED ? OK : JOB_FAILED;
  }
}
