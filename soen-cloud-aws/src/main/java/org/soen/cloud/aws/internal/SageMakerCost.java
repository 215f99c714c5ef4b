package org.soen.cloud.aws.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.PhaseCost;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.SoenCloudException;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatusTransition;

/**
 * What a training job cost: SageMaker's {@code BillableTimeInSeconds} times the instance count
 * times the hourly price (the live price read for the estimate, else the catalog's) (spot or on-demand), split into startup, training and upload
 * by the job's secondary status transitions.
 */
final class SageMakerCost {
  private SageMakerCost() {}

  /** The report for {@code d}, or empty while SageMaker has not billed the job yet. */
  static Optional<CostReport> report(String jobId, DescribeTrainingJobResponse d,
      java.util.function.Function<String, Optional<InstancePrice>> prices) {
    if (d.billableTimeInSeconds() == null) {
      return Optional.empty();
    }
    String type = d.resourceConfig().instanceTypeAsString();
    int count = d.resourceConfig().instanceCount();
    boolean spot = Boolean.TRUE.equals(d.enableManagedSpotTraining());
    long billable = d.billableTimeInSeconds();
    InstancePrice price = prices.apply(type).orElseThrow(() -> new SoenCloudException(
        "SageMaker billed " + billable + " s x " + count + " of " + type + ", but "
            + PricingCatalog.missingPriceHint(SageMakerBackend.PROVIDER, type)));
    BigDecimal onDemand = price.onDemandHourlyUsd();
    BigDecimal hourly = spot ? price.spotHourlyUsd().orElse(onDemand) : onDemand;
    BigDecimal total = usd(hourly, billable * count);
    CostReport.Builder b = CostReport.builder().jobId(jobId).provider(SageMakerBackend.PROVIDER).instanceType(type)
        .instanceCount(count).hourlyUsd(hourly).billable(Duration.ofSeconds(billable)).totalUsd(total)
        .source("BillableTimeInSeconds x InstanceCount x " + (spot ? "spot" : "on-demand") + " price (" + price.source()
            + ", " + price.asOf() + ")");
    if (spot) {
      b.spotSavingsUsd(usd(onDemand, billable * count).subtract(total));
    }
    long phased = 0;
    Map<String, Long> phases = new LinkedHashMap<>();
    for (SecondaryStatusTransition t : d.secondaryStatusTransitions()) {
      if (t.endTime() == null) {
        continue;
      }
      // Instances being launched ("Starting") are not billed: BillableTimeInSeconds begins with the download.
      String phase = switch (t.statusAsString()) {
        case "Downloading", "DownloadingTrainingImage" -> "startup";
        case "Training" -> "training";
        case "Uploading" -> "upload";
        default -> null;
      };
      if (phase != null) {
        long s = Duration.between(t.startTime(), t.endTime()).toSeconds();
        phases.merge(phase, s, Long::sum);
        phased += s;
      }
    }
    long all = Math.max(1, phased);
    phases.forEach((phase, s) -> b.addPhases(PhaseCost.of(phase, Duration.ofSeconds(s),
        total.multiply(BigDecimal.valueOf(s)).divide(BigDecimal.valueOf(all), 4, RoundingMode.HALF_UP))));
    return Optional.of(b.build());
  }

  private static BigDecimal usd(BigDecimal hourly, long seconds) {
    return hourly.multiply(BigDecimal.valueOf(seconds)).divide(BigDecimal.valueOf(3600), 4, RoundingMode.HALF_UP);
  }
}
