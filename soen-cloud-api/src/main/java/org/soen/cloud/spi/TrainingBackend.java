package org.soen.cloud.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogPage;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.ReapReport;

/**
 * One provider's job lifecycle. {@link org.soen.cloud.CloudTrainer} calls it after validating the
 * config, naming the job, writing the journal entry and checking the budget; a backend translates
 * its wire errors into {@link org.soen.cloud.SoenCloudException} subtypes in one place, keeping
 * the cause.
 *
 * <p>Client-driven backends (a process, an SSH session) run a resumable state machine: every step
 * is recorded through {@link BackendContext#journal()} and {@link #attach(JobHandle)} resumes it,
 * so a killed launcher never launches or uploads twice.
 *
 * <p><b>Thread safety:</b> implementations must be thread-safe. The trainer makes one backend per
 * provider and calls it from several threads at once: {@link #stop} from a Ctrl-C handler while
 * another thread polls {@link #status}, a web console's requests, several jobs followed side by
 * side. Keep per-job state in concurrent structures (or in the journal, which serializes its
 * writes); {@link #close()} is called once, after the trainer's other calls have returned.
 */
public interface TrainingBackend extends AutoCloseable {
  /**
   * Provider-specific checks of a config, run before anything is sent: required settings (a role
   * for SageMaker), known instance types, name and ARN patterns. Empty when the config is fine.
   */
  default List<ConfigProblem> validate(CloudConfig config) {
    return List.of();
  }

  /**
   * The checks for an estimate only: what pricing needs, without what only a submission needs (a
   * SageMaker role, bucket or image). The default is {@link #validate}.
   */
  default List<ConfigProblem> validateForEstimate(CloudConfig config) {
    return validate(config);
  }

  /**
   * A live price for {@code instanceType}, when the provider publishes one (Lambda's
   * {@code instance-types}, SageMaker's through the AWS Price List Query API), asked where
   * {@code config} points (its API URL, region and credentials); empty to use the pricing catalog
   * (and the user's pricing file), and when no source has a price the estimate says it is unknown.
   * Called only once every check of {@code config} passed.
   */
  default Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
    return Optional.empty();
  }

  /**
   * Adjust the catalog-based estimate, e.g. to add comparisons; the default returns it unchanged.
   * Never submits anything.
   */
  default CostEstimate estimate(CloudConfig config, CostEstimate catalogEstimate) {
    return catalogEstimate;
  }

  /**
   * Stage and start the job described by {@code request}. The journal entry already exists. May
   * return before the job runs; the handle must be enough for {@link #status(JobHandle)} from
   * another process.
   */
  JobHandle submit(SubmitRequest request);

  /**
   * Take over a job after the process that submitted it is gone (or from a new trainer). A
   * client-driven backend resumes its state machine from the recorded step.
   */
  default JobHandle attach(JobHandle handle) {
    return handle;
  }

  /** The job's current status. */
  JobStatus status(JobHandle handle);

  /**
   * Jobs the provider knows of that soen-cloud created, newest first, at most {@code limit}: the
   * team's view of the account. A job that is not in this journal is marked
   * {@link JobStatus#foreign()}, with its {@link JobStatus#owner()} when the provider's tags carry it.
   */
  default List<JobStatus> list(int limit) {
    return List.of();
  }

  /**
   * Rebuild the journal record of {@code jobId}, a soen-cloud job in the provider's account that
   * this journal does not hold (one {@link #list} shows as foreign), so that it can be followed,
   * stopped and downloaded from here. The record's {@code configYaml} is the job's configuration in
   * a form the journal reads (a training YAML with its {@code cloud:} section); its state is the
   * job's current one. Empty when the provider has no such job or cannot adopt jobs; nothing is
   * changed in the account.
   */
  default Optional<JobRecord> adopt(String jobId) {
    return Optional.empty();
  }

  /** Stop the job; idempotent, and a no-op for a job that already ended. */
  JobStatus stop(JobHandle handle);

  /** Log lines after {@code cursor} (empty for the start). */
  LogPage logs(JobHandle handle, String cursor);

  /** Copy the job's artifacts into {@code targetDirectory}; never writes outside it. */
  List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory);

  /** What the job cost, once the provider knows. */
  Optional<CostReport> costReport(JobHandle handle);

  /**
   * Find paid resources that a dead launcher left running and, unless {@code dryRun}, release
   * them. Returns what was released and what was seen and left running, each with the reason.
   */
  default ReapReport reap(boolean dryRun) {
    return ReapReport.empty(dryRun);
  }

  /** Preflight checks for {@code soen-cloud doctor}. */
  default List<PreflightCheck> doctor(CloudConfig config) {
    return List.of();
  }

  /**
   * Release clients and threads; never throws a checked exception. Jobs keep running: a backend
   * that drives a job's steps from this process returns once the job can go on without it.
   */
  @Override
  void close();
}
