package org.soen.cloud.aws.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.TransferException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Puts objects in S3 with integrity checks: each request carries its Content-MD5, so the server
 * rejects a corrupted body, and each returned ETag is checked against the local digest. Data set
 * files go up in parallel, a file larger than its part size in parts (multipart upload, aborted
 * when any part fails), reporting to an {@link UploadProgress}.
 */
final class S3Uploader {
  private static final Logger LOG = LoggerFactory.getLogger(S3Uploader.class);

  private final S3Client s3;
  private final int parallelism;

  /** Uploads through {@code s3} with {@code parallelism} files at a time. */
  S3Uploader(S3Client s3, int parallelism) {
    this.s3 = s3;
    this.parallelism = Math.max(1, parallelism);
  }

  /** Whether {@code key} exists in {@code bucket}. */
  boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Puts a small object held in memory. */
  void put(String bucket, String key, byte[] body, String type) {
    byte[] md5 = StagingDigests.digest("MD5").digest(body);
    var response = s3.putObject(b -> b.bucket(bucket).key(key).contentType(type)
        .contentMD5(Base64.getEncoder().encodeToString(md5)), RequestBody.fromBytes(body));
    verifyEtag(response.eTag(), HexFormat.of().formatHex(md5), "s3://" + bucket + '/' + key);
  }

  /** Uploads every file to {@code datasetPrefix + key}; the bytes sent. */
  long uploadAll(String bucket, String datasetPrefix, List<FileEntry> files, UploadProgress progress) {
    ExecutorService filePool = Executors.newFixedThreadPool(parallelism);
    ExecutorService partPool = Executors.newFixedThreadPool(Math.max(2, parallelism / 2));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (FileEntry f : files) {
        futures.add(filePool.submit(() -> {
          String key = datasetPrefix + f.key();
          if (f.multipart()) {
            uploadMultipart(bucket, key, f, partPool, progress::bytes);
            progress.fileDone(0);
          } else {
            uploadSingle(bucket, key, f);
            progress.fileDone(f.size());
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        StagingDigests.await(future);
      }
    } finally {
      filePool.shutdownNow();
      partPool.shutdownNow();
    }
    return progress.done();
  }

  private void uploadSingle(String bucket, String key, FileEntry f) {
    byte[] md5 = f.md5() != null ? f.md5() : DataSetHasher.md5(f.path(), 0, f.size());
    var response = s3.putObject(b -> b.bucket(bucket).key(key).contentLength(f.size())
            .contentMD5(Base64.getEncoder().encodeToString(md5))
            .metadata(Map.of("soen-sha256", f.sha256())),
        RequestBody.fromContentProvider(() -> FileRegion.open(f.path(), 0, f.size()), f.size(), "application/octet-stream"));
    verifyEtag(response.eTag(), HexFormat.of().formatHex(md5), "s3://" + bucket + '/' + key);
  }

  private record Part(CompletedPart completed, byte[] md5) {}

  private void uploadMultipart(String bucket, String key, FileEntry f, ExecutorService partPool, LongConsumer onPart) {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
        .contentType("application/octet-stream").metadata(Map.of("soen-sha256", f.sha256()))).uploadId();
    boolean completed = false;
    List<Future<Part>> futures = new ArrayList<>();
    try {
      int count = f.parts();
      for (int i = 0; i < count; i++) {
        int number = i + 1;
        long offset = i * f.partSize();
        long length = Math.min(f.partSize(), f.size() - offset);
        futures.add(partPool.submit(() -> {
          Part part = uploadPart(bucket, key, uploadId, f, number, offset, length);
          onPart.accept(length);
          return part;
        }));
      }
      List<CompletedPart> parts = new ArrayList<>();
      MessageDigest all = StagingDigests.digest("MD5");
      for (Future<Part> future : futures) {
        Part part = StagingDigests.await(future);
        parts.add(part.completed());
        all.update(part.md5());
      }
      String etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts))).eTag();
      verifyEtag(etag, HexFormat.of().formatHex(all.digest()) + "-" + parts.size(), "s3://" + bucket + '/' + key);
      completed = true;
    } finally {
      if (!completed) {
        futures.forEach(future -> future.cancel(true));
        try {
          s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
          LOG.warn("could not abort multipart upload of s3://{}/{}: {}", bucket, key, e.getMessage());
        }
      }
    }
  }

  private Part uploadPart(String bucket, String key, String uploadId, FileEntry f, int number, long offset, long length) {
    // the part's MD5 comes from hashing (or the digest cache); when unknown it is read just before
    // the part is sent, on this part's thread, and the send reads the same pages from the page cache
    byte[] md5 = f.partMd5s() != null ? f.partMd5s().get(number - 1) : DataSetHasher.md5(f.path(), offset, length);
    String etag;
    try {
      etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
              .contentLength(length).contentMD5(Base64.getEncoder().encodeToString(md5)),
          RequestBody.fromContentProvider(() -> FileRegion.open(f.path(), offset, length), length, "application/octet-stream"))
          .eTag();
    } catch (S3Exception e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if ("BadDigest".equals(code) || "InvalidDigest".equals(code)) {
        throw new TransferException("integrity check failed: S3 rejected part " + number + " of "
            + f.path() + " (checksum mismatch, the bytes were corrupted on the way); nothing was kept, retry the submit", e);
      }
      throw e;
    }
    verifyEtag(etag, HexFormat.of().formatHex(md5), "part " + number + " of " + f.path());
    return new Part(CompletedPart.builder().partNumber(number).eTag(etag).build(), md5);
  }

  private static void verifyEtag(String etag, String expected, String what) {
    String got = etag == null ? "" : etag.replace("\"", "").toLowerCase(Locale.ROOT);
    if (!got.equals(expected.toLowerCase(Locale.ROOT))) {
      throw new TransferException("integrity check failed for " + what + ": S3 stored ETag " + got
          + " but the local checksum is " + expected + "; the upload was corrupted, retry the submit");
    }
  }
}
