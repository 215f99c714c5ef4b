package org.soen.cloud;

import java.math.BigDecimal;
import java.time.Duration;
import org.immutables.value.Value;

/** One phase of a finished job (startup, upload, training, download) and what it cost. */
@Value.Immutable
public abstract class PhaseCost {
  PhaseCost() {}

  /** A phase. */
  public static PhaseCost of(String phase, Duration duration, BigDecimal usd) {
    return ImmutablePhaseCost.builder().phase(phase).duration(duration).usd(usd).build();
  }

  /** The phase name: {@code startup}, {@code upload}, {@code training}, {@code download}. */
  public abstract String phase();

  /** How long it took. */
  public abstract Duration duration();

  /** What it cost in USD. */
  public abstract BigDecimal usd();
}
