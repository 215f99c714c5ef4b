package org.soen.cloud.lambdalabs.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * When a job must end: its launch plus {@code cloud.instance.max_runtime_hours}, or sooner where
 * {@code cloud.max_cost_usd} runs out first at the instance's price. Fixed at launch, journaled and
 * tagged on the instance, so the launcher, the instance's watchdog and every reaper agree on it.
 *
 * @param at the moment the job must be stopped
 * @param why which cap it is, in words ("the max runtime of 120 minutes", "the cost cap of $5")
 */
record Deadline(Instant at, String why) {
  /** The deadline of a job launched at {@code launch} at {@code priceCents} an hour. */
  static Deadline of(JobSpec spec, Instant launch, int priceCents) {
    Duration limit = Duration.ofSeconds(spec.maxRuntimeSeconds());
    String why = "the max runtime of " + limit.toMinutes() + " minutes";
    if (spec.maxCostUsd() != null && priceCents > 0) {
      BigDecimal hourly = BigDecimal.valueOf(priceCents).movePointLeft(2);
      long seconds = new BigDecimal(spec.maxCostUsd()).multiply(BigDecimal.valueOf(3600))
          .divide(hourly, 0, RoundingMode.DOWN).longValue();
      if (seconds < limit.toSeconds()) {
        limit = Duration.ofSeconds(seconds);
        why = "the cost cap of $" + spec.maxCostUsd();
      }
    }
    return new Deadline(launch.plus(limit), why);
  }

  /** The deadline as an instance tag's value: whole seconds since the epoch. */
  String tagValue() {
    return Long.toString(at.getEpochSecond());
  }
}
