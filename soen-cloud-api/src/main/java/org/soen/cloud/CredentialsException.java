package org.soen.cloud;

/** Credentials are missing, invalid or expired (AWS credentials, Lambda API key, SSH key). */
public class CredentialsException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what to do. */
  public CredentialsException(String message) {
    super(message);
  }

  /** An exception that keeps the provider's own exception as its cause. */
  public CredentialsException(String message, Throwable cause) {
    super(message, cause);
  }
}
