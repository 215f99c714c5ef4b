package org.soen.cloud.aws.internal;

import java.nio.file.Path;

/**
 * A data set file: its key inside the data set, its size and modification time when listed, its
 * SHA-256 (the content address) and, for a file sent in one request, its MD5 (null when unknown). The
 * MD5s of a multipart file's parts are computed on the upload threads, part by part.
 */
record FileEntry(String key, Path path, long size, long mtime, String sha256, byte[] md5, long partSize) {
  /** Whether the file goes up in parts rather than in one request. */
  boolean multipart() {
    return size > partSize;
  }
}
