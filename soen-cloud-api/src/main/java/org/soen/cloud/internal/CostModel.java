package org.soen.cloud.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostSoFar;
import org.soen.cloud.InstancePrice;

/**
 * Cost arithmetic: totals are price × instances × hours, rounded to cents; the budget bounds the
 * runtime using the on-demand price, so no price movement can make a run exceed it.
 */
public final class CostModel {
  /** The least a run can take (boot plus a first step), used when no expected duration is given. */
  public static final BigDecimal MINIMUM_HOURS = new BigDecimal("0.1");

  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private CostModel() {}

  /**
   * The estimate for {@code config} at {@code price}.
   *
   * @throws ConfigurationException when even the cheapest run exceeds {@code cloud.max_cost_usd}
   */
  public static CostEstimate estimate(CloudConfig config, String instanceType, InstancePrice price) {
    int count = config.instance().instanceCount();
    BigDecimal maxHours = hours(config.instance().maxRuntime());
    BigDecimal hours = unboundedHours(config);
    CostEstimate.HoursBasis basis = unboundedBasis(config);
    BigDecimal rate = price.onDemandHourlyUsd().multiply(BigDecimal.valueOf(count));
    Optional<BigDecimal> budget = config.maxCostUsd();
    if (budget.isPresent() && rate.signum() > 0) {
      BigDecimal cheapestHours = config.expectedHours().orElse(MINIMUM_HOURS).min(maxHours);
      BigDecimal cheapest = money(rate.multiply(cheapestHours));
      if (cheapest.compareTo(budget.get()) > 0) {
        throw new ConfigurationException(java.util.List.of(org.soen.cloud.ConfigProblem.builder()
            .source("config").keyPath("cloud.max_cost_usd").code(org.soen.cloud.ConfigProblem.CODE_CONFLICT)
            .message("the budget of $" + budget.get().toPlainString()
            + " is less than the cheapest possible run: $" + cheapest.toPlainString() + " for "
            + cheapestHours.toPlainString() + " h at $" + price.onDemandHourlyUsd().toPlainString()
            + "/h x " + count + " (" + (config.expectedHours().isPresent() ? "expected_hours" : "minimum run")
            + "); raise max_cost_usd, lower expected_hours or choose a cheaper instance type").build()));
      }
      // Whole seconds the budget buys, rounded down, so the bound can never overspend.
      BigDecimal affordableSeconds = budget.get().multiply(SECONDS_PER_HOUR).divide(rate, 0, RoundingMode.DOWN);
      BigDecimal affordable = affordableSeconds.divide(SECONDS_PER_HOUR, 6, RoundingMode.DOWN);
      if (affordable.compareTo(hours) < 0) {
        hours = affordable;
        basis = CostEstimate.HoursBasis.BUDGET;
      }
    }
    final BigDecimal billedHours = hours;
    Optional<BigDecimal> spotTotal = price.spotHourlyUsd()
        .map(s -> money(s.multiply(BigDecimal.valueOf(count)).multiply(billedHours)));
    BigDecimal onDemandTotal = money(rate.multiply(hours));
    BigDecimal total = config.instance().useSpot() && spotTotal.isPresent() ? spotTotal.get() : onDemandTotal;
    return CostEstimate.builder()
        .provider(config.provider())
        .instanceType(instanceType)
        .instanceCount(count)
        .onDemandHourlyUsd(price.onDemandHourlyUsd())
        .spotHourlyUsd(price.spotHourlyUsd())
        .hours(scaled(hours))
        .hoursBasis(basis)
        .onDemandTotalUsd(onDemandTotal)
        .spotTotalUsd(spotTotal)
        .totalUsd(total)
        .budgetUsd(budget)
        .priceSource(price.source())
        .priceDate(price.asOf())
        .build();
  }

  /**
   * The estimate for {@code config} when no price is known for {@code instanceType}: hours and
   * count, no totals, and {@code missingPrice} saying so and how to give a price.
   *
   * @throws ConfigurationException when {@code cloud.max_cost_usd} is set: a budget cannot be kept
   *     without a price, and soen-cloud does not guess one
   */
  public static CostEstimate unpriced(CloudConfig config, String instanceType, String missingPrice) {
    config.maxCostUsd().ifPresent(budget -> {
      throw new ConfigurationException(java.util.List.of(org.soen.cloud.ConfigProblem.builder()
          .source("config").keyPath("cloud.max_cost_usd").code(org.soen.cloud.ConfigProblem.CODE_CONFLICT)
          .message("the budget of $" + budget.toPlainString() + " cannot be kept: " + missingPrice
              + "; or remove max_cost_usd to run without a budget").build()));
    });
    return CostEstimate.builder()
        .provider(config.provider())
        .instanceType(instanceType)
        .instanceCount(config.instance().instanceCount())
        .hours(scaled(unboundedHours(config)))
        .hoursBasis(unboundedBasis(config))
        .missingPrice(missingPrice)
        .build();
  }

  private static BigDecimal unboundedHours(CloudConfig config) {
    BigDecimal maxHours = hours(config.instance().maxRuntime());
    return config.expectedHours().map(h -> h.min(maxHours)).orElse(maxHours);
  }

  private static CostEstimate.HoursBasis unboundedBasis(CloudConfig config) {
    return config.expectedHours().isPresent() ? CostEstimate.HoursBasis.EXPECTED : CostEstimate.HoursBasis.MAX_RUNTIME;
  }

  private static BigDecimal scaled(BigDecimal hours) {
    return hours.setScale(6, RoundingMode.DOWN).stripTrailingZeros();
  }

  /** The runtime the budget allows: the estimate's hours when the budget bounded them. */
  public static Duration boundedRuntime(CloudConfig config, CostEstimate estimate) {
    if (estimate.hoursBasis() != CostEstimate.HoursBasis.BUDGET) {
      return config.instance().maxRuntime();
    }
    long seconds = estimate.hours().multiply(SECONDS_PER_HOUR).setScale(0, RoundingMode.DOWN).longValueExact();
    return Duration.ofSeconds(Math.max(1, seconds));
  }

  /**
   * What {@code config}'s job has cost from {@code submittedAt} to {@code end} at {@code price} (the
   * spot price with {@code use_spot} where there is one), or unpriced with {@code missingPrice}
   * when {@code price} is empty.
   */
  public static CostSoFar soFar(String jobId, CloudConfig config, String instanceType, Optional<InstancePrice> price,
      String missingPrice, Instant submittedAt, Instant end) {
    Duration between = Duration.between(submittedAt, end);
    Duration elapsed = between.isNegative() ? Duration.ZERO : between;
    int count = config.instance().instanceCount();
    CostSoFar.Builder b = CostSoFar.builder().jobId(jobId).provider(config.provider()).instanceType(instanceType)
        .instanceCount(count).asOf(end).elapsed(elapsed)
        .budgetUsd(config.maxCostUsd());
    if (price.isEmpty()) {
      return b.missingPrice(missingPrice).build();
    }
    InstancePrice p = price.get();
    BigDecimal hourly = config.instance().useSpot() ? p.spotHourlyUsd().orElse(p.onDemandHourlyUsd()) : p.onDemandHourlyUsd();
    return b.hourlyUsd(hourly).totalUsd(cost(hourly, count, elapsed))
        .priceSource(p.source()).priceDate(p.asOf()).build();
  }

  /** What {@code duration} on {@code count} instances at {@code hourlyUsd} costs, in cents. */
  public static BigDecimal cost(BigDecimal hourlyUsd, int count, Duration duration) {
    return money(hourlyUsd.multiply(BigDecimal.valueOf(count)).multiply(hours(duration)));
  }

  /** {@code duration} in hours. */
  public static BigDecimal hours(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis()).divide(BigDecimal.valueOf(3_600_000L), 6, RoundingMode.HALF_UP);
  }

  /** Rounded to cents. */
  public static BigDecimal money(BigDecimal usd) {
    return usd.setScale(2, RoundingMode.HALF_UP);
  }
}
