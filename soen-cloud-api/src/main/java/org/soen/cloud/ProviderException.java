package org.soen.cloud;

import java.util.Optional;

/**
 * The provider or the network failed in a way no narrower type describes. Carries the HTTP status
 * and request id when the provider gave them, and whether a retry may succeed.
 */
public class ProviderException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String requestId;
  private final boolean retryable;

  /** A provider error; {@code statusCode} is 0 when there was no HTTP answer. */
  public ProviderException(String message, int statusCode, String requestId, boolean retryable,
      Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.requestId = requestId;
    this.retryable = retryable;
  }

  /** A provider error with no HTTP details. */
  public ProviderException(String message, Throwable cause) {
    this(message, 0, null, false, cause);
  }

  /** The HTTP status, or 0 when there was none. */
  public int statusCode() {
    return statusCode;
  }

  /** The provider's request id, for a support ticket. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  @Override
  public boolean retryable() {
    return retryable;
  }
}
