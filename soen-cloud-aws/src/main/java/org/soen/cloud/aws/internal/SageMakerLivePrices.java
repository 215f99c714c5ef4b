package org.soen.cloud.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

/**
 * SageMaker training's on-demand prices from the AWS Price List Query API
 * ({@code pricing:GetProducts}, service code {@code AmazonSageMaker}), cached under the soen home
 * ({@code cache/sagemaker-prices/<region>.json}) with the time each was read, for {@link #TTL}.
 *
 * <p>The request asks for the products whose {@code regionCode} is the job's region,
 * {@code instanceName} the instance type and {@code component} {@code Training} ({@code TERM_MATCH}
 * filters); each {@code PriceList} item is a JSON document (a string) whose
 * {@code terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD} is the hourly price. A type the API
 * has no product for, or several different prices for, is remembered as "no live price" (also for
 * {@link #TTL}): soen-cloud does not guess. A failed call (no credentials, no permission, no
 * network) is not remembered and yields no price.
 */
final class SageMakerLivePrices {
  /** How long a price read from the API is used before it is read again. */
  static final Duration TTL = Duration.ofDays(1);
  /** The Price List service code of SageMaker. */
  static final String SERVICE_CODE = "AmazonSageMaker";
  /** The Price List {@code component} of training jobs (others: Hosting, Processing, Notebook ...). */
  static final String TRAINING = "Training";

  private static final Logger LOG = LoggerFactory.getLogger(SageMakerLivePrices.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 10;

  /** How long after a failed call (no credentials, no permission, no network) the API is not asked again. */
  static final Duration RETRY = Duration.ofMinutes(10);

  private final Path directory;
  private final Clock clock;
  private final PricingCatalog catalog;
  /** When the API last could not be asked, by region. */
  private final Map<String, Instant> failures = new ConcurrentHashMap<>();

  /**
   * Prices cached in {@code directory}, dated and expired by {@code clock}; {@code catalog} names
   * the GPUs of types it has a row for.
   */
  SageMakerLivePrices(Path directory, Clock clock, PricingCatalog catalog) {
    this.directory = directory;
    this.clock = clock;
    this.catalog = catalog;
  }

  /**
   * The live price of {@code instanceType} in {@code aws}'s region ({@link #find}), with the GPU
   * column of the catalog's row; empty when the API has none, or cannot be asked (the SDK error
   * translated by {@link AwsErrors}, logged at debug), and then not asked again for {@link #RETRY}.
   */
  Optional<InstancePrice> live(AwsClients aws, String instanceType) {
    String region = aws.region().id();
    Instant now = clock.instant();
    Instant failed = failures.get(region);
    if (failed != null && failed.plus(RETRY).isAfter(now)) {
      return cached(region, instanceType).map(this::withCatalogGpu);
    }
    try {
      Optional<InstancePrice> live = AwsErrors.call("read the price of " + instanceType + " from the AWS Price List",
          () -> find(aws::pricing, region, instanceType));
      failures.remove(region);
      return live.map(this::withCatalogGpu);
    } catch (SoenCloudException | UncheckedIOException e) {
      failures.put(region, now);
      LOG.debug("no live price for {} ({}); the pricing catalog applies", instanceType, e.getMessage());
      return Optional.empty();
    }
  }

  private InstancePrice withCatalogGpu(InstancePrice live) {
    return catalog.find(SageMakerBackend.PROVIDER, live.instanceType())
        .map(row -> InstancePrice.builder().from(live).gpu(row.gpu()).build()).orElse(live);
  }

  /**
   * The price of {@code instanceType} in {@code region}: from the cache while it is younger than
   * {@link #TTL}, else read from the API with the client {@code client} gives (asked for only then)
   * and cached.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException when the API call fails
   */
  synchronized Optional<InstancePrice> find(Supplier<PricingClient> client, String region, String instanceType) {
    Instant now = clock.instant();
    Optional<JsonNode> cached = entry(region, instanceType)
        .filter(e -> readAt(e).map(at -> at.plus(TTL).isAfter(now)).orElse(false));
    if (cached.isPresent()) {
      return price(region, instanceType, cached.get());
    }
    Optional<BigDecimal> usd = read(client.get(), region, instanceType);
    ObjectNode entry = JSON.createObjectNode().put("read_at", now.toString());
    usd.ifPresentOrElse(u -> entry.put("usd_per_hour", u.toPlainString()), () -> entry.putNull("usd_per_hour"));
    store(region, instanceType, entry);
    return price(region, instanceType, entry);
  }

  /** The last price read for {@code instanceType} in {@code region}, however old; never calls the API. */
  synchronized Optional<InstancePrice> cached(String region, String instanceType) {
    return entry(region, instanceType).flatMap(e -> price(region, instanceType, e));
  }

  // ---------------------------------------------------------------- the API

  private static Optional<BigDecimal> read(PricingClient client, String region, String instanceType) {
    List<Filter> filters = List.of(term("regionCode", region), term("instanceName", instanceType),
        term("component", TRAINING));
    TreeSet<BigDecimal> prices = new TreeSet<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      GetProductsResponse page = client.getProducts(b -> b.serviceCode(SERVICE_CODE).filters(filters)
          .formatVersion("aws_v1").maxResults(100).nextToken(next));
      for (String item : page.priceList()) {
        onDemandHourly(item, instanceType).ifPresent(prices::add);
      }
      token = page.nextToken();
      pages++;
    } while (token != null && !token.isEmpty() && pages < MAX_PAGES);
    if (prices.size() > 1) {
      LOG.info("the AWS Price List has {} different on-demand training prices for {} in {} ({}); none is used",
          prices.size(), instanceType, region, prices);
      return Optional.empty();
    }
    return prices.stream().findFirst();
  }

  private static Filter term(String field, String value) {
    return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
  }

  /** The hourly on-demand USD price of one {@code PriceList} item, if it is one for {@code instanceType}. */
  static Optional<BigDecimal> onDemandHourly(String item, String instanceType) {
    JsonNode product;
    try {
      product = JSON.readTree(item);
    } catch (IOException e) {
      LOG.debug("a PriceList item is not JSON: {}", e.getMessage());
      return Optional.empty();
    }
    if (!instanceType.equals(product.path("product").path("attributes").path("instanceName").asText())) {
      return Optional.empty();
    }
    List<BigDecimal> found = new ArrayList<>();
    for (JsonNode term : iterable(product.path("terms").path("OnDemand"))) {
      for (JsonNode dimension : iterable(term.path("priceDimensions"))) {
        String unit = dimension.path("unit").asText("");
        String usd = dimension.path("pricePerUnit").path("USD").asText("");
        if ((unit.equalsIgnoreCase("Hrs") || unit.equalsIgnoreCase("Hours")) && !usd.isEmpty()) {
          try {
            BigDecimal price = new BigDecimal(usd).stripTrailingZeros();
            if (price.signum() > 0) {
              found.add(price);
            }
          } catch (NumberFormatException e) {
            LOG.debug("a PriceList price is not a number: {}", usd);
          }
        }
      }
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  private static Iterable<JsonNode> iterable(JsonNode object) {
    return object::elements;
  }

  // ---------------------------------------------------------------- the cache

  private static Optional<InstancePrice> price(String region, String instanceType, JsonNode entry) {
    JsonNode usd = entry.path("usd_per_hour");
    Optional<Instant> at = readAt(entry);
    if (!usd.isTextual() || at.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(InstancePrice.builder().provider(SageMakerBackend.PROVIDER).instanceType(instanceType)
        .gpu("-").onDemandHourlyUsd(new BigDecimal(usd.asText()))
        .source("AWS Price List Query API (" + SERVICE_CODE + ", " + TRAINING + ", " + region + ", on-demand)")
        .asOf(LocalDate.ofInstant(at.get(), ZoneOffset.UTC)).build());
  }

  private static Optional<Instant> readAt(JsonNode entry) {
    try {
      return Optional.of(Instant.parse(entry.path("read_at").asText("")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Optional<JsonNode> entry(String region, String instanceType) {
    return Optional.ofNullable(load(region).get(instanceType));
  }

  private ObjectNode load(String region) {
    Path file = file(region);
    if (!Files.isRegularFile(file)) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile());
      return node instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (IOException e) {
      LOG.debug("ignoring the unreadable price cache {}: {}", file, e.getMessage());
      return JSON.createObjectNode();
    }
  }

  private void store(String region, String instanceType, ObjectNode entry) {
    ObjectNode all = load(region);
    all.set(instanceType, entry);
    Path file = file(region);
    try {
      AtomicFiles.write(file, out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, all));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the price cache " + file, e);
    }
  }

  private Path file(String region) {
    return directory.resolve(region + ".json");
  }
}
