package org.soen.cloud.testkit.aws;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;

/**
 * A real S3 server (S3Proxy) running in this JVM on {@code 127.0.0.1} at a random port, with AWS
 * signature v2/v4 authentication. Start one in a line, point the AWS SDK at {@link #endpoint()}
 * with path-style addressing, and close it when done:
 *
 * <pre>{@code
 * try (EmbeddedS3 s3 = EmbeddedS3.start("my-bucket")) {
 *   S3Client client = S3Client.builder()
 *       .endpointOverride(s3.endpoint()).forcePathStyle(true)
 *       .credentialsProvider(StaticCredentialsProvider.create(
 *           AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())))
 *       .region(Region.US_EAST_1).build();
 * }
 * }</pre>
 *
 * <p>Objects live in memory by default, or in a folder with {@link #startOnDisk(Path, String...)}
 * for data sets larger than the heap.
 */
public final class EmbeddedS3 implements AutoCloseable {
  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final URI endpoint;

  private EmbeddedS3(BlobStoreContext context, String accessKeyId, String secretAccessKey) throws Exception {
    this.context = context;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.proxy = S3Proxy.builder()
        .blobStore(context.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secretAccessKey)
        .v4MaxNonChunkedRequestSize(64L * 1024 * 1024)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.onSpinWait();
    }
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Starts an in-memory S3 server on 127.0.0.1 with {@code buckets} created. */
  public static EmbeddedS3 start(String... buckets) {
    Properties properties = new Properties();
    return launch(ContextBuilder.newBuilder("transient").overrides(properties), buckets);
  }

  /** Starts an S3 server on 127.0.0.1 that keeps objects under {@code folder}, with {@code buckets} created. */
  public static EmbeddedS3 startOnDisk(Path folder, String... buckets) {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", folder.toAbsolutePath().toString());
    return launch(ContextBuilder.newBuilder("filesystem").overrides(properties), buckets);
  }

  private static EmbeddedS3 launch(ContextBuilder builder, String... buckets) {
    String id = "AKIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
    String secret = UUID.randomUUID().toString().replace("-", "") + "x";
    BlobStoreContext context = builder.credentials("identity", "credential").build(BlobStoreContext.class);
    try {
      EmbeddedS3 s3 = new EmbeddedS3(context, id, secret);
      for (String bucket : buckets) {
        s3.createBucket(bucket);
      }
      return s3;
    } catch (RuntimeException e) {
      context.close();
      throw e;
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("could not start the embedded S3 server: " + e.getMessage(), e);
    }
  }

  /** Creates {@code bucket} if it does not exist; rejects names S3 rejects. */
  public EmbeddedS3 createBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (!bucket.matches("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")) {
      throw new IllegalArgumentException("\"" + bucket + "\" is not a valid S3 bucket name: 3 to 63 lowercase "
          + "letters, digits, dots and hyphens, starting and ending with a letter or digit");
    }
    context.getBlobStore().createContainerInLocation(null, bucket);
    return this;
  }

  /** The endpoint to give the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The access key id the server accepts. */
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The secret access key the server accepts. */
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** The keys in {@code bucket}, sorted; for assertions. */
  public List<String> keys(String bucket) {
    BlobStore store = context.getBlobStore();
    java.util.List<String> out = new java.util.ArrayList<>();
    String marker = null;
    do {
      org.jclouds.blobstore.options.ListContainerOptions options =
          org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive();
      if (marker != null) {
        options = options.afterMarker(marker);
      }
      org.jclouds.blobstore.domain.PageSet<? extends org.jclouds.blobstore.domain.StorageMetadata> page =
          store.list(bucket, options);
      page.forEach(m -> {
        if (m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB) {
          out.add(m.getName());
        }
      });
      marker = page.getNextMarker();
    } while (marker != null);
    java.util.Collections.sort(out);
    return out;
  }

  /**
   * The content of object {@code key} in {@code bucket} as the server holds it, read directly (not
   * through S3) and streamed, so large objects need no heap; the caller closes the stream.
   *
   * @throws IllegalArgumentException when there is no such object
   */
  public InputStream open(String bucket, String key) throws IOException {
    Blob blob = context.getBlobStore().getBlob(bucket, key);
    if (blob == null) {
      throw new IllegalArgumentException("no object s3://" + bucket + "/" + key + "; keys(\"" + bucket + "\") lists them");
    }
    return blob.getPayload().openStream();
  }

  /** The jclouds blob store behind the server, for the fakes of this package; not API. */
  BlobStore blobStore() {
    return context.getBlobStore();
  }

  /** Stops the server and drops its objects (in-memory) or leaves them in the folder (on disk). */
  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the embedded S3 server", e);
    } finally {
      context.close();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedS3{" + endpoint + "}";
  }
}
