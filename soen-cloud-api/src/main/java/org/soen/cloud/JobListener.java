package org.soen.cloud;

/**
 * Receives {@link JobEvent}s. Called on the thread that observed the event; keep it quick. An
 * exception thrown by a listener is logged and does not affect the job.
 */
@FunctionalInterface
public interface JobListener {
  /** Called for every event of every job this trainer follows. */
  void onEvent(JobEvent event);
}
