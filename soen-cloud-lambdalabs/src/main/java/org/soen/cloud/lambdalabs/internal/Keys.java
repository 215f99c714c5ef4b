package org.soen.cloud.lambdalabs.internal;

/** Provider-state keys of the journal. */
final class Keys {
  static final String STEP = "step";
  static final String INSTANCE_NAME = "instance_name";
  static final String INSTANCE_ID = "instance_id";
  static final String INSTANCE_STATUS = "instance_status";
  static final String INSTANCE_TYPE = "instance_type";
  static final String REGION = "region";
  static final String PRICE_CENTS = "price_cents_per_hour";
  static final String IP = "ip";
  static final String SSH_PORT = "ssh_port";
  static final String HOST_KEY = "host_key";
  static final String REMOTE_RUN = "remote_run";
  static final String SETUP_DONE = "setup_done";
  static final String AFTER_DONE = "after_done";
  static final String UPLOAD_BYTES = "upload_bytes";
  static final String UPLOAD_GZIP = "upload_gzip";
  static final String LOG_OFFSET = "log_offset";
  static final String EXIT_CODE = "exit_code";
  static final String OUTCOME = "outcome";
  static final String MESSAGE = "message";
  /** When the launcher driving the job last showed it was alive (see {@link Ledger#beat}). */
  static final String HEARTBEAT = "heartbeat";
  /** The process driving the job: pid, start time and host (see {@link LauncherProcess}). */
  static final String LAUNCHER_PID = "launcher_pid";
  static final String LAUNCHER_STARTED = "launcher_started";
  static final String LAUNCHER_HOST = "launcher_host";
  /** When the job's runtime cap, bounded by its cost cap, runs out (see {@link Deadline}). */
  static final String DEADLINE = "deadline";
  /** Which cap sets {@link #DEADLINE}, in words. */
  static final String DEADLINE_WHY = "deadline_why";
  static final String ARTIFACTS = "artifacts";
  /** Set once the instance's autodown watchdog was started. */
  static final String WATCHDOG = "watchdog";
  /** The launch guard of the launcher driving the job: its pid and its start, as {@link LauncherProcess} keeps them. */
  static final String GUARD_PID = "guard_pid";
  static final String GUARD_STARTED = "guard_started";
  /** When the launch that made the instance was requested: where billing starts. */
  static final String T_LAUNCH = "t_launch";
  /** When the latest launch request went out, kept before its answer so a resumed launcher knows it. */
  static final String T_LAUNCH_REQUESTED = "t_launch_requested";
  static final String T_ACTIVE = "t_active";
  static final String T_SSH = "t_ssh";
  static final String T_UPLOAD_START = "t_upload_start";
  static final String T_UPLOAD_END = "t_upload_end";
  static final String T_RUN_START = "t_run_start";
  static final String T_RUN_END = "t_run_end";
  static final String T_DOWNLOAD_END = "t_download_end";
  static final String T_TERMINATED = "t_terminated";

  private Keys() {}
}
