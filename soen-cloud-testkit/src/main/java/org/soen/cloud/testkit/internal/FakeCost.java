package org.soen.cloud.testkit.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.PhaseCost;

/** A fake job's cost report, with the trainer's arithmetic: price x instances x hours, in cents. Not API. */
public final class FakeCost {
  private FakeCost() {}

  /**
   * The report for a job that spent {@code phases} (name to time, in order) billed on
   * {@code count} instances of {@code price}, at the spot price when {@code spot} and there is one.
   */
  public static CostReport report(String jobId, String provider, int count, InstancePrice price,
      boolean spot, LinkedHashMap<String, Duration> phases) {
    boolean useSpot = spot && price.spotHourlyUsd().isPresent();
    BigDecimal hourly = useSpot ? price.spotHourlyUsd().get() : price.onDemandHourlyUsd();
    List<PhaseCost> costs = new ArrayList<>();
    Duration billable = Duration.ZERO;
    for (Map.Entry<String, Duration> p : phases.entrySet()) {
      costs.add(PhaseCost.of(p.getKey(), p.getValue(), usd(p.getValue(), hourly, count)));
      billable = billable.plus(p.getValue());
    }
    CostReport.Builder b = CostReport.builder()
        .jobId(jobId)
        .provider(provider)
        .instanceType(price.instanceType())
        .instanceCount(count)
        .hourlyUsd(hourly)
        .billable(billable)
        .phases(costs)
        .totalUsd(usd(billable, hourly, count))
        .source("FakeTrainingBackend: time on its clock in billed states");
    if (useSpot) {
      b.spotSavingsUsd(usd(billable, price.onDemandHourlyUsd(), count)
          .subtract(usd(billable, hourly, count)));
    }
    return b.build();
  }

  private static BigDecimal usd(Duration d, BigDecimal hourly, int count) {
    BigDecimal hours = BigDecimal.valueOf(d.toMillis())
        .divide(BigDecimal.valueOf(3_600_000L), 6, RoundingMode.HALF_UP);
    return hourly.multiply(BigDecimal.valueOf(count)).multiply(hours)
        .setScale(2, RoundingMode.HALF_UP);
  }
}
