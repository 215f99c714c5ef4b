package org.soen.cloud.aws.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.spi.JobJournal;
import org.soen.cloud.spi.JobRecord;

/** An in-memory journal for tests; records are created the way the trainer does before submit. */
final class MapJournal implements JobJournal {
  private final Map<String, JobRecord> records = new ConcurrentHashMap<>();
  private final Map<String, org.soen.cloud.CloudConfig> configs = new ConcurrentHashMap<>();
  private final Clock clock;

  MapJournal(Clock clock) {
    this.clock = clock;
  }

  /** A record holding the config the job was submitted with, as the trainer's journal keeps it. */
  void create(String jobId, org.soen.cloud.CloudConfig config) {
    configs.put(jobId, config);
    create(jobId);
  }

  void create(String jobId) {
    records.put(jobId, JobRecord.builder()
        .handle(JobHandle.builder().id(jobId).provider("sagemaker").submittedAt(clock.instant()).build())
        .state(JobState.PENDING).updatedAt(clock.instant()).configYaml("cloud: {}\n").build());
  }

  /** A fixed identity, as a journal's {@code owner-id} holds one. */
  @Override
  public String owner() {
    return "00000000000000aa";
  }

  @Override
  public Optional<JobRecord> find(String jobId) {
    return Optional.ofNullable(records.get(jobId));
  }

  @Override
  public Optional<org.soen.cloud.CloudConfig> config(String jobId) {
    return Optional.ofNullable(configs.get(jobId));
  }

  @Override
  public List<JobRecord> all() {
    return new ArrayList<>(records.values());
  }

  @Override
  public JobRecord update(String jobId, UnaryOperator<JobRecord> change) {
    return records.compute(jobId, (k, r) -> {
      if (r == null) {
        throw new IllegalStateException("no journal record for " + jobId);
      }
      return change.apply(r);
    });
  }

  @Override
  public JobRecord recordState(String jobId, JobState state) {
    return update(jobId, r -> JobRecord.builder().from(r).state(state).updatedAt(clock.instant()).build());
  }
}
