package org.soen.cloud.testkit.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * STS as {@link FakeSageMaker} serves it, over the AWS Query protocol (form body, XML answer):
 * {@code GetCallerIdentity} for a signed request, and {@code AssumeRoleWithWebIdentity}, unsigned
 * by design, for the one token {@link FakeSageMaker#trustWebIdentityToken(String)} trusts, with
 * STS's validation and token errors.
 */
final class FakeSts {
  static final Pattern ROLE = Pattern.compile("^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$");

  /** An STS answer: HTTP status and XML body. */
  record Answer(int status, String xml) {}

  private final Clock clock;
  private final EmbeddedS3 s3;
  private String webIdentityToken;

  FakeSts(Clock clock, EmbeddedS3 s3) {
    this.clock = clock;
    this.s3 = s3;
  }

  synchronized void trustWebIdentityToken(String token) {
    this.webIdentityToken = token;
  }

  /** The action a form body asks for. */
  static String action(String body) {
    return form(body).getOrDefault("Action", "");
  }

  /** Answers the form {@code body}; {@code signed} says whether it carried the expected access key. */
  Answer handle(String body, boolean signed) {
    Map<String, String> form = form(body);
    String action = form.getOrDefault("Action", "");
    if ("AssumeRoleWithWebIdentity".equals(action)) {
      // Unsigned by design: the token is the proof.
      return assumeRoleWithWebIdentity(form);
    } else if (!signed) {
      return new Answer(403, error("InvalidClientTokenId", "The security token included in the request is invalid."));
    } else if ("GetCallerIdentity".equals(action)) {
      return new Answer(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
          + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + FakeSageMaker.ACCOUNT + ":user/soen-test</Arn>"
          + "<UserId>AIDAFAKEUSER</UserId><Account>" + FakeSageMaker.ACCOUNT + "</Account></GetCallerIdentityResult>"
          + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
          + "</GetCallerIdentityResponse>");
    }
    return new Answer(400, error("InvalidAction", "Could not find operation " + action + " for version 2011-06-15"));
  }

  private Answer assumeRoleWithWebIdentity(Map<String, String> form) {
    String role = form.getOrDefault("RoleArn", "");
    String session = form.getOrDefault("RoleSessionName", "");
    String token = form.getOrDefault("WebIdentityToken", "");
    String trusted;
    synchronized (this) {
      trusted = webIdentityToken;
    }
    if (!ROLE.matcher(role).matches()) {
      return new Answer(400, error("ValidationError", "1 validation error detected: Value '" + role
          + "' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern"));
    } else if (!session.matches("[\\w+=,.@-]{2,64}")) {
      return new Answer(400, error("ValidationError", "1 validation error detected: Value '" + session
          + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
    } else if (trusted == null || !trusted.equals(token)) {
      return new Answer(400, error("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider,"
          + "  please reference AssumeRoleWithWebIdentity documentation for requirements"));
    }
    // The SDK caches temporary credentials against the wall clock, so expiry is on that clock too.
    Instant now = clock.instant().isAfter(Instant.now()) ? clock.instant() : Instant.now();
    String roleName = role.substring(role.lastIndexOf('/') + 1);
    return new Answer(200, "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        + "<AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>system:serviceaccount:ml:trainer"
        + "</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience>"
        + "<AssumedRoleUser><Arn>arn:aws:sts::" + FakeSageMaker.ACCOUNT + ":assumed-role/" + roleName + "/" + session + "</Arn>"
        + "<AssumedRoleId>AROAFAKEROLE:" + session + "</AssumedRoleId></AssumedRoleUser>"
        + "<Credentials><AccessKeyId>" + s3.accessKeyId() + "</AccessKeyId><SecretAccessKey>" + s3.secretAccessKey()
        + "</SecretAccessKey><SessionToken>FwoGZXIvYXdzEFAKE" + UUID.randomUUID() + "</SessionToken><Expiration>"
        + now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS) + "</Expiration></Credentials>"
        + "<Provider>oidc.eks.us-east-1.amazonaws.com/id/FAKE</Provider></AssumeRoleWithWebIdentityResult>"
        + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
        + "</AssumeRoleWithWebIdentityResponse>");
  }

  private static String error(String code, String message) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + code
        + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
  }

  private static Map<String, String> form(String text) {
    Map<String, String> out = new HashMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
