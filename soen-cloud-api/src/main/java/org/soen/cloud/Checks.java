package org.soen.cloud;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Invariant checks for value types; failures become a {@link ConfigurationException}. */
final class Checks {
  private Checks() {}

  static void require(boolean condition, String keyPath, String message) {
    if (!condition) {
      throw new ConfigurationException(java.util.List.of(
          ConfigProblem.builder().source("value").keyPath("cloud." + keyPath).message(message).build()));
    }
  }

  static String hours(Duration d) {
    return BigDecimal.valueOf(d.toSeconds())
        .divide(BigDecimal.valueOf(3600), 4, RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
  }
}
