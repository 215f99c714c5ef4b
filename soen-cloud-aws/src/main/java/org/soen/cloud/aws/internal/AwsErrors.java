package org.soen.cloud.aws.internal;

import java.util.Locale;
import org.soen.cloud.AccessDeniedException;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.QuotaException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.TransferException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** The one place AWS SDK exceptions become {@link SoenCloudException}s; the cause is always kept. */
public final class AwsErrors {
  /** What happened when the SDK's credential chain found no credentials. */
  public static final String CREDENTIALS_MISSING = "AWS credentials not found";
  /** How to give credentials, as in the source document's troubleshooting. */
  public static final String CREDENTIALS_HOW = "run `aws configure` or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
      + "(check with `aws sts get-caller-identity`)";
  /** The message when no credentials were found: what happened, then what to do. */
  public static final String CREDENTIALS_FIX = CREDENTIALS_MISSING + ": " + CREDENTIALS_HOW;

  /** How {@link AwsClients} marks a refused web identity in the credential chain's message. */
  static final String WEB_IDENTITY_REFUSED = "web identity refused by STS:";

  /** How SageMaker's ValidationException says that the named job (or other resource) does not exist. */
  private static final String RESOURCE_NOT_FOUND = "requested resource not found";

  private AwsErrors() {}

  /**
   * Whether {@code e} is SageMaker saying that the job (or other resource) it was asked about does
   * not exist in this account and region: a {@code ValidationException} "Requested resource not
   * found." (SageMaker does not use {@code ResourceNotFound} for Describe and Stop; aws/aws-sdk#165).
   */
  static boolean isMissing(AwsServiceException e) {
    return e.statusCode() == 400 && e.awsErrorDetails() != null
        && "ValidationException".equals(e.awsErrorDetails().errorCode())
        && nullToEmpty(e.awsErrorDetails().errorMessage()).toLowerCase(Locale.ROOT).startsWith(RESOURCE_NOT_FOUND);
  }

  /** Runs {@code call}, translating an SDK failure of {@code action} ("describe training job x"). */
  static <T> T call(String action, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw translate(action, e);
    }
  }

  /** Translates {@code e}, thrown while doing {@code action} (e.g. "create training job soen-x"). */
  public static SoenCloudException translate(String action, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : nullToEmpty(service.awsErrorDetails().errorCode());
      String text = service.awsErrorDetails() == null ? e.getMessage() : nullToEmpty(service.awsErrorDetails().errorMessage());
      int status = service.statusCode();
      String lower = text.toLowerCase(Locale.ROOT);
      switch (code) {
        case "AccessDenied", "AccessDeniedException", "AllAccessDisabled", "Forbidden" -> {
          return new AccessDeniedException("Access denied to " + action + ": " + text
              + ". Your IAM user needs the permission; for the staging bucket ask your team admin to attach "
              + "the AmazonS3FullAccess policy", e);
        }
        case "InvalidAccessKeyId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidClientTokenId",
            "ExpiredToken", "ExpiredTokenException", "IncompleteSignature", "MissingAuthenticationToken" -> {
          return new CredentialsException("AWS rejected the credentials while trying to " + action + " (" + code
              + "): run `aws configure` or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to valid keys", e);
        }
        case "ResourceLimitExceeded" -> {
          if (lower.contains("capacity")) {
            return new CapacityException(capacity(action, text), e);
          }
          return new QuotaException("AWS quota reached while trying to " + action + ": " + text
              + ". Request a higher limit in the Service Quotas console, or use another instance type", e);
        }
        case "InsufficientCapacityError", "CapacityError", "InsufficientInstanceCapacity" -> {
          return new CapacityException(capacity(action, text), e);
        }
        // NotFoundException: the Price List's answer for an unknown service code.
        case "ResourceNotFound", "ResourceNotFoundException", "NoSuchBucket", "NoSuchKey", "NotFound",
            "NotFoundException" -> {
          return new NotFoundException("not found while trying to " + action + ": " + (text.isEmpty() ? code : text), e);
        }
        // InvalidParameterException: how the Price List refuses a request (a bad filter, a bad token).
        case "ValidationException", "InvalidParameterException" -> {
          if (isMissing(service)) {
            return new NotFoundException("not found while trying to " + action + ": " + text + " SageMaker has no record "
                + "of it in this account and region; it was submitted with other credentials, to another region or "
                + "to another endpoint", e);
          }
          ConfigurationException c = new ConfigurationException("cloud", "AWS rejected the request to " + action + ": " + text);
          c.initCause(e);
          return c;
        }
        case "BadDigest", "InvalidDigest" -> {
          return new TransferException("integrity check failed while trying to " + action
              + ": S3 rejected the bytes (checksum mismatch); retry the submit", e);
        }
        default -> {
          if (status == 404 && code.isEmpty()) {
            return new NotFoundException("not found while trying to " + action, e);
          }
          if (status == 403) {
            return new AccessDeniedException("Access denied to " + action + " (HTTP 403" + (code.isEmpty() ? "" : ", " + code)
                + "). Your IAM user needs the permission; for the staging bucket ask your team admin to attach "
                + "the AmazonS3FullAccess policy", e);
          }
          boolean retryable = service.isThrottlingException() || status >= 500 || service.retryable();
          return new ProviderException("AWS failed to " + action + ": " + (code.isEmpty() ? "" : code + ": ") + text,
              status, service.requestId(), retryable, e);
        }
      }
    }
    if (e instanceof SdkClientException && e.getMessage() != null
        && e.getMessage().contains("Unable to load credentials")) {
      int web = e.getMessage().indexOf(WEB_IDENTITY_REFUSED);
      if (web >= 0) {
        String why = e.getMessage().substring(web + WEB_IDENTITY_REFUSED.length());
        int end = why.indexOf(']');
        return new CredentialsException("AWS STS refused the web identity token of AWS_WEB_IDENTITY_TOKEN_FILE for "
            + "AWS_ROLE_ARN: " + (end >= 0 ? why.substring(0, end) : why).trim() + ". Check that the role's trust "
            + "policy names this OIDC provider and subject, and that the token file is current", e);
      }
      return new CredentialsException(CREDENTIALS_FIX, e);
    }
    return new ProviderException("could not " + action + ": " + e.getMessage(), 0, null, e.retryable(), e);
  }

  private static String capacity(String action, String text) {
    return "Waiting for capacity: AWS has no capacity for this request (" + action + ": " + text + "). Options: "
        + "wait and retry, stop and resubmit without spot (use_spot: false), or try a different instance type";
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
