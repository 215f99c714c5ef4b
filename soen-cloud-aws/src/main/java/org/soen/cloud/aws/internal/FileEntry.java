package org.soen.cloud.aws.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * A data set file as listed, with its SHA-256 (the content address) and, for a file sent in one
 * request, its MD5, or for a file sent in parts, the MD5 of each part in order (each null when
 * unknown; the upload then computes it).
 */
record FileEntry(ListedFile file, String sha256, byte[] md5, List<byte[]> partMd5s) {
  /** The file's key inside the data set. */
  String key() {
    return file.key();
  }

  /** Where the file is. */
  Path path() {
    return file.path();
  }

  /** Its size when listed. */
  long size() {
    return file.size();
  }

  /** Its modification time when listed, in nanoseconds. */
  long mtime() {
    return file.mtime();
  }

  /** The part size it is sent with. */
  long partSize() {
    return file.partSize();
  }

  /** Whether the file goes up in parts rather than in one request. */
  boolean multipart() {
    return file.multipart();
  }

  /** How many parts a multipart file is sent in. */
  int parts() {
    return file.parts();
  }

  /** This entry with the MD5s of its parts. */
  FileEntry withPartMd5s(List<byte[]> md5s) {
    return new FileEntry(file, sha256, md5, List.copyOf(md5s));
  }
}
