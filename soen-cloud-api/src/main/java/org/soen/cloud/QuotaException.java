package org.soen.cloud;

/** An account quota or service limit was reached. */
public class QuotaException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what to do. */
  public QuotaException(String message) {
    super(message);
  }

  /** An exception that keeps the provider's own exception as its cause. */
  public QuotaException(String message, Throwable cause) {
    super(message, cause);
  }
}
