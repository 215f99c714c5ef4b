package org.soen.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.PhaseCost;
import org.soen.cloud.PricingCatalog;

class LocalCostsTest {
  private static final Instant SUBMITTED = Instant.parse("2026-12-05T00:00:00Z");

  private static InstancePrice price(String provider, String type, String onDemand, String spot) {
    InstancePrice.Builder b = InstancePrice.builder().provider(provider).instanceType(type).gpu("gpu")
        .onDemandHourlyUsd(new BigDecimal(onDemand)).source("test " + provider).asOf(LocalDate.of(2026, 1, 1));
    if (spot != null) {
      b.spotHourlyUsd(new BigDecimal(spot));
    }
    return b.build();
  }

  private static final LocalCosts COSTS = new LocalCosts(PricingCatalog.of(List.of(
      price("local", "local", "0", null),
      price("sagemaker", "ml.g5.xlarge", "1.00", "0.40"),
      price("sagemaker", "ml.p3.2xlarge", "3.00", null),
      price("lambdalabs", "gpu_1x_a10", "0.75", null))));

  private static CloudConfig config(InstanceSpec instance) {
    return CloudConfig.builder().provider("local").instance(instance).build();
  }

  @Test
  void comparisons_whenNoProviderHasTheType_priceEachCloudProvidersCheapestEntry_andSkipLocal() {
    List<CostEstimate> out = COSTS.comparisons(config(InstanceSpec.builder().instanceCount(2).build()),
        new BigDecimal("3"));

    assertThat(out).extracting(CostEstimate::provider).containsExactlyInAnyOrder("sagemaker", "lambdalabs");
    CostEstimate sagemaker = out.stream().filter(e -> e.provider().equals("sagemaker")).findFirst().orElseThrow();
    // The catalog lists a provider's entries cheapest first.
    assertThat(sagemaker.instanceType()).isEqualTo("ml.g5.xlarge");
    assertThat(sagemaker.onDemandTotalUsd().orElseThrow()).isEqualByComparingTo("6.00");
    assertThat(sagemaker.instanceCount()).isEqualTo(2);
    assertThat(sagemaker.hoursBasis()).isEqualTo(CostEstimate.HoursBasis.EXPECTED);
    assertThat(sagemaker.priceSource()).hasValue("test sagemaker");
  }

  @Test
  void comparisons_whenAProviderHasTheConfigsType_priceThatType_onDemandUnlessSpotIsAsked() {
    CostEstimate onDemand = only(COSTS.comparisons(config(InstanceSpec.builder().instanceType("ml.p3.2xlarge")
        .build()), new BigDecimal("2")), "sagemaker");
    assertThat(onDemand.instanceType()).isEqualTo("ml.p3.2xlarge");
    assertThat(onDemand.totalUsd().orElseThrow()).isEqualByComparingTo("6.00");
    assertThat(onDemand.spotTotalUsd()).isEmpty();

    CostEstimate spot = only(COSTS.comparisons(config(InstanceSpec.builder().instanceType("ml.g5.xlarge")
        .useSpot(true).build()), new BigDecimal("2")), "sagemaker");
    assertThat(spot.onDemandTotalUsd().orElseThrow()).isEqualByComparingTo("2.00");
    assertThat(spot.totalUsd().orElseThrow()).isEqualByComparingTo("0.80");
  }

  @Test
  void report_isFree_andSplitsWallTimeIntoUploadAndTraining() {
    CostReport r = COSTS.report("job-1", config(InstanceSpec.builder().build()), SUBMITTED,
        SUBMITTED.plusSeconds(60), SUBMITTED.plus(Duration.ofMinutes(61)));

    assertThat(r.jobId()).isEqualTo("job-1");
    assertThat(r.provider()).isEqualTo("local");
    assertThat(r.instanceType()).isEqualTo("local");
    assertThat(r.totalUsd()).isEqualByComparingTo("0");
    assertThat(r.billable()).isEqualTo(Duration.ofMinutes(61));
    assertThat(r.phases()).extracting(PhaseCost::phase, PhaseCost::duration)
        .containsExactly(Tuple.tuple("upload", Duration.ofMinutes(1)),
            Tuple.tuple("training", Duration.ofHours(1)));
    assertThat(r.comparisons()).extracting(CostEstimate::provider).containsExactlyInAnyOrder("sagemaker", "lambdalabs");
    assertThat(only(r.comparisons(), "lambdalabs").totalUsd().orElseThrow()).isEqualByComparingTo("0.76");
  }

  @Test
  void report_whenClocksDisagree_countsNoPhaseBelowZero() {
    CostReport r = COSTS.report("job-2", config(InstanceSpec.builder().build()), SUBMITTED,
        SUBMITTED.minusSeconds(5), SUBMITTED.minusSeconds(10));

    assertThat(r.phases()).extracting(PhaseCost::duration).containsOnly(Duration.ZERO);
    assertThat(r.billable()).isEqualTo(Duration.ZERO);
  }

  private static CostEstimate only(List<CostEstimate> estimates, String provider) {
    return estimates.stream().filter(e -> e.provider().equals(provider)).findFirst().orElseThrow();
  }
}
