package org.soen.cloud.aws.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.TransferException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;

/**
 * Brings a finished job's {@code model.tar.gz} home: streamed from S3 and extracted by
 * {@link SafeTar} (no entry may land outside the target), keeping only the files the config's
 * {@code artifacts:} globs match, as the other providers do (every file when there are none).
 */
final class SageMakerArtifacts {
  private SageMakerArtifacts() {}

  /** What was extracted, and the globs that matched no entry of the archive. */
  record Extracted(List<Path> files, List<String> unmatched) {}

  /** Extracts the model of job {@code d} into {@code target}, filtered by {@code globs}. */
  static Extracted download(S3Client s3, DescribeTrainingJobResponse d, List<String> globs, Path target) {
    if (d.modelArtifacts() == null || d.modelArtifacts().s3ModelArtifacts() == null) {
      throw new NotFoundException("training job " + d.trainingJobName() + " has no model artifacts (status "
          + d.trainingJobStatusAsString() + "); artifacts exist once the job completed");
    }
    String uri = d.modelArtifacts().s3ModelArtifacts();
    String[] location = S3Keys.bucketAndKey(uri);
    String bucket = location[0];
    String key = location[1];
    Map<String, PathMatcher> matchers = new LinkedHashMap<>();
    globs.forEach(g -> matchers.put(g, FileSystems.getDefault().getPathMatcher("glob:" + g)));
    List<String> matched = new ArrayList<>();
    Predicate<Path> keep = relative -> {
      if (matchers.isEmpty()) {
        return true;
      }
      boolean any = false;
      for (Map.Entry<String, PathMatcher> m : matchers.entrySet()) {
        if (m.getValue().matches(relative)) {
          any = true;
          matched.add(m.getKey());
        }
      }
      return any;
    };
    try (InputStream in = AwsErrors.call("download " + uri, () -> s3.getObject(b -> b.bucket(bucket).key(key)))) {
      List<Path> files = SafeTar.extract(in, target, uri, keep);
      List<String> unmatched = globs.stream().filter(g -> !matched.contains(g)).toList();
      return new Extracted(files, unmatched);
    } catch (IOException e) {
      throw new TransferException("could not download and extract " + uri + " into " + target + ": " + e.getMessage(), e);
    }
  }
}
