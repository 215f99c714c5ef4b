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

  /** On-demand USD per instance-hour. */
  public abstract BigDecimal onDemandHourlyUsd();

  /** Spot USD per instance-hour, where the provider has spot. */
  public abstract Optional<BigDecimal> spotHourlyUsd();

  /** Hours the estimate covers. */
  public abstract BigDecimal hours();

  /** Why {@link #hours()} has its value. */
  public abstract HoursBasis hoursBasis();

  /** On-demand total for {@link #hours()} and {@link #instanceCount()}. */
  public abstract BigDecimal onDemandTotalUsd();

  /** Spot total, where the provider has spot. */
  public abstract Optional<BigDecimal> spotTotalUsd();

  /** What this config pays: the spot total with {@code use_spot}, otherwise on-demand. */
  public abstract BigDecimal totalUsd();

  /** {@code cloud.max_cost_usd}, if set. */
  public abstract Optional<BigDecimal> budgetUsd();

  /** Where the price came from. */
  public abstract String priceSource();

  /** When the price was read. */
  public abstract LocalDate priceDate();

  /** What the same job would cost elsewhere (the {@code local} provider fills this). */
  public abstract List<CostEstimate> comparisons();

  /** Builds {@link CostEstimate} values. */
  public static final class Builder extends ImmutableCostEstimate.Builder {
    Builder() {}
  }
}
