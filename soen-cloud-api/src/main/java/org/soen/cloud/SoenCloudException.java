package org.soen.cloud;

/**
 * The root of every exception soen-cloud throws. Unchecked, like the AWS SDK's.
 *
 * <p>Messages say what went wrong and what to do, and never hold secrets. Provider errors keep
 * the wire-level exception as {@link #getCause()}.
 */
public class SoenCloudException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what to do. */
  public SoenCloudException(String message) {
    super(message);
  }

  /** An exception that keeps the provider's own exception as its cause. */
  public SoenCloudException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether trying the same call again later may succeed (throttling, 5xx, network). */
  public boolean retryable() {
    return false;
  }
}
