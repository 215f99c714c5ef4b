package org.soen.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostSoFar;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.InstanceSpec;

class CostModelTest {
  private static final InstancePrice G5 = InstancePrice.builder().provider("sagemaker").instanceType("ml.g5.xlarge")
      .gpu("1x A10G").onDemandHourlyUsd(new BigDecimal("1.01")).spotHourlyUsd(new BigDecimal("0.35"))
      .source("test").asOf(LocalDate.of(2024, 11, 27)).build();

  private static CloudConfig config(InstanceSpec instance) {
    return CloudConfig.builder().provider("sagemaker").instance(instance).build();
  }

  @Test
  void estimate_usesTheMaxRuntimeAsUpperBound() {
    CostEstimate e = CostModel.estimate(config(InstanceSpec.builder().maxRuntime(Duration.ofHours(24)).build()),
        "ml.g5.xlarge", G5);
    assertThat(e.hours()).isEqualByComparingTo("24");
    assertThat(e.hoursBasis()).isEqualTo(CostEstimate.HoursBasis.MAX_RUNTIME);
    assertThat(e.onDemandTotalUsd().orElseThrow()).isEqualByComparingTo("24.24");
    assertThat(e.spotTotalUsd()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("8.40"));
    assertThat(e.totalUsd().orElseThrow()).isEqualByComparingTo("24.24");
    assertThat(e.priceSource().orElseThrow()).isEqualTo("test");
  }

  @Test
  void estimate_withSpot_paysTheSpotTotal() {
    CostEstimate e = CostModel.estimate(config(InstanceSpec.builder().useSpot(true).instanceCount(2)
        .maxRuntime(Duration.ofHours(2)).build()), "ml.g5.xlarge", G5);
    assertThat(e.totalUsd().orElseThrow()).isEqualByComparingTo("1.40");
    assertThat(e.onDemandTotalUsd().orElseThrow()).isEqualByComparingTo("4.04");
  }

  @Test
  void estimate_withExpectedHours_usesThem() {
    CloudConfig c = config(InstanceSpec.builder().build()).toBuilder().expectedHours(new BigDecimal("1.5")).build();
    CostEstimate e = CostModel.estimate(c, "ml.g5.xlarge", G5);
    assertThat(e.hours()).isEqualByComparingTo("1.5");
    assertThat(e.hoursBasis()).isEqualTo(CostEstimate.HoursBasis.EXPECTED);
  }

  @Test
  void budget_boundsTheRuntimeSoTheRunCannotExceedIt() {
    CloudConfig c = config(InstanceSpec.builder().maxRuntime(Duration.ofHours(24)).build()).toBuilder()
        .maxCostUsd(new BigDecimal("5.00")).build();
    CostEstimate e = CostModel.estimate(c, "ml.g5.xlarge", G5);
    assertThat(e.hoursBasis()).isEqualTo(CostEstimate.HoursBasis.BUDGET);
    assertThat(e.onDemandTotalUsd().orElseThrow()).isLessThanOrEqualTo(new BigDecimal("5.00"));
    Duration bounded = CostModel.boundedRuntime(c, e);
    assertThat(bounded).isLessThan(Duration.ofHours(5)).isGreaterThan(Duration.ofHours(4));
    assertThat(CostModel.cost(new BigDecimal("1.01"), 1, bounded)).isLessThanOrEqualTo(new BigDecimal("5.00"));
  }

  @Test
  void budget_belowTheCheapestRun_isRefused() {
    CloudConfig c = config(InstanceSpec.builder().build()).toBuilder().maxCostUsd(new BigDecimal("0.05")).build();
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> CostModel.estimate(c, "ml.g5.xlarge", G5));
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.keyPath()).isEqualTo("cloud.max_cost_usd");
      assertThat(p.message()).contains("the budget of $0.05 is less than the cheapest possible run: $0.10 for 0.1 h");
    });
  }

  @Test
  void unpriced_withoutBudget_estimatesHoursAndSaysThePriceIsUnknown() {
    CloudConfig c = config(InstanceSpec.builder().instanceCount(2).maxRuntime(Duration.ofHours(3)).build());
    CostEstimate e = CostModel.unpriced(c, "ml.p5.48xlarge", "no price is known for ml.p5.48xlarge");
    assertThat(e.priceKnown()).isFalse();
    assertThat(e.hours()).isEqualByComparingTo("3");
    assertThat(e.instanceCount()).isEqualTo(2);
    assertThat(e.totalUsd()).isEmpty();
    assertThat(e.onDemandHourlyUsd()).isEmpty();
    assertThat(e.priceSource()).isEmpty();
    assertThat(e.missingPrice()).hasValue("no price is known for ml.p5.48xlarge");
  }

  @Test
  void unpriced_withBudget_isRefusedNamingMaxCostUsd() {
    CloudConfig c = config(InstanceSpec.builder().build()).toBuilder().maxCostUsd(new BigDecimal("50")).build();
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> CostModel.unpriced(c, "ml.p5.48xlarge", "no price is known for ml.p5.48xlarge; give one"));
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.keyPath()).isEqualTo("cloud.max_cost_usd");
      assertThat(p.message()).isEqualTo("the budget of $50 cannot be kept: no price is known for ml.p5.48xlarge; "
          + "give one; or remove max_cost_usd to run without a budget");
    });
  }

  @Test
  void estimate_withPriceAndMissingPrice_isRejectedByTheValue() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> CostEstimate.builder()
        .provider("sagemaker").instanceType("ml.g5.xlarge").instanceCount(1).hours(BigDecimal.ONE)
        .hoursBasis(CostEstimate.HoursBasis.EXPECTED).onDemandHourlyUsd(BigDecimal.ONE).onDemandTotalUsd(BigDecimal.ONE)
        .totalUsd(BigDecimal.ONE).priceSource("test").priceDate(LocalDate.of(2026, 12, 4)).missingPrice("unknown")
        .build());
    assertThat(e).hasMessageContaining("missingPrice is given exactly when no price is known");
  }

  @Test
  void totals_arePriceTimesCountTimesHours_roundedToCents() {
    qt().withExamples(2000).forAll(integers().between(1, 100), integers().between(1, 672 * 60), integers().between(0, 5000))
        .checkAssert((count, minutes, cents) -> {
          BigDecimal rate = BigDecimal.valueOf(cents, 2);
          InstancePrice price = InstancePrice.builder().from(G5).onDemandHourlyUsd(rate).build();
          CloudConfig c = config(InstanceSpec.builder().instanceCount(count)
              .maxRuntime(Duration.ofMinutes(minutes)).build());
          CostEstimate e = CostModel.estimate(c, "ml.g5.xlarge", price);
          BigDecimal expected = rate.multiply(BigDecimal.valueOf(count)).multiply(BigDecimal.valueOf(minutes))
              .divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
          assertThat(e.onDemandTotalUsd().orElseThrow().subtract(expected).abs()).isLessThanOrEqualTo(new BigDecimal("0.01"));
          assertThat(e.onDemandTotalUsd().orElseThrow().scale()).isEqualTo(2);
        });
  }

  @Test
  void budgetBound_neverAllowsMoreThanTheBudget() {
    qt().withExamples(2000).forAll(integers().between(1, 16), integers().between(1, 5000), integers().between(20, 100_000))
        .checkAssert((count, rateCents, budgetCents) -> {
          BigDecimal rate = BigDecimal.valueOf(rateCents, 2);
          BigDecimal budget = BigDecimal.valueOf(budgetCents, 2);
          InstancePrice price = InstancePrice.builder().from(G5).onDemandHourlyUsd(rate).build();
          CloudConfig c = config(InstanceSpec.builder().instanceCount(count).build()).toBuilder().maxCostUsd(budget).build();
          CostEstimate e;
          try {
            e = CostModel.estimate(c, "ml.g5.xlarge", price);
          } catch (ConfigurationException refused) {
            assertThat(rate.multiply(BigDecimal.valueOf(count)).multiply(CostModel.MINIMUM_HOURS)).isGreaterThan(budget.subtract(new BigDecimal("0.005")));
            return;
          }
          Duration runtime = CostModel.boundedRuntime(c, e);
          BigDecimal exact = rate.multiply(BigDecimal.valueOf(count)).multiply(BigDecimal.valueOf(runtime.toSeconds()))
              .divide(BigDecimal.valueOf(3600), 10, RoundingMode.HALF_UP);
          assertThat(exact).isLessThanOrEqualTo(budget);
        });
  }

  private static final java.time.Instant T0 = java.time.Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void soFar_twoSpotInstancesForNinetyMinutes_paysSpotTimesCountTimesHours() {
    CloudConfig c = config(InstanceSpec.builder().useSpot(true).instanceCount(2).build()).toBuilder()
        .maxCostUsd(new BigDecimal("10")).build();

    CostSoFar s = CostModel.soFar("job", c, "ml.g5.xlarge", java.util.Optional.of(G5), "unused", T0,
        T0.plus(Duration.ofMinutes(90)));

    assertThat(s.elapsed()).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.hourlyUsd().orElseThrow()).isEqualByComparingTo("0.35");
    assertThat(s.totalUsd().orElseThrow()).isEqualByComparingTo("1.05");
    assertThat(s.budgetUsd().orElseThrow()).isEqualByComparingTo("10");
    assertThat(s.priceSource()).hasValue("test");
    assertThat(s.priceDate()).hasValue(LocalDate.of(2024, 11, 27));
    assertThat(s.asOf()).isEqualTo(T0.plus(Duration.ofMinutes(90)));
  }

  @Test
  void soFar_withoutPrice_hasNoTotalAndSaysHowToPrice() {
    CostSoFar s = CostModel.soFar("job", config(InstanceSpec.builder().build()), "ml.x", java.util.Optional.empty(),
        "no price for ml.x: give one in a pricing file", T0, T0.plus(Duration.ofHours(1)));

    assertThat(s.priceKnown()).isFalse();
    assertThat(s.totalUsd()).isEmpty();
    assertThat(s.hourlyUsd()).isEmpty();
    assertThat(s.missingPrice()).hasValue("no price for ml.x: give one in a pricing file");
  }

  @Test
  void soFar_endBeforeSubmission_countsNoTime() {
    CostSoFar s = CostModel.soFar("job", config(InstanceSpec.builder().build()), "ml.g5.xlarge",
        java.util.Optional.of(G5), "unused", T0, T0.minusSeconds(5));

    assertThat(s.elapsed()).isZero();
    assertThat(s.totalUsd().orElseThrow()).isEqualByComparingTo("0");
  }

  @Test
  void costSoFar_priceWithoutSource_isRefusedNamingTheRule() {
    Throwable t = catchThrowableOfType(() -> CostSoFar.builder().jobId("job").provider("p").instanceType("t")
        .instanceCount(1).asOf(T0).elapsed(Duration.ZERO).hourlyUsd(BigDecimal.ONE).totalUsd(BigDecimal.ZERO).build(),
        ConfigurationException.class);

    assertThat(t).isInstanceOf(ConfigurationException.class).hasMessageContaining("cloud.costSoFar.job")
        .hasMessageContaining("price, total, price source and price date are given together");
  }
}
