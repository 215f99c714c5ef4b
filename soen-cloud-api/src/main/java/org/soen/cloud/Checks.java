package org.soen.cloud;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/** Invariant checks for value types; failures become a {@link ConfigurationException}. */
final class Checks {
  private Checks() {}

  static void require(boolean condition, String keyPath, String message) {
    if (!condition) {
      throw new ConfigurationException(java.util.List.of(
          ConfigProblem.builder().source("value").keyPath("cloud." + keyPath).message(message).build()));
    }
  }

  /**
   * The rule of a cost value that may lack a price: {@code price} and every part that follows from
   * it ({@code pricedParts}, named together in {@code partsNamed}) are present together, and
   * {@code missingPrice} is present exactly when they are not.
   */
  static void requirePricedTogether(String keyPath, String partsNamed, Optional<?> price,
      Optional<?> missingPrice, Optional<?>... pricedParts) {
    boolean priced = price.isPresent();
    require(Stream.of(pricedParts).allMatch(p -> p.isPresent() == priced), keyPath,
        partsNamed + " are given together, or none of them when the price is unknown");
    require(priced != missingPrice.isPresent(), keyPath,
        "missingPrice is given exactly when no price is known");
  }

  static String hours(Duration d) {
    return BigDecimal.valueOf(d.toSeconds())
        .divide(BigDecimal.valueOf(3600), 4, RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
  }
}
