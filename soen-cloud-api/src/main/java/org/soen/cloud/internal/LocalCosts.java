package org.soen.cloud.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.PhaseCost;
import org.soen.cloud.PricingCatalog;

/**
 * What a local run costs: nothing, so its estimate and its report show what the same hours would
 * cost on each cloud provider of the catalog; the report splits the process's wall time into
 * staging (as "upload") and training.
 */
final class LocalCosts {
  private static final BigDecimal FREE = BigDecimal.ZERO.setScale(2);

  private final PricingCatalog catalog;

  LocalCosts(PricingCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * What {@code hours} of {@code config} would cost on each cloud provider in the catalog: on its
   * entry for the config's instance type, else on its first entry.
   */
  List<CostEstimate> comparisons(CloudConfig config, BigDecimal hours) {
    List<CostEstimate> out = new ArrayList<>();
    String type = config.instance().instanceType().orElse("local");
    Map<String, InstancePrice> byProvider = new LinkedHashMap<>();
    for (InstancePrice p : catalog.entries()) {
      if (p.provider().equals(LocalBackendProvider.ID)) {
        continue;
      }
      InstancePrice current = byProvider.get(p.provider());
      if (p.instanceType().equals(type) || current == null && !byProvider.containsKey(p.provider())) {
        byProvider.put(p.provider(), p);
      }
    }
    for (InstancePrice p : byProvider.values()) {
      int count = config.instance().instanceCount();
      BigDecimal onDemand = CostModel.money(p.onDemandHourlyUsd().multiply(BigDecimal.valueOf(count)).multiply(hours));
      Optional<BigDecimal> spot = p.spotHourlyUsd()
          .map(s -> CostModel.money(s.multiply(BigDecimal.valueOf(count)).multiply(hours)));
      out.add(CostEstimate.builder().provider(p.provider()).instanceType(p.instanceType()).instanceCount(count)
          .onDemandHourlyUsd(p.onDemandHourlyUsd()).spotHourlyUsd(p.spotHourlyUsd()).hours(hours)
          .hoursBasis(CostEstimate.HoursBasis.EXPECTED).onDemandTotalUsd(onDemand).spotTotalUsd(spot)
          .totalUsd(config.instance().useSpot() && spot.isPresent() ? spot.get() : onDemand)
          .priceSource(p.source()).priceDate(p.asOf()).build());
    }
    return out;
  }

  /**
   * The report of job {@code jobId}, submitted, started and ended at the given instants: free,
   * staging from submission to start, training from start to end (neither below zero).
   */
  CostReport report(String jobId, CloudConfig config, Instant submitted, Instant started, Instant ended) {
    Duration staging = nonNegative(Duration.between(submitted, started));
    Duration training = nonNegative(Duration.between(started, ended));
    Duration total = staging.plus(training);
    return CostReport.builder().jobId(jobId).provider(LocalBackendProvider.ID)
        .instanceType(config.instance().instanceType().orElse("local")).instanceCount(1)
        .hourlyUsd(BigDecimal.ZERO).billable(total)
        .addPhases(PhaseCost.of("upload", staging, FREE))
        .addPhases(PhaseCost.of("training", training, FREE))
        .totalUsd(FREE).source("local process wall time")
        .comparisons(comparisons(config, CostModel.hours(total)))
        .build();
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
