package org.soen.cloud;

/** A job, instance, bucket or file does not exist. */
public class NotFoundException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what to do. */
  public NotFoundException(String message) {
    super(message);
  }

  /** An exception that keeps the provider's own exception as its cause. */
  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
