package org.soen.cloud.aws.internal;

import java.nio.file.Path;

/**
 * A regular file found under a data root: its key inside the data set, its size and modification
 * time when listed, and the part size it is uploaded with; what its digest-cache line is keyed by.
 */
record ListedFile(String key, Path path, long size, long mtime, long partSize) {
  /** The digest cache's key: the file is unchanged while all four stay the same. */
  String stamp() {
    return key + '\t' + size + '\t' + mtime + '\t' + partSize;
  }

  /** Whether the file goes up in parts rather than in one request. */
  boolean multipart() {
    return size > partSize;
  }

  /** How many parts a multipart file is sent in. */
  int parts() {
    return (int) ((size + partSize - 1) / partSize);
  }
}
