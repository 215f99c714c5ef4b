package org.soen.cloud;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.immutables.value.Value;

/** One row of the pricing catalog: what an instance type costs per hour, and where that came from. */
@Value.Immutable
public abstract class InstancePrice {
  InstancePrice() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The provider id. */
  public abstract String provider();

  /** The instance type. */
  public abstract String instanceType();

  /** The GPUs, e.g. {@code 1x A10G 24GB}. */
  public abstract String gpu();

  /** On-demand USD per instance-hour. */
  public abstract BigDecimal onDemandHourlyUsd();

  /** Spot USD per instance-hour, where the provider has spot. */
  public abstract Optional<BigDecimal> spotHourlyUsd();

  /** Where the price was read: a page, an API, a file. */
  public abstract String source();

  /** When the price was read. */
  public abstract LocalDate asOf();

  @Value.Check
  void check() {
    Checks.require(onDemandHourlyUsd().signum() >= 0, "pricing." + instanceType(),
        "on-demand price must not be negative");
    spotHourlyUsd().ifPresent(s -> Checks.require(s.signum() >= 0, "pricing." + instanceType(),
        "spot price must not be negative"));
  }

  /** Builds {@link InstancePrice} values. */
  public static final class Builder extends ImmutableInstancePrice.Builder {
    Builder() {}
  }
}
