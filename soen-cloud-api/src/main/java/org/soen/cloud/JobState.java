package org.soen.cloud;

/**
 * The one state model every provider maps onto.
 *
 * <pre>
 * PENDING → PROVISIONING → STAGING → RUNNING → COLLECTING → COMPLETED | FAILED | STOPPED
 * </pre>
 *
 * with {@link #STOPPING} on the way to {@link #STOPPED} and {@link #INTERRUPTED} when a spot
 * instance was reclaimed and the job waits to resume. Each {@link JobStatus} also carries the
 * provider's own status text in {@link JobStatus#detail()}.
 */
public enum JobState {
  /** Recorded in the journal; nothing paid has been requested yet. */
  PENDING,
  /** Instances are being requested or booted. */
  PROVISIONING,
  /** Config and data are being copied to where the job reads them. */
  STAGING,
  /** The training command runs. */
  RUNNING,
  /** Artifacts are being uploaded or downloaded. */
  COLLECTING,
  /** The training command exited with status 0 and artifacts were collected. */
  COMPLETED,
  /** The training command or the provider failed; see {@link JobStatus#message()}. */
  FAILED,
  /** A stop was requested and is in progress. */
  STOPPING,
  /** The job was stopped on request. */
  STOPPED,
  /** A spot instance was reclaimed; the provider will resume the job from its checkpoints. */
  INTERRUPTED;

  /** True for {@link #COMPLETED}, {@link #FAILED} and {@link #STOPPED}: nothing more will change. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == STOPPED;
  }
}
