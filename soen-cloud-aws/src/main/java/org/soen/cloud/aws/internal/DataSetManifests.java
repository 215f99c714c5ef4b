package org.soen.cloud.aws.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The two JSON documents a staged data set has: the marker that says a data set is complete (its
 * files with sizes and SHA-256s) and the job's SageMaker manifest file (the prefix, then each key).
 */
final class DataSetManifests {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataSetManifests() {}

  /** {@code .datasets/<hash>.json}: written last, so its presence means every file is there. */
  static byte[] marker(List<FileEntry> files) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    ArrayNode list = root.putArray("files");
    for (FileEntry f : files) {
      list.addObject().put("key", f.key()).put("size", f.size()).put("sha256", f.sha256());
    }
    return bytes(root);
  }

  /** The data channel's manifest file: {@code [{"prefix": "s3://bucket/<datasetPrefix>"}, key, ...]}. */
  static byte[] channel(String bucket, String datasetPrefix, List<FileEntry> files) {
    ArrayNode root = JSON.createArrayNode();
    root.addObject().put("prefix", "s3://" + bucket + '/' + datasetPrefix);
    files.forEach(f -> root.add(f.key()));
    return bytes(root);
  }

  private static byte[] bytes(Object tree) {
    try {
      return JSON.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
