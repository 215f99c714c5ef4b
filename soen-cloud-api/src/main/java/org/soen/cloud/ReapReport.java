package org.soen.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What {@code reap} found: the paid resources it released (or, in a dry run, would release) and
 * those it saw and left running, each with the reason. A provider returns one report; the trainer
 * joins the reports of every provider with {@link #plus}.
 */
@Value.Immutable
public abstract class ReapReport {
  ReapReport() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A report that found nothing. */
  public static ReapReport empty(boolean dryRun) {
    return builder().dryRun(dryRun).build();
  }

  /** Whether nothing was released, only listed. */
  public abstract boolean dryRun();

  /** The resources released, or that a dry run would release. */
  public abstract List<Released> released();

  /** The resources seen and left running: someone else's, or still in use. */
  public abstract List<LeftRunning> leftRunning();

  /** This report and {@code other} as one (both must agree on {@link #dryRun}). */
  public ReapReport plus(ReapReport other) {
    if (other.dryRun() != dryRun()) {
      throw new IllegalArgumentException("dryRun must be the same in both reports, was " + dryRun() + " and "
          + other.dryRun());
    }
    return builder().from(this).addAllReleased(other.released()).addAllLeftRunning(other.leftRunning()).build();
  }

  /** One resource released, or that a dry run would release. */
  @Value.Immutable
  public abstract static class Released {
    Released() {}

    /** A released resource. */
    public static Released of(String provider, String resource, String why) {
      return ImmutableReleased.builder().provider(provider).resource(resource).why(why).build();
    }

    /** The provider id, e.g. {@code lambdalabs}. */
    public abstract String provider();

    /** What it is, e.g. {@code Lambda instance 0a1b (soen-yolo-..., gpu_1x_a10 in us-east-1)}. */
    public abstract String resource();

    /** Why it was released, e.g. {@code its launcher is gone}. */
    public abstract String why();
  }

  /** One resource seen and left running. */
  @Value.Immutable
  public abstract static class LeftRunning {
    LeftRunning() {}

    /**
     * A resource left running.
     *
     * @param owner who launched it, when known
     * @param deadline when anyone's reap may end it, when known
     */
    public static LeftRunning of(String provider, String resource, Optional<String> owner, Optional<Instant> deadline,
        String why) {
      return ImmutableLeftRunning.builder().provider(provider).resource(resource).owner(owner).deadline(deadline)
          .why(why).build();
    }

    /** The provider id, e.g. {@code lambdalabs}. */
    public abstract String provider();

    /** What it is. */
    public abstract String resource();

    /** Who launched it (the journal identity of its tags), when known. */
    public abstract Optional<String> owner();

    /** When anyone's reap may end it, when known. */
    public abstract Optional<Instant> deadline();

    /** Why it was left running, e.g. {@code belongs to someone else}. */
    public abstract String why();
  }

  /** Builds a {@link ReapReport}. */
  public static final class Builder extends ImmutableReapReport.Builder {
    Builder() {}
  }
}
