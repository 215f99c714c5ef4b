package org.soen.cloud.aws.internal;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 for S3 that sends {@code UNSIGNED-PAYLOAD} on plain-HTTP endpoints too, as the SDK already
 * does on HTTPS. The SDK's signer forces payload signing on {@code http://}: it reads every request
 * body once more to compute its SHA-256, and S3-compatible servers (S3Proxy, MinIO) then buffer and
 * hash the body again to check it. Our uploads carry a Content-MD5 (a signed header) that the server
 * checks, and every returned ETag is compared with the local digest, so a corrupted body is still
 * rejected; what the payload signature would add is protection against a deliberate rewrite of the
 * body by someone on the plain-HTTP path, which those endpoints do not have for responses either.
 *
 * <p>Only requests whose payload signing is off (the S3 default) on an {@code http://} endpoint with an
 * explicit port other than 80 are changed: they are signed as if on HTTPS (the canonical request holds
 * no scheme, and the Host header is the same for a non-default port), then sent on HTTP as before.
 */
final class UnsignedPayloadAuthScheme implements AwsV4AuthScheme {
  private final AwsV4AuthScheme delegate = AwsV4AuthScheme.create();
  private final AwsV4HttpSigner signer = new Signer(delegate.signer());

  @Override
  public String schemeId() {
    return delegate.schemeId();
  }

  @Override
  public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
    return delegate.identityProvider(providers);
  }

  @Override
  public AwsV4HttpSigner signer() {
    return signer;
  }

  private static final class Signer implements AwsV4HttpSigner {
    private final AwsV4HttpSigner delegate;

    Signer(AwsV4HttpSigner delegate) {
      this.delegate = delegate;
    }

    static boolean applies(SdkHttpRequest request, Boolean payloadSigning) {
      return "http".equals(request.protocol()) && !Boolean.TRUE.equals(payloadSigning)
          && request.port() != 80 && request.port() != 443;
    }

    static SdkHttpRequest withProtocol(SdkHttpRequest request, String protocol) {
      return request.toBuilder().protocol(protocol).port(request.port()).build();
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
      if (!applies(request.request(), request.property(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED))) {
        return delegate.sign(request);
      }
      SignRequest<? extends AwsCredentialsIdentity> asHttps = request.copy(b -> b.request(withProtocol(request.request(), "https")));
      SignedRequest signed = delegate.sign(asHttps);
      return signed.copy(b -> b.request(withProtocol(signed.request(), "http")));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
      return delegate.signAsync(request);
    }
  }
}
