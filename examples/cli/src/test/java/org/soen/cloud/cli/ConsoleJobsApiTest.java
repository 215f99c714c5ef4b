package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.testkit.FakeJob;
import org.soen.cloud.testkit.FakeTrainingBackend;
import org.soen.cloud.testkit.ManualClock;

/**
 * The Jobs and Pricing routes' JSON over plain HTTP, on the testkit's fake and a manual clock: a
 * running job's cost so far beside its budget, "cost unknown" without a price, the team's jobs only
 * when the list is filtered by provider, and a live price per instance type.
 */
class ConsoleJobsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final ManualClock clock = ManualClock.create();
  private ConsoleHarness console;

  @AfterEach
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
  }

  /** A console on {@code fake}, its trainer on the manual clock, with {@code pricing} when given. */
  private ConsoleHarness start(FakeTrainingBackend fake, Optional<PricingCatalog> pricing) throws Exception {
    console = ConsoleHarness.start(dir, Map.of("PATH", System.getenv("PATH")),
        (home, env, listener, pricingFile) -> trainer(fake, pricing, home, env).listener(listener).build());
    return console;
  }

  private CloudTrainer.Builder trainer(FakeTrainingBackend fake, Optional<PricingCatalog> pricing, Path home,
      Map<String, String> env) {
    CloudTrainer.Builder b = CloudTrainer.builder().provider(fake.provider()).discoverProviders(false)
        .clock(clock).sleeper(clock).home(home).environment(env);
    pricing.ifPresent(b::pricing);
    return b;
  }

  /** Submits a job that runs until stopped to {@code fake} from the journal under {@code home}. */
  private JobHandle submit(FakeTrainingBackend fake, Optional<PricingCatalog> pricing, Path home, String cloudLines) {
    fake.enqueue(FakeJob.runsUntilStopped());
    Path yaml = dir.resolve("train-" + fake.submissions().size() + ".yaml");
    ConsoleHarness.write(yaml, "training:\n  epochs: 3\ncloud:\n  provider: " + fake.id() + "\n  experiment: console\n"
        + "  command: [python, train.py]\n" + cloudLines);
    try (CloudTrainer trainer = trainer(fake, pricing, home, Map.of()).build()) {
      return trainer.submit(yaml);
    }
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode job(JsonNode list, String id) {
    for (JsonNode j : list.get("jobs")) {
      if (j.get("job_id").asText().equals(id)) {
        return j;
      }
    }
    throw new AssertionError("no job " + id + " in " + list);
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new java.util.ArrayList<>();
    list.get("jobs").forEach(j -> ids.add(j.get("job_id").asText()));
    return ids;
  }

  @Test
  void jobs_runningJobWithBudget_showsCostSoFarOnTheClockBesideBudget() throws Exception {
    FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
    start(fake, Optional.empty());
    JobHandle job = submit(fake, Optional.empty(), console.home,
        "  instance:\n    instance_type: fake-gpu-1x\n  max_cost_usd: 5\n");
    clock.advance(Duration.ofMinutes(30));

    JsonNode row = job(json(console.get("/api/jobs")), job.id()).get("cost_so_far");
    JsonNode page = json(console.get("/api/jobs/" + job.id())).get("cost_so_far");

    assertThat(row.get("price_known").asBoolean()).isTrue();
    assertThat(row.get("elapsed_seconds").asLong()).isEqualTo(1800);
    assertThat(row.get("hourly_usd").decimalValue()).isEqualByComparingTo("1.00");
    assertThat(row.get("total_usd").decimalValue()).isEqualByComparingTo("0.50");
    assertThat(row.get("budget_usd").decimalValue()).isEqualByComparingTo(new BigDecimal(5));
    assertThat(row.get("price_source").asText()).isNotBlank();
    assertThat(page).isEqualTo(row);
  }

  @Test
  void jobs_spotJobWithoutBudget_pricesAtSpotAndHasNoBudget() throws Exception {
    FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
    start(fake, Optional.empty());
    JobHandle job = submit(fake, Optional.empty(), console.home,
        "  instance:\n    instance_type: fake-gpu-8x\n    use_spot: true\n");
    clock.advance(Duration.ofHours(2));

    JsonNode cost = job(json(console.get("/api/jobs")), job.id()).get("cost_so_far");

    assertThat(cost.get("hourly_usd").decimalValue()).isEqualByComparingTo("2.40");
    assertThat(cost.get("total_usd").decimalValue()).isEqualByComparingTo("4.80");
    assertThat(cost.has("budget_usd")).isFalse();
  }

  @Test
  void jobs_runningJobWithoutKnownPrice_isCostUnknownWithHowToPriceIt() throws Exception {
    PricingCatalog none = PricingCatalog.of(List.of());
    FakeTrainingBackend fake = FakeTrainingBackend.builder().id("local").pricing(none).clock(clock).build();
    start(fake, Optional.of(none));
    JobHandle job = submit(fake, Optional.of(none), console.home, "");
    clock.advance(Duration.ofMinutes(10));

    JsonNode cost = json(console.get("/api/jobs/" + job.id())).get("cost_so_far");

    assertThat(cost.get("price_known").asBoolean()).isFalse();
    assertThat(cost.has("total_usd")).isFalse();
    assertThat(cost.has("hourly_usd")).isFalse();
    assertThat(cost.get("elapsed_seconds").asLong()).isEqualTo(600);
    assertThat(cost.get("missing_price").asText()).contains("pricing");
  }

  @Test
  void jobs_teamJobInTheAccount_listedOnlyWhenFilteredByProvider() throws Exception {
    FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
    start(fake, Optional.empty());
    JobHandle mine = submit(fake, Optional.empty(), console.home, "");
    JobHandle theirs = submit(fake, Optional.empty(), dir.resolve("teammate"), "");

    JsonNode all = json(console.get("/api/jobs"));
    JsonNode filtered = json(console.get("/api/jobs?provider=fake"));

    assertThat(ids(all)).containsExactly(mine.id());
    assertThat(ids(filtered)).containsExactlyInAnyOrder(mine.id(), theirs.id());
    JsonNode team = job(filtered, theirs.id());
    assertThat(team.get("foreign").asBoolean()).isTrue();
    assertThat(team.has("cost_so_far")).isFalse();
    assertThat(job(filtered, mine.id()).has("foreign")).isFalse();
    assertThat(filtered.get("provider").asText()).isEqualTo("fake");
  }

  @Test
  void livePrice_providerAndType_answersThePriceAnEstimateUsesWithSourceAndDate() throws Exception {
    FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
    console = ConsoleHarness.start(dir, Map.of("PATH", System.getenv("PATH"), "AWS_REGION", "us-east-1",
        "SOEN_SM_ROLE", "arn:aws:iam::123456789012:role/SageMakerRole", "SOEN_SM_BUCKET", "bucket"),
        (home, env, listener, pricingFile) -> CloudTrainer.builder().discoverProviders(false)
            .provider(fake.standIn("sagemaker", new org.soen.cloud.aws.SageMakerProvider().settings()))
            .clock(clock).home(home).environment(env).listener(listener).build());

    JsonNode price = json(console.get("/api/pricing/live?provider=sagemaker&type=ml.g5.xlarge"));

    assertThat(price.get("price_known").asBoolean()).isTrue();
    assertThat(price.get("on_demand_hourly_usd").decimalValue()).isEqualByComparingTo("1.01");
    assertThat(price.get("spot_hourly_usd").decimalValue()).isEqualByComparingTo("0.35");
    assertThat(price.get("price_source").asText()).isNotBlank();
    assertThat(price.get("price_date").asText()).isEqualTo("2024-11-27");
  }

  @Test
  @DisplayName("a provider with no price for the type answers the row as unknown, saying how to give one")
  void livePrice_typeWithNoPrice_isUnknownWithHowToGiveOne() throws Exception {
    start(FakeTrainingBackend.builder().clock(clock).build(), Optional.empty());

    JsonNode price = json(console.get("/api/pricing/live?provider=fake&type=no-such-gpu"));

    assertThat(price.get("price_known").asBoolean()).isFalse();
    assertThat(price.get("missing_price").asText()).contains("no-such-gpu").contains("--pricing-file");
    assertThat(price.has("on_demand_hourly_usd")).isFalse();
  }

  @Test
  void livePrice_unknownProvider_is422NamingTheProvider() throws Exception {
    start(FakeTrainingBackend.builder().clock(clock).build(), Optional.empty());

    HttpResponse<String> r = console.get("/api/pricing/live?provider=nosuch&type=x");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("unknown provider").contains("nosuch");
  }

  @Test
  void livePrice_withoutType_is400NamingTheParameter() throws Exception {
    start(FakeTrainingBackend.builder().clock(clock).build(), Optional.empty());

    HttpResponse<String> r = console.get("/api/pricing/live?provider=fake");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).at("/error/message").asText()).startsWith("type: give the instance type");
  }
}
