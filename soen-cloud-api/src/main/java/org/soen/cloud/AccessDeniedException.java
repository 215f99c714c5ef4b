package org.soen.cloud;

/** The credentials work but may not do this (bucket access, role, IAM permission). */
public class AccessDeniedException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what to do. */
  public AccessDeniedException(String message) {
    super(message);
  }

  /** An exception that keeps the provider's own exception as its cause. */
  public AccessDeniedException(String message, Throwable cause) {
    super(message, cause);
  }
}
