package org.soen.cloud.lambdalabs.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CostReport;
import org.soen.cloud.PhaseCost;

/** What a Lambda job cost, from its journaled times: launch request to confirmed termination, by phase. */
final class CostReports {
  private CostReports() {}

  /** The report of job {@code jobId} from its provider state, counting to {@code now} while the instance runs. */
  static Optional<CostReport> of(String jobId, Map<String, String> p, Instant now) {
    if (!p.containsKey(Keys.T_LAUNCH) || !p.containsKey(Keys.PRICE_CENTS)) {
      return Optional.empty();
    }
    BigDecimal hourly = BigDecimal.valueOf(Integer.parseInt(p.get(Keys.PRICE_CENTS))).movePointLeft(2);
    Instant launch = Instant.parse(p.get(Keys.T_LAUNCH));
    Instant end = Optional.ofNullable(p.get(Keys.T_TERMINATED)).map(Instant::parse).orElse(now);
    Instant uploadStart = time(p, Keys.T_UPLOAD_START, Keys.T_SSH, end, launch);
    Instant runStart = time(p, Keys.T_RUN_START, Keys.T_UPLOAD_END, end, uploadStart);
    Instant runEnd = time(p, Keys.T_RUN_END, null, end, runStart);
    List<PhaseCost> phases = List.of(
        phase("startup", launch, uploadStart, hourly),
        phase("upload", uploadStart, runStart, hourly),
        phase("training", runStart, runEnd, hourly),
        phase("download", runEnd, end, hourly));
    Duration billable = Duration.between(launch, end);
    return Optional.of(CostReport.builder().jobId(jobId).provider(LambdaBackend.PROVIDER)
        .instanceType(p.getOrDefault(Keys.INSTANCE_TYPE, "?")).instanceCount(1).hourlyUsd(hourly).billable(billable)
        .phases(phases).totalUsd(usd(billable, hourly))
        .source(p.containsKey(Keys.T_TERMINATED) ? "launch to terminate at the launch-time price"
            : "launch to now at the launch-time price (instance still running)")
        .build());
  }

  private static Instant time(Map<String, String> p, String key, String fallback, Instant end, Instant floor) {
    String v = p.get(key);
    if (v == null && fallback != null) {
      v = p.get(fallback);
    }
    Instant t = v == null ? end : Instant.parse(v);
    t = t.isBefore(floor) ? floor : t;
    return t.isAfter(end) ? end : t;
  }

  private static PhaseCost phase(String name, Instant from, Instant to, BigDecimal hourly) {
    Duration d = Duration.between(from, to);
    return PhaseCost.of(name, d, usd(d, hourly));
  }

  static BigDecimal usd(Duration d, BigDecimal hourly) {
    return hourly.multiply(BigDecimal.valueOf(d.toMillis())).divide(BigDecimal.valueOf(3_600_000L), 4, RoundingMode.HALF_UP);
  }
}
