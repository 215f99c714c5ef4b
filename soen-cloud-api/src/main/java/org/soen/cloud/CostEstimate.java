package org.soen.cloud;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a job will cost, computed before anything is submitted. {@link #hours()} is the expected
 * duration when one was stated ({@code cloud.expected_hours}), otherwise the max runtime, cut to
 * what {@code cloud.max_cost_usd} allows.
 *
 * <p>Every instance type a provider accepts can be estimated, priced or not: when no price is
 * known (no live price, no row in the catalog or the user's pricing file) the prices, totals,
 * source and date are empty and {@link #missingPrice()} says so and how to give one. Such a job
 * can still be submitted, unless {@code cloud.max_cost_usd} is set: a budget needs a price.
 */
@Value.Immutable
public abstract class CostEstimate {
  /** Why {@link #hours()} has its value. */
  public enum HoursBasis {
    /** {@code cloud.expected_hours}. */
    EXPECTED,
    /** {@code cloud.instance.max_runtime_hours}: an upper bound. */
    MAX_RUNTIME,
    /** The runtime that {@code cloud.max_cost_usd} allows, shorter than the max runtime. */
    BUDGET
  }

  CostEstimate() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The provider id. */
  public abstract String provider();

  /** The instance type. */
  public abstract String instanceType();

  /** Number of instances. */
  public abstract int instanceCount();

  /** On-demand USD per instance-hour; empty when no price is known ({@link #missingPrice()}). */
  public abstract Optional<BigDecimal> onDemandHourlyUsd();

  /** Spot USD per instance-hour, where the provider has spot. */
  public abstract Optional<BigDecimal> spotHourlyUsd();

  /** Hours the estimate covers. */
  public abstract BigDecimal hours();

  /** Why {@link #hours()} has its value. */
  public abstract HoursBasis hoursBasis();

  /** On-demand total for {@link #hours()} and {@link #instanceCount()}; empty when no price is known. */
  public abstract Optional<BigDecimal> onDemandTotalUsd();

  /** Spot total, where the provider has spot. */
  public abstract Optional<BigDecimal> spotTotalUsd();

  /** What this config pays: the spot total with {@code use_spot}, otherwise on-demand; empty when no price is known. */
  public abstract Optional<BigDecimal> totalUsd();

  /** {@code cloud.max_cost_usd}, if set. */
  public abstract Optional<BigDecimal> budgetUsd();

  /** Where the price came from; empty when no price is known. */
  public abstract Optional<String> priceSource();

  /** When the price was read; empty when no price is known. */
  public abstract Optional<LocalDate> priceDate();

  /**
   * When no price is known for {@link #instanceType()}: a sentence that says so and how to give
   * one (a pricing file). Empty when the estimate is priced.
   */
  public abstract Optional<String> missingPrice();

  /** Whether a price was known, so that the totals are present. */
  public boolean priceKnown() {
    return onDemandHourlyUsd().isPresent();
  }

  /** What the same job would cost elsewhere (the {@code local} provider fills this). */
  public abstract List<CostEstimate> comparisons();

  @Value.Check
  void check() {
    Checks.requirePricedTogether("estimate." + instanceType(),
        "prices, totals, price source and price date", onDemandHourlyUsd(), missingPrice(),
        onDemandTotalUsd(), totalUsd(), priceSource(), priceDate());
    Checks.require(priceKnown() || spotHourlyUsd().isEmpty() && spotTotalUsd().isEmpty(), "estimate." + instanceType(),
        "spot prices need an on-demand price");
  }

  /** Builds {@link CostEstimate} values. */
  public static final class Builder extends ImmutableCostEstimate.Builder {
    Builder() {}
  }
}
