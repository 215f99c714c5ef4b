package org.soen.cloud.aws.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.TransferException;

/** What the staging types share: message digests by name and waiting for a staging task. */
final class StagingDigests {
  private StagingDigests() {}

  /** A fresh digest of {@code algorithm}, which every Java 17 runtime has. */
  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }

  /** The task's result; its failure rethrown as it was, or as a {@link TransferException}. */
  static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException("staging was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SoenCloudException s) {
        throw s;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new TransferException("staging failed: " + cause.getMessage(), cause);
    }
  }
}
