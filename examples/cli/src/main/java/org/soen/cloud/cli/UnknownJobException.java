package org.soen.cloud.cli;

import org.soen.cloud.NotFoundException;

/**
 * The job named on the command line is not in the journal: a usage error (exit 2), unlike a
 * provider's "not found" for a job, bucket or file that the journal does know. The message is the
 * library's, which names the journal's folder and how to list the jobs it holds.
 */
final class UnknownJobException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  UnknownJobException(NotFoundException cause) {
    super(cause.getMessage(), cause);
  }
}
