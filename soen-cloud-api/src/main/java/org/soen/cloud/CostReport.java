package org.soen.cloud;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What a job cost, per phase and in total, from the provider's billable time where it reports it
 * (SageMaker's {@code BillableTimeInSeconds}) or from launch to terminate (Lambda).
 */
@Value.Immutable
public abstract class CostReport {
  CostReport() {}

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

  /** USD per instance-hour billed. */
  public abstract BigDecimal hourlyUsd();

  /** Time billed, per instance. */
  public abstract Duration billable();

  /** Phases in order. */
  public abstract List<PhaseCost> phases();

  /** What the job cost in USD. */
  public abstract BigDecimal totalUsd();

  /** What spot saved against on-demand, for spot jobs. */
  public abstract Optional<BigDecimal> spotSavingsUsd();

  /** Where the billable time came from, e.g. {@code BillableTimeInSeconds}. */
  public abstract String source();

  /** What the same run would have cost elsewhere (the {@code local} provider fills this). */
  public abstract List<CostEstimate> comparisons();

  /** Builds {@link CostReport} values. */
  public static final class Builder extends ImmutableCostReport.Builder {
    Builder() {}
  }
}
