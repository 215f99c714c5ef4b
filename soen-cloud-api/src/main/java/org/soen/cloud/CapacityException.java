package org.soen.cloud;

/** The provider has no capacity for the instance type now (spot or Lambda "insufficient capacity"). The message lists where capacity exists when the provider says. */
public class CapacityException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what to do. */
  public CapacityException(String message) {
    super(message);
  }

  /** An exception that keeps the provider's own exception as its cause. */
  public CapacityException(String message, Throwable cause) {
    super(message, cause);
  }
}
