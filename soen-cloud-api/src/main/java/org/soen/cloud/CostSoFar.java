package org.soen.cloud;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a job has cost so far, while it runs, beside its budget: {@link #elapsed()} × the job's
 * hourly price × its instances, priced from the config the journal keeps for it, as
 * {@link CloudTrainer#estimate} prices a config (the provider's live price, else the pricing file's
 * or the bundled catalog's).
 *
 * <p>The time counts from the job's submission, so it includes provisioning and staging, which
 * some providers do not bill: the figure is at most what the provider bills for that time. Once a
 * job has ended, {@link CloudTrainer#costReport} is its bill. When no price is known the price,
 * total, source and date are empty and {@link #missingPrice()} says so and how to give one:
 * soen-cloud never guesses a price.
 */
@Value.Immutable
public abstract class CostSoFar {
  CostSoFar() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The job name. */
  public abstract String jobId();

  /** The provider id. */
  public abstract String provider();

  /** The instance type. */
  public abstract String instanceType();

  /** Number of instances. */
  public abstract int instanceCount();

  /** When this was computed (the trainer's clock). */
  public abstract Instant asOf();

  /** From the job's submission to {@link #asOf()}, or to when its end was recorded. */
  public abstract Duration elapsed();

  /** USD per instance-hour the job pays (spot with {@code use_spot} where there is one); empty when no price is known. */
  public abstract Optional<BigDecimal> hourlyUsd();

  /** {@link #elapsed()} × {@link #hourlyUsd()} × {@link #instanceCount()}, in cents; empty when no price is known. */
  public abstract Optional<BigDecimal> totalUsd();

  /** The job's {@code cloud.max_cost_usd}, if it had one. */
  public abstract Optional<BigDecimal> budgetUsd();

  /** Where the price came from; empty when no price is known. */
  public abstract Optional<String> priceSource();

  /** When the price was read; empty when no price is known. */
  public abstract Optional<LocalDate> priceDate();

  /** When no price is known: a sentence that says so and how to give one. Empty when priced. */
  public abstract Optional<String> missingPrice();

  /** Whether a price was known, so that {@link #totalUsd()} is present. */
  public boolean priceKnown() {
    return hourlyUsd().isPresent();
  }

  @Value.Check
  void check() {
    Checks.requirePricedTogether("costSoFar." + jobId(), "price, total, price source and price date",
        hourlyUsd(), missingPrice(), totalUsd(), priceSource(), priceDate());
    Checks.require(!elapsed().isNegative(), "costSoFar." + jobId(), "elapsed must not be negative, was " + elapsed());
  }

  /** Builds {@link CostSoFar} values. */
  public static final class Builder extends ImmutableCostSoFar.Builder {
    Builder() {}
  }
}
