package org.soen.cloud;

import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What to run on: instance type and count, spot, and how long the run may take.
 *
 * <pre>{@code
 * InstanceSpec spec = InstanceSpec.builder()
 *     .instanceType("ml.g5.xlarge")
 *     .useSpot(true)
 *     .maxRuntime(Duration.ofHours(4))
 *     .build();
 * }</pre>
 *
 * <p>An empty {@link #instanceType()} means the provider's default type.
 */
@Value.Immutable
public abstract class InstanceSpec {
  /** The longest run SageMaker accepts, which every provider adopts: 28 days. */
  public static final Duration MAX_RUNTIME_LIMIT = Duration.ofDays(28);

  InstanceSpec() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this value. */
  public Builder toBuilder() {
    return builder().from(this);
  }

  /** A spec with the provider's default instance type and every other default. */
  public static InstanceSpec defaults() {
    return builder().build();
  }

  /** Instance type, for example {@code ml.g5.xlarge} or {@code gpu_1x_a100_sxm4}. */
  public abstract Optional<String> instanceType();

  /** Number of instances; 1 unless the job is distributed. */
  @Value.Default
  public int instanceCount() {
    return 1;
  }

  /** Whether to run on spot (cheaper, may be interrupted). */
  @Value.Default
  public boolean useSpot() {
    return false;
  }

  /** Hard limit on the training run; the provider stops the job after it. Defaults to 24 hours. */
  @Value.Default
  public Duration maxRuntime() {
    return Duration.ofHours(24);
  }

  /** Spot only: how long to wait for spot capacity plus run; at least {@link #maxRuntime()}. */
  public abstract Optional<Duration> maxWait();

  /** Disk per instance in GB. */
  @Value.Default
  public int volumeSizeGb() {
    return 30;
  }

  /** A copy with another instance type. */
  public InstanceSpec withType(String instanceType) {
    return toBuilder().instanceType(instanceType).build();
  }

  @Value.Check
  void check() {
    Checks.require(instanceCount() >= 1 && instanceCount() <= 100,
        "instance.instance_count", "must be a whole number from 1 to 100, was " + instanceCount());
    Checks.require(!maxRuntime().isNegative() && !maxRuntime().isZero()
            && maxRuntime().compareTo(MAX_RUNTIME_LIMIT) <= 0,
        "instance.max_runtime_hours", "must be more than 0 and at most 672 hours (28 days)");
    Checks.require(volumeSizeGb() >= 1 && volumeSizeGb() <= 16384,
        "instance.volume_size_gb", "must be a whole number from 1 to 16384");
    instanceType().ifPresent(t -> Checks.require(!t.isBlank(),
        "instance.instance_type", "must not be blank"));
    maxWait().ifPresent(w -> {
      Checks.require(useSpot(), "instance.max_wait_hours", "applies only with use_spot: true");
      Checks.require(w.compareTo(maxRuntime()) >= 0, "instance.max_wait_hours",
          "must be at least max_runtime_hours (" + Checks.hours(maxRuntime()) + "), was "
              + Checks.hours(w));
    });
  }

  /** Builds {@link InstanceSpec} values. */
  public static final class Builder extends ImmutableInstanceSpec.Builder {
    Builder() {}
  }
}
