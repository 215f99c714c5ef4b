package org.soen.cloud.testkit.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * The objects of an {@link EmbeddedS3} as a training job sees them through {@code s3://} URIs:
 * read a channel, list a prefix, write the model and checkpoints; and the {@code model.tar.gz}
 * SageMaker writes.
 */
final class S3Objects {
  private static final Pattern CHECKPOINT_EPOCH = Pattern.compile("checkpoint-epoch-(\\d+)\\.pt$");

  private final EmbeddedS3 s3;

  S3Objects(EmbeddedS3 s3) {
    this.s3 = s3;
  }

  private BlobStore store() {
    return s3.blobStore();
  }

  /** {@code s3://bucket/key} as bucket and key. */
  static String[] split(String uri) {
    if (!uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// URI: " + uri);
    }
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    return slash < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
  }

  /** The bytes of the object at {@code uri}. */
  byte[] read(String uri) throws IOException {
    String[] bk = split(uri);
    Blob blob = store().getBlob(bk[0], bk[1]);
    if (blob == null) {
      throw new IOException("NoSuchKey: " + uri);
    }
    try (InputStream in = blob.getPayload().openStream()) {
      return in.readAllBytes();
    }
  }

  /** Every object under the prefix {@code uri}: its name relative to the prefix → its size. */
  Map<String, Long> list(String uri) {
    String[] bk = split(uri);
    Map<String, Long> files = new LinkedHashMap<>();
    for (StorageMetadata m : store().list(bk[0], ListContainerOptions.Builder.prefix(bk[1]).recursive())) {
      if (m.getName().startsWith(bk[1]) && m.getSize() != null) {
        files.put(m.getName().substring(bk[1].length()).replaceFirst("^/", ""), m.getSize());
      }
    }
    return files;
  }

  /** Writes {@code bytes} as {@code name} under the prefix {@code prefixUri}. */
  void put(String prefixUri, String name, byte[] bytes) {
    String[] bk = split(prefixUri.endsWith("/") ? prefixUri : prefixUri + "/");
    store().putBlob(bk[0], store().blobBuilder(bk[1] + name).payload(bytes).contentLength((long) bytes.length).build());
  }

  /** The newest {@code checkpoint-epoch-N.pt} under {@code prefixUri}, or null. */
  String latestCheckpoint(String prefixUri) {
    String[] bk = split(prefixUri.endsWith("/") ? prefixUri : prefixUri + "/");
    String best = null;
    for (StorageMetadata m : store().list(bk[0], ListContainerOptions.Builder.prefix(bk[1]).recursive())) {
      if (m.getName().startsWith(bk[1] + "checkpoint-epoch-") && (best == null || epochOf(m.getName()) > epochOf(best))) {
        best = m.getName();
      }
    }
    return best == null ? null : "s3://" + bk[0] + "/" + best;
  }

  private static int epochOf(String key) {
    Matcher m = CHECKPOINT_EPOCH.matcher(key);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** A gzip'd tar of {@code files} (name → bytes), as SageMaker writes {@code model.tar.gz}. */
  static byte[] tarGz(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : new TreeMap<>(files).entrySet()) {
        byte[] header = new byte[512];
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, header, 0, Math.min(100, name.length));
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, e.getValue().length);
        octal(header, 136, 12, 0);
        header[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
          sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        out.write(header);
        out.write(e.getValue());
        int pad = (512 - e.getValue().length % 512) % 512;
        out.write(new byte[pad]);
      }
      out.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String s = Long.toOctalString(value);
    while (s.length() < length - 1) {
      s = "0" + s;
    }
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }
}
