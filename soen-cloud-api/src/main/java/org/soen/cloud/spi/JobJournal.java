package org.soen.cloud.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobState;

/**
 * The job journal as a backend sees it. Every write is atomic on disk, so a launcher killed at any
 * moment leaves either the old or the new record.
 */
public interface JobJournal {
  /** The record of {@code jobId}, if any. */
  Optional<JobRecord> find(String jobId);

  /**
   * The config the job was submitted with, rebuilt from the record for resuming: secrets are not
   * stored, so they are read again from the environment ({@code LAMBDA_API_KEY},
   * {@code cloud.secret_env} names).
   */
  Optional<CloudConfig> config(String jobId);

  /** Every record, newest first. */
  List<JobRecord> all();

  /** Replace the record of {@code jobId} with {@code change} applied to it; returns the new one. */
  JobRecord update(String jobId, UnaryOperator<JobRecord> change);

  /** Merge {@code entries} into the job's provider state. */
  default JobRecord putProviderState(String jobId, Map<String, String> entries) {
    return update(jobId, r -> JobRecord.builder().from(r).putAllProviderState(entries).build());
  }

  /** Record a new state. */
  JobRecord recordState(String jobId, JobState state);

  /**
   * This journal's identity: a random id made once and kept beside the jobs, the same for every
   * launcher that uses this journal and different for every other journal. Providers tag what they
   * launch with it, so that a launcher can tell its own resources from someone else's.
   *
   * @throws UnsupportedOperationException for a journal that keeps no identity
   */
  default String owner() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no identity");
  }
}
