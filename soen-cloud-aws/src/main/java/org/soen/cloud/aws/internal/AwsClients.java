package org.soen.cloud.aws.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.ConfigurationException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients of one backend (S3, SageMaker, CloudWatch Logs, STS, Secrets Manager, Price List), each built on its first use, sharing one Apache HTTP client (the
 * only HTTP client this module uses). Credentials, region and endpoint overrides come from the
 * config and from the backend context's environment map, never from the process environment directly:
 *
 * <ul>
 *   <li>credentials: {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}(/{@code AWS_SESSION_TOKEN}),
 *       then a web identity ({@code AWS_WEB_IDENTITY_TOKEN_FILE} + {@code AWS_ROLE_ARN}, optional
 *       {@code AWS_ROLE_SESSION_NAME}; EKS service accounts, CI OIDC) through STS
 *       {@code AssumeRoleWithWebIdentity}, then the shared profile files ({@code AWS_PROFILE}, {@code AWS_SHARED_CREDENTIALS_FILE},
 *       {@code AWS_CONFIG_FILE}, {@code ~/.aws}), then container and instance credentials unless
 *       {@code AWS_EC2_METADATA_DISABLED=true};
 *   <li>endpoints: {@code cloud.endpoints.<service>} &gt; {@code AWS_ENDPOINT_URL_<SERVICE>} &gt;
 *       {@code AWS_ENDPOINT_URL} &gt; the SDK's own.
 * </ul>
 */
public final class AwsClients implements AutoCloseable {
  /** Connections in the shared pool; also bounds parallel uploads. */
  static final int MAX_CONNECTIONS = 32;

  private final SdkHttpClient http;
  private final Lazy<S3Client> s3;
  private final Lazy<S3Client> s3Staging;
  private final Lazy<SageMakerClient> sageMaker;
  private final Lazy<CloudWatchLogsClient> logs;
  private final Lazy<StsClient> sts;
  private final Lazy<SecretsManagerClient> secretsManager;
  private final Lazy<PricingClient> pricing;
  private final Lazy<StsClient> webIdentitySts;
  private final AwsCredentialsProvider credentials;
  private final Region region;

  private AwsClients(CloudConfig config, Map<String, String> env, List<ExecutionInterceptor> interceptors) {
    this.region = Region.of(region(config, env));
    this.http = ApacheHttpClient.builder().maxConnections(MAX_CONNECTIONS)
        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)).build();
    // AssumeRoleWithWebIdentity is unsigned: the token file is the proof (EKS IRSA, GitHub OIDC ...).
    // Built only when the environment names a web identity (building an STS client costs a command
    // that never asks STS about 80 ms of start-up).
    this.webIdentitySts = new Lazy<>(() -> {
      var wib = StsClient.builder().httpClient(http).region(region)
          .credentialsProvider(AnonymousCredentialsProvider.create());
      endpoint(config, env, "sts", "STS").ifPresent(wib::endpointOverride);
      return wib.build();
    });
    this.credentials = credentials(env, webIdentitySts::get);
    ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
        .retryStrategy(RetryMode.STANDARD);
    interceptors.forEach(override::addExecutionInterceptor);
    ClientOverrideConfiguration overrides = override.build();

    // Each client is built on its first use: a command pays only for the services it calls.
    this.s3 = new Lazy<>(() -> s3(config, env, overrides, true));
    this.s3Staging = new Lazy<>(() -> s3(config, env, overrides, false));
    this.sageMaker = new Lazy<>(() -> {
      var smb = SageMakerClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
          .overrideConfiguration(overrides);
      endpoint(config, env, "sagemaker", "SAGEMAKER").ifPresent(smb::endpointOverride);
      return smb.build();
    });
    this.logs = new Lazy<>(() -> {
      var lb = CloudWatchLogsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
          .overrideConfiguration(overrides);
      endpoint(config, env, "logs", "CLOUDWATCH_LOGS").ifPresent(lb::endpointOverride);
      return lb.build();
    });
    this.sts = new Lazy<>(() -> {
      var stb = StsClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
          .overrideConfiguration(overrides);
      endpoint(config, env, "sts", "STS").ifPresent(stb::endpointOverride);
      return stb.build();
    });
    this.secretsManager = new Lazy<>(() -> {
      var smsb = SecretsManagerClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
          .overrideConfiguration(overrides);
      endpoint(config, env, "secretsmanager", "SECRETS_MANAGER").ifPresent(smsb::endpointOverride);
      return smsb.build();
    });
    this.pricing = new Lazy<>(() -> {
      var pb = PricingClient.builder().httpClient(http).region(pricingRegion(region)).credentialsProvider(credentials)
          .overrideConfiguration(overrides);
      endpoint(config, env, "pricing", "PRICING").ifPresent(pb::endpointOverride);
      return pb.build();
    });
  }

  /**
   * The region whose Price List Query API endpoint serves {@code region}'s prices: AWS runs it in
   * us-east-1, eu-central-1 and ap-south-1 (and cn-northwest-1 for China), each answering for every
   * region of its partition; the nearest is used.
   */
  static Region pricingRegion(Region region) {
    String id = region.id();
    if (id.startsWith("cn-")) {
      return Region.CN_NORTHWEST_1;
    }
    if (id.startsWith("eu-") || id.startsWith("me-") || id.startsWith("il-") || id.startsWith("af-")) {
      return Region.EU_CENTRAL_1;
    }
    if (id.startsWith("ap-")) {
      return Region.AP_SOUTH_1;
    }
    return Region.US_EAST_1;
  }

  /**
   * An S3 client; {@code sdkMd5} whether the SDK also digests each PUT body to check the returned
   * ETag (the staging client need not: every one of its requests carries Content-MD5, which the
   * server checks against the bytes it got, and {@link S3Uploader} checks each ETag itself).
   */
  private S3Client s3(CloudConfig config, Map<String, String> env, ClientOverrideConfiguration overrides, boolean sdkMd5) {
    var s3b = S3Client.builder().httpClient(http).region(region).credentialsProvider(credentials)
        .overrideConfiguration(overrides).forcePathStyle(config.get(SageMakerSettings.S3_PATH_STYLE).orElse(false))
        // Every upload carries Content-MD5 and its ETag is checked, so the payload needs no per-chunk
        // signatures (which cost a SHA-256 per 128 KiB chunk on plain-HTTP endpoints).
        .serviceConfiguration(c -> c.chunkedEncodingEnabled(false).checksumValidationEnabled(sdkMd5))
        .putAuthScheme(new UnsignedPayloadAuthScheme());
    endpoint(config, env, "s3", "S3").ifPresent(s3b::endpointOverride);
    return s3b.build();
  }

  /** A client built on its first use; closed only when it was built. */
  private static final class Lazy<T extends SdkAutoCloseable> {
    private final Supplier<T> build;
    private T value;

    Lazy(Supplier<T> build) {
      this.build = build;
    }

    synchronized T get() {
      if (value == null) {
        value = build.get();
      }
      return value;
    }

    synchronized void close() {
      if (value != null) {
        value.close();
      }
    }
  }

  /** Clients for {@code config}, reading fallbacks from {@code env}. */
  public static AwsClients create(CloudConfig config, Map<String, String> env) {
    return new AwsClients(config, env, List.of());
  }

  /** Clients with extra SDK interceptors (tests count bytes and capture requests with them). */
  public static AwsClients create(CloudConfig config, Map<String, String> env, List<ExecutionInterceptor> interceptors) {
    return new AwsClients(config, env, List.copyOf(interceptors));
  }

  /** The region: {@code cloud.region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}. */
  static String region(CloudConfig config, Map<String, String> env) {
    return config.get(SageMakerSettings.REGION).or(() -> nonBlank(env.get("AWS_REGION")))
        .or(() -> nonBlank(env.get("AWS_DEFAULT_REGION")))
        .orElseThrow(() -> new ConfigurationException("cloud.region",
            "no AWS region: set cloud.region (for example us-east-1) or AWS_REGION"));
  }

  /** The endpoint override for {@code service}, if any. */
  static Optional<URI> endpoint(CloudConfig config, Map<String, String> env, String key, String envSuffix) {
    URI fromConfig = config.get(SageMakerSettings.ENDPOINTS.get(key)).orElse(null);
    if (fromConfig != null) {
      return Optional.of(fromConfig);
    }
    return nonBlank(env.get("AWS_ENDPOINT_URL_" + envSuffix))
        .or(() -> nonBlank(env.get("AWS_ENDPOINT_URL")))
        .map(AwsClients::uri);
  }

  private static URI uri(String s) {
    try {
      URI u = URI.create(s.trim());
      if (u.getScheme() == null || u.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("cloud.endpoints",
          "endpoint override must be an absolute URL like http://127.0.0.1:4566, was \"" + s + "\"");
    }
  }

  /**
   * The credentials chain of {@code env}: static keys, a web identity (AssumeRoleWithWebIdentity
   * through {@code webIdentitySts}, asked for only when the environment names one), the shared
   * profile files, then container or instance credentials.
   */
  static AwsCredentialsProvider credentials(Map<String, String> env, Supplier<StsClient> webIdentitySts) {
    List<AwsCredentialsProvider> chain = new ArrayList<>();
    Optional<String> id = nonBlank(env.get("AWS_ACCESS_KEY_ID"));
    Optional<String> secret = nonBlank(env.get("AWS_SECRET_ACCESS_KEY"));
    if (id.isPresent() && secret.isPresent()) {
      Optional<String> token = nonBlank(env.get("AWS_SESSION_TOKEN"));
      chain.add(StaticCredentialsProvider.create(token.isPresent()
          ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
          : AwsBasicCredentials.create(id.get(), secret.get())));
    }
    Optional<Path> tokenFile = nonBlank(env.get("AWS_WEB_IDENTITY_TOKEN_FILE")).map(Path::of);
    Optional<String> roleArn = nonBlank(env.get("AWS_ROLE_ARN"));
    if (tokenFile.isPresent() && roleArn.isPresent()) {
      String session = nonBlank(env.get("AWS_ROLE_SESSION_NAME")).orElse("soen-cloud");
      // The token is read again at every refresh: Kubernetes rotates the projected file.
      StsAssumeRoleWithWebIdentityCredentialsProvider web = StsAssumeRoleWithWebIdentityCredentialsProvider.builder()
          .stsClient(webIdentitySts.get())
          .refreshRequest(() -> AssumeRoleWithWebIdentityRequest.builder().roleArn(roleArn.get())
              .roleSessionName(session).webIdentityToken(readToken(tokenFile.get())).build())
          .build();
      chain.add(new AwsCredentialsProvider() {
        @Override
        public AwsCredentials resolveCredentials() {
          try {
            return web.resolveCredentials();
          } catch (StsException refused) {
            // Keep STS's error code in the chain's message (the token itself is never in it).
            String code = refused.awsErrorDetails() == null ? "" : refused.awsErrorDetails().errorCode() + ": ";
            String text = refused.awsErrorDetails() == null ? refused.getMessage() : refused.awsErrorDetails().errorMessage();
            throw SdkClientException.create(
                AwsErrors.WEB_IDENTITY_REFUSED + " " + code + text, refused);
          }
        }

        @Override
        public String toString() {
          return "WebIdentity(" + roleArn.get() + ")";
        }
      });
    }
    Optional<Path> home = nonBlank(env.get("HOME")).map(Path::of);
    Path credentialsFile = nonBlank(env.get("AWS_SHARED_CREDENTIALS_FILE")).map(Path::of)
        .orElseGet(() -> home.map(h -> h.resolve(".aws/credentials")).orElse(null));
    Path configFile = nonBlank(env.get("AWS_CONFIG_FILE")).map(Path::of)
        .orElseGet(() -> home.map(h -> h.resolve(".aws/config")).orElse(null));
    String profile = nonBlank(env.get("AWS_PROFILE")).orElse("default");
    if (credentialsFile != null || configFile != null) {
      ProfileFile.Aggregator files = ProfileFile.aggregator();
      if (configFile != null && configFile.toFile().isFile()) {
        files.addFile(ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION).content(configFile).build());
      }
      if (credentialsFile != null && credentialsFile.toFile().isFile()) {
        files.addFile(ProfileFile.builder().type(ProfileFile.Type.CREDENTIALS).content(credentialsFile).build());
      }
      ProfileFile merged = files.build();
      if (merged.profile(profile).isPresent()) {
        chain.add(ProfileCredentialsProvider.builder().profileFile(merged).profileName(profile).build());
      }
    }
    if (!"true".equalsIgnoreCase(env.getOrDefault("AWS_EC2_METADATA_DISABLED", "false").trim())) {
      if (env.containsKey("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") || env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
        chain.add(ContainerCredentialsProvider.builder().build());
      }
      chain.add(InstanceProfileCredentialsProvider.builder().build());
    }
    if (chain.isEmpty()) {
      chain.add(() -> {
        throw SdkClientException.create(
            "Unable to load credentials from any of the providers in the chain: no AWS_ACCESS_KEY_ID, "
                + "no profile " + profile + " in the shared files, instance metadata disabled");
      });
    }
    return AwsCredentialsProviderChain.builder().reuseLastProviderEnabled(true)
        .credentialsProviders(chain).build();
  }

  private static String readToken(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw SdkClientException.create(
          "cannot read the web identity token file " + file + " (AWS_WEB_IDENTITY_TOKEN_FILE): " + e.getMessage(), e);
    }
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  /** The region in use. */
  public Region region() {
    return region;
  }

  /** The S3 client. */
  public S3Client s3() {
    return s3.get();
  }

  /**
   * The S3 client for staging uploads: the SDK does not digest the bodies a second time, since
   * each request carries its Content-MD5 and the stager checks every ETag (see {@link S3Uploader}).
   */
  public S3Client s3Staging() {
    return s3Staging.get();
  }

  /** The SageMaker client. */
  public SageMakerClient sageMaker() {
    return sageMaker.get();
  }

  /** The CloudWatch Logs client. */
  public CloudWatchLogsClient logs() {
    return logs.get();
  }

  /** The STS client. */
  public StsClient sts() {
    return sts.get();
  }

  /** The Secrets Manager client ({@code cloud.secrets: secrets_manager}). */
  public SecretsManagerClient secretsManager() {
    return secretsManager.get();
  }

  /** The AWS Price List Query API client (live on-demand prices), in {@link #pricingRegion(Region)}. */
  public PricingClient pricing() {
    return pricing.get();
  }

  @Override
  public void close() {
    pricing.close();
    secretsManager.close();
    s3.close();
    s3Staging.close();
    sageMaker.close();
    logs.close();
    sts.close();
    if (credentials instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // nothing to keep: the chain only holds caches
      }
    }
    webIdentitySts.close();
    http.close();
  }

  @Override
  public String toString() {
    return "AwsClients{" + region.id().toLowerCase(Locale.ROOT) + "}";
  }
}
