package org.soen.cloud.testkit;

import java.util.List;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.spi.SubmitRequest;

/**
 * What a {@link FakeTrainingBackend} was asked to run, as OkHttp's {@code RecordedRequest} is for
 * mockwebserver: the request with its config and staged training YAML, and the data files a real
 * provider would have uploaded. Every submission is recorded, including those the script rejected.
 *
 * <pre>{@code
 * RecordedSubmission s = fake.takeSubmission();
 * assertThat(s.config().instance().instanceType()).contains("ml.g5.xlarge");
 * assertThat(s.stagedConfigYaml()).contains("epochs: 10").doesNotContain("hunter2");
 * assertThat(s.dataFiles()).containsExactly("train/a.csv", "train/b.csv");
 * }</pre>
 */
public final class RecordedSubmission {
  private final int sequence;
  private final SubmitRequest request;
  private final List<String> dataFiles;
  private final long dataBytes;
  private final String rejectedWith;

  RecordedSubmission(int sequence, SubmitRequest request, List<String> dataFiles, long dataBytes,
      String rejectedWith) {
    this.sequence = sequence;
    this.dataBytes = dataBytes;
    this.request = request;
    this.dataFiles = List.copyOf(dataFiles);
    this.rejectedWith = rejectedWith;
  }

  /** 0 for the fake's first submission, then 1, 2 ... */
  public int sequence() {
    return sequence;
  }

  /** The request exactly as the trainer sent it. */
  public SubmitRequest request() {
    return request;
  }

  /** The job name ({@link SubmitRequest#jobName()}). */
  public String jobId() {
    return request.jobName();
  }

  /** The validated config ({@link SubmitRequest#config()}). */
  public CloudConfig config() {
    return request.config();
  }

  /** The training YAML that would be staged ({@link SubmitRequest#stagedConfigYaml()}). */
  public String stagedConfigYaml() {
    return request.stagedConfigYaml();
  }

  /**
   * The files under {@code cloud.data} that would be uploaded, relative to it, with forward
   * slashes, sorted; empty for remote ({@code s3://}) data or none.
   */
  public List<String> dataFiles() {
    return dataFiles;
  }

  /** The total size of {@link #dataFiles()} in bytes. */
  public long dataBytes() {
    return dataBytes;
  }

  /** The exception the script rejected the submission with (class and message), if it did. */
  public Optional<String> rejectedWith() {
    return Optional.ofNullable(rejectedWith);
  }

  @Override
  public String toString() {
    return "RecordedSubmission[#" + sequence + " " + jobId() + ", " + dataFiles.size()
        + " data files" + (rejectedWith == null ? "" : ", rejected: " + rejectedWith) + "]";
  }
}
