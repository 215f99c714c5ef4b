package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.testkit.ManualClock;
import software.amazon.awssdk.services.pricing.PricingClient;

/** A cached live price is answered without building the Price List client; an expired one asks for it. */
class SageMakerLivePricesTest {
  private static final String P5 = "ml.p5.48xlarge";
  private static final Instant NOW = Instant.parse("2026-11-22T21:05:09Z");

  @TempDir Path tmp;

  private static final class NotAsked extends RuntimeException {
    NotAsked() {
      super("the Price List client was asked for");
    }
  }

  private static final Supplier<PricingClient> REFUSED = () -> {
    throw new NotAsked();
  };

  private SageMakerLivePrices prices(Duration age) throws Exception {
    Files.writeString(tmp.resolve("us-east-1.json"), "{\"" + P5 + "\": {\"read_at\": \"" + NOW.minus(age)
        + "\", \"usd_per_hour\": \"55.04\"}}");
    return new SageMakerLivePrices(tmp, ManualClock.startingAt(NOW), PricingCatalog.bundled());
  }

  @Test
  void find_aPriceReadWithinTheDay_comesFromTheCacheWithoutAClient() throws Exception {
    SageMakerLivePrices prices = prices(Duration.ofHours(23));

    assertThat(prices.find(REFUSED, "us-east-1", P5)).map(InstancePrice::onDemandHourlyUsd)
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("55.04"));
  }

  @Test
  void find_aPriceOlderThanADay_asksForTheClient() throws Exception {
    SageMakerLivePrices prices = prices(Duration.ofHours(25));

    assertThatThrownBy(() -> prices.find(REFUSED, "us-east-1", P5)).isInstanceOf(NotAsked.class)
        .hasMessage("the Price List client was asked for");
  }
}
