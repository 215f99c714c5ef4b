package org.soen.cloud;

/** Uploading or downloading data, configs or artifacts failed, or the data did not verify. */
public class TransferException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what to do. */
  public TransferException(String message) {
    super(message);
  }

  /** An exception that keeps the provider's own exception as its cause. */
  public TransferException(String message, Throwable cause) {
    super(message, cause);
  }
}
