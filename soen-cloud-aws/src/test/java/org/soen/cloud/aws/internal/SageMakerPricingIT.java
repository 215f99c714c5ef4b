package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.JobHandle;
import org.soen.cloud.testkit.aws.FakeSageMaker;

/**
 * Prices on the wire: the real SDK's Price List client against FakeSageMaker's GetProducts on
 * 127.0.0.1, through the real {@code sagemaker} provider and {@link CloudTrainer}.
 */
class SageMakerPricingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String P5 = "ml.p5.48xlarge";
  /** No catalog row and no scripted live price: a type whose price nobody knows. */
  private static final String UNPRICED = "ml.trn1.32xlarge";

  @TempDir Path tmp;
  @RegisterExtension final FakeAws aws = new FakeAws(() -> tmp).withData();

  private CloudConfig config(String type) {
    return aws.config(tmp).instance(InstanceSpec.builder().instanceType(type).maxRuntime(Duration.ofHours(2)).build())
        .build();
  }

  private long getProducts() {
    return aws.fake.requests().stream().filter(r -> r.target().equals("AWSPriceListService.GetProducts")).count();
  }

  private List<FakeSageMaker.Request> creates() {
    return aws.fake.requests().stream().filter(r -> r.target().equals("SageMaker.CreateTrainingJob")).toList();
  }

  @Test
  void p5Job_withALivePrice_isEstimatedAtThatPriceAndSubmitted() throws IOException {
    aws.fake.priceList().putTraining("us-east-1", P5, new BigDecimal("55.04"));
    try (CloudTrainer trainer = aws.trainer(tmp.resolve("soen-home"))) {
      CostEstimate e = trainer.estimate(config(P5));

      assertThat(e.priceKnown()).isTrue();
      assertThat(e.onDemandHourlyUsd()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("55.04"));
      assertThat(e.totalUsd()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("110.08"));
      assertThat(e.priceSource()).hasValue("AWS Price List Query API (AmazonSageMaker, Training, us-east-1, on-demand)");
      assertThat(e.priceDate()).hasValue(LocalDate.of(2026, 11, 22));

      JobHandle job = trainer.submit(config(P5));

      assertThat(job.details()).containsEntry("instanceType", P5);
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(aws.fake.createRequest(job.id())).at("/ResourceConfig/InstanceType").asText()).isEqualTo(P5);
    }
    JsonNode request = JSON.readTree(aws.fake.requests().stream()
        .filter(r -> r.target().equals("AWSPriceListService.GetProducts")).findFirst().orElseThrow().body());
    assertThat(request.path("ServiceCode").asText()).isEqualTo("AmazonSageMaker");
    assertThat(request.path("Filters").toString()).contains("{\"Type\":\"TERM_MATCH\",\"Field\":\"regionCode\",\"Value\":\"us-east-1\"}")
        .contains("{\"Type\":\"TERM_MATCH\",\"Field\":\"instanceName\",\"Value\":\"ml.p5.48xlarge\"}")
        .contains("{\"Type\":\"TERM_MATCH\",\"Field\":\"component\",\"Value\":\"Training\"}");
    assertThat(getProducts()).as("the submission's estimate read the cached price").isEqualTo(1);
  }

  @Test
  void unpricedJob_isEstimatedAsUnknownAndStillSubmitted() throws IOException {
    try (CloudTrainer trainer = aws.trainer(tmp.resolve("soen-home"))) {
      CostEstimate e = trainer.estimate(config(UNPRICED));

      assertThat(e.priceKnown()).isFalse();
      assertThat(e.totalUsd()).isEmpty();
      assertThat(e.hours()).isEqualByComparingTo("2");
      assertThat(e.missingPrice()).hasValueSatisfying(m -> assertThat(m)
          .startsWith("no price is known for ml.trn1.32xlarge on sagemaker (no live price, no row in the pricing catalog)")
          .contains("--pricing-file FILE").contains("CloudTrainer.builder().pricingFile(path)")
          .contains("sagemaker,ml.trn1.32xlarge,<gpu>,<on-demand USD per hour>"));

      JobHandle job = trainer.submit(config(UNPRICED));

      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(aws.fake.createRequest(job.id())).at("/ResourceConfig/InstanceType").asText()).isEqualTo(UNPRICED);
    }
  }

  @Test
  void unpricedJob_withMaxCostUsd_isRefusedBeforeAnyUpload() {
    CloudConfig budgeted = config(UNPRICED).toBuilder().maxCostUsd(new BigDecimal("100")).build();
    try (CloudTrainer trainer = aws.trainer(tmp.resolve("soen-home"))) {
      ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> trainer.submit(budgeted));

      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.keyPath()).isEqualTo("cloud.max_cost_usd");
        assertThat(p.message()).startsWith("the budget of $100 cannot be kept: no price is known for ml.trn1.32xlarge")
            .contains("--pricing-file FILE").endsWith("; or remove max_cost_usd to run without a budget");
      });
      assertThat(trainer.list()).as("nothing journaled").isEmpty();
    }
    assertThat(aws.s3.keys(FakeAws.BUCKET)).as("nothing uploaded").isEmpty();
    assertThat(creates()).isEmpty();
  }

  @Test
  void unpricedJob_withMaxCostUsdAndAPricingFile_isPricedFromTheFileAndBounded() throws IOException {
    Path prices = Files.writeString(tmp.resolve("prices.csv"),
        "provider,instance_type,gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of\n"
            + "sagemaker,ml.trn1.32xlarge,16x Trainium,20.00,,our AWS bill,2026-12-01\n");
    CloudConfig budgeted = config(UNPRICED).toBuilder().maxCostUsd(new BigDecimal("30")).build();
    try (CloudTrainer trainer = CloudTrainer.builder().provider(new org.soen.cloud.aws.SageMakerProvider())
        .discoverProviders(false).clock(aws.clock).sleeper(aws.clock::advance).home(tmp.resolve("soen-home"))
        .environment(aws.env()).pricingFile(prices).build()) {
      CostEstimate e = trainer.estimate(budgeted);

      assertThat(e.priceSource()).hasValue("our AWS bill");
      assertThat(e.hoursBasis()).isEqualTo(CostEstimate.HoursBasis.BUDGET);
      assertThat(e.hours()).isEqualByComparingTo("1.5");
    }
  }

  @Test
  void livePrice_isCachedForADay_thenReadAgain() throws IOException {
    aws.fake.priceList().putTraining("us-east-1", P5, new BigDecimal("55.04"));
    SageMakerBackend backend = aws.backend();
    try (backend) {
      CloudConfig config = config(P5);

      assertThat(backend.livePrice(config, P5)).map(InstancePrice::onDemandHourlyUsd)
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("55.04"));
      assertThat(getProducts()).isEqualTo(1);
      Path cache = tmp.resolve("soen-home/cache/sagemaker-prices/us-east-1.json");
      assertThat(JSON.readTree(cache.toFile()).path(P5).path("read_at").asText()).isEqualTo("2026-11-22T21:05:09Z");

      aws.clock.advance(Duration.ofHours(23));
      aws.fake.priceList().clear().putTraining("us-east-1", P5, new BigDecimal("60.00"));
      assertThat(backend.livePrice(config, P5)).map(InstancePrice::onDemandHourlyUsd)
          .as("a day-old price is still used").hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("55.04"));
      assertThat(getProducts()).as("the second read hit the cache").isEqualTo(1);

      aws.clock.advance(Duration.ofHours(1));
      InstancePrice fresh = backend.livePrice(config, P5).orElseThrow();
      assertThat(fresh.onDemandHourlyUsd()).isEqualByComparingTo("60.00");
      assertThat(fresh.asOf()).isEqualTo(LocalDate.of(2026, 11, 23));
      assertThat(getProducts()).as("the expired price was read again").isEqualTo(2);
    }
  }

  @Test
  void livePrice_whenTheApiHasNoProduct_isEmptyAndRemembered() {
    try (SageMakerBackend backend = aws.backend()) {
      assertThat(backend.livePrice(config(UNPRICED), UNPRICED)).isEmpty();
      assertThat(backend.livePrice(config(UNPRICED), UNPRICED)).isEmpty();
      assertThat(getProducts()).isEqualTo(1);
    }
  }

  @Test
  void livePrice_whenTheCredentialsAreRefused_isEmptySoTheCatalogApplies_andNotAskedAgainForAWhile() {
    java.util.Map<String, String> env = new java.util.HashMap<>(aws.env());
    env.put("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG0");
    try (SageMakerBackend backend = new SageMakerBackend(org.soen.cloud.spi.BackendContext.builder().clock(aws.clock)
        .sleeper(aws.clock::advance).journal(aws.journal).events(e -> { })
        .pricing(org.soen.cloud.PricingCatalog.bundled()).environment(env).home(tmp.resolve("soen-home")).build())) {
      assertThat(backend.livePrice(config("ml.g5.xlarge"), "ml.g5.xlarge")).isEmpty();
      assertThat(backend.livePrice(config(P5), P5)).isEmpty();
      assertThat(getProducts()).as("not asked again right after a refusal").isEqualTo(1);

      aws.clock.advance(SageMakerLivePrices.RETRY);
      assertThat(backend.livePrice(config(P5), P5)).isEmpty();
      assertThat(getProducts()).as("asked again once the retry delay passed").isEqualTo(2);
    }
    assertThat(tmp.resolve("soen-home/cache/sagemaker-prices/us-east-1.json")).as("a failure is not cached").doesNotExist();
  }

  @Test
  void costReport_ofAJobPricedLive_usesTheCachedLivePrice() {
    aws.fake.priceList().putTraining("us-east-1", P5, new BigDecimal("36.00"));
    try (CloudTrainer trainer = aws.trainer(tmp.resolve("soen-home"))) {
      JobHandle job = trainer.submit(config(P5));
      aws.clock.advance(Duration.ofHours(1));
      assertThat(trainer.await(job, Duration.ofHours(3)).state().isTerminal()).isTrue();

      assertThat(trainer.costReport(job)).hasValueSatisfying(r -> {
        assertThat(r.hourlyUsd()).isEqualByComparingTo("36.00");
        assertThat(r.source()).contains("AWS Price List Query API");
      });
    }
  }
}
