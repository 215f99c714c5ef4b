package org.soen.cloud.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostSoFar;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.TrainingBackend;

/**
 * The trainer's prices: which price a job of a provider pays (the backend's live price, else the
 * catalog's), the estimate before a submission, and the cost so far of a job of the journal, whose
 * price is kept once found.
 */
final class JobPricing {
  private final PricingCatalog catalog;
  private final Backends backends;
  private final Clock clock;
  /** A job's price once found: asked again on every refresh, a live price would cost an API call each time. */
  private final Map<String, InstancePrice> jobPrices = new ConcurrentHashMap<>();

  JobPricing(PricingCatalog catalog, Backends backends, Clock clock) {
    this.catalog = catalog;
    this.backends = backends;
    this.clock = clock;
  }

  /**
   * The estimate of a config admission checked (so it names an instance type), by its provider's
   * backend; a budget problem is reported where max_cost_usd was set.
   */
  CostEstimate estimate(CloudConfig c) {
    TrainingBackend backend = backends.get(c.provider());
    String type = c.instance().instanceType().orElseThrow();
    Optional<InstancePrice> price = price(c, backend, type);
    try {
      return backend.estimate(c, price.isPresent() ? CostModel.estimate(c, type, price.get())
          : CostModel.unpriced(c, type, PricingCatalog.missingPriceHint(c.provider(), type)));
    } catch (ConfigurationException e) {
      // The budget is checked against the price: reported where max_cost_usd was set.
      throw new ConfigurationException(e.problems().stream().map(p -> ConfigChecks.locate(p, c)).toList());
    }
  }

  /** The price an estimate on {@code c}'s provider would use for {@code type} now. */
  Optional<InstancePrice> price(CloudConfig c, String type) {
    return price(c, backends.get(c.provider()), type);
  }

  private Optional<InstancePrice> price(CloudConfig c, TrainingBackend backend, String type) {
    return backend.livePrice(c, type).or(() -> catalog.find(c.provider(), type));
  }

  /**
   * The cost so far of the job of {@code record}, priced from its stored config {@code c}
   * ({@link CostModel#soFar}).
   */
  CostSoFar costSoFar(JobRecord record, CloudConfig c) {
    String jobId = record.id();
    String type = c.instance().instanceType().orElseThrow(() -> new SoenCloudException("the journal's config of "
        + jobId + " names no instance type, so its cost so far cannot be priced"));
    Instant end = record.state().isTerminal() ? record.updatedAt() : clock.instant();
    Optional<InstancePrice> price = Optional.ofNullable(jobPrices.get(jobId)).or(() -> price(c, type));
    price.ifPresent(p -> jobPrices.putIfAbsent(jobId, p));
    return CostModel.soFar(jobId, c, type, price,
        PricingCatalog.missingPriceHint(c.provider(), type), record.handle().submittedAt(), end);
  }
}
