package org.soen.cloud.internal;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobState;
import org.soen.cloud.spi.JobJournal;
import org.soen.cloud.spi.JobRecord;

/**
 * The journal as backends see it: every record a backend writes is also handed to
 * {@code announce}, so that a state it records (STAGING, RUNNING ...) reaches the listeners.
 */
final class ObservedJournal implements JobJournal {
  private final FileJobJournal journal;
  private final Consumer<JobRecord> announce;

  ObservedJournal(FileJobJournal journal, Consumer<JobRecord> announce) {
    this.journal = journal;
    this.announce = announce;
  }

  @Override
  public Optional<CloudConfig> config(String jobId) {
    return journal.config(jobId);
  }

  @Override
  public Optional<JobRecord> find(String jobId) {
    return journal.find(jobId);
  }

  @Override
  public List<JobRecord> all() {
    return journal.all();
  }

  @Override
  public String owner() {
    return journal.owner();
  }

  @Override
  public JobRecord update(String jobId, UnaryOperator<JobRecord> change) {
    return announced(journal.update(jobId, change));
  }

  @Override
  public JobRecord recordState(String jobId, JobState state) {
    return announced(journal.recordState(jobId, state));
  }

  private JobRecord announced(JobRecord record) {
    announce.accept(record);
    return record;
  }
}
