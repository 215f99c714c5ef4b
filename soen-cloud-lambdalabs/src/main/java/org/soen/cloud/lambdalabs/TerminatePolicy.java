package org.soen.cloud.lambdalabs;

import java.util.Locale;

/**
 * When the {@code lambdalabs} provider terminates the instance it launched
 * ({@code cloud.lambda.terminate}). The default, {@link #ALWAYS}, is the only one that can never
 * leave a paid instance behind; the others are an explicit choice for debugging a failed run on
 * the machine itself.
 */
public enum TerminatePolicy {
  /** Terminate after success, failure, stop, interrupt, timeout and budget cap. */
  ALWAYS,
  /** Keep the instance only when the job failed, so it can be inspected. */
  ON_SUCCESS,
  /** Never terminate; the user terminates by hand or with {@code soen-cloud reap}. */
  NEVER;

  /** The name used in YAML: {@code always}, {@code on_success} or {@code never}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
