package org.soen.cloud.testkit.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.Setting;

/**
 * What the testkit's fake is while it answers to one provider id: the instance types it prices
 * itself (its {@code fake-gpu-*} types where the catalog has none for the id), its default type, the
 * settings it declares, and the checks, prices and preflight answer that follow from them.
 */
public final class FakePersona {
  private final String id;
  private final PricingCatalog pricing;
  private final Map<String, InstancePrice> ownTypes;
  private final String defaultInstanceType;
  private final List<Setting<?>> settings;

  private FakePersona(String id, PricingCatalog pricing, Map<String, InstancePrice> ownTypes,
      String defaultInstanceType, List<Setting<?>> settings) {
    this.id = id;
    this.pricing = pricing;
    this.ownTypes = ownTypes;
    this.defaultInstanceType = defaultInstanceType;
    this.settings = settings;
  }

  /**
   * The persona for {@code id}: {@code given} types (or two {@code fake-gpu-*} types of its own,
   * priced on {@code clock}'s day, where neither they nor the catalog have any), {@code defaultType}
   * or the first type known.
   */
  public static FakePersona of(String id, PricingCatalog pricing, Clock clock, List<InstancePrice> given,
      String defaultType, List<Setting<?>> declared) {
    Map<String, InstancePrice> own = new LinkedHashMap<>();
    if (given.isEmpty() && pricing.instanceTypes(id).isEmpty()) {
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      own.put("fake-gpu-1x", price(id, "fake-gpu-1x", "1x fake GPU", "1.00", "0.30", today));
      own.put("fake-gpu-8x", price(id, "fake-gpu-8x", "8x fake GPU", "8.00", "2.40", today));
    }
    given.forEach(p -> own.put(p.instanceType(), p));
    String type = defaultType != null ? defaultType
        : !own.isEmpty() ? own.keySet().iterator().next()
        : pricing.instanceTypes(id).get(0);
    return new FakePersona(id, pricing, own, type, List.copyOf(declared));
  }

  private static InstancePrice price(String providerId, String type, String gpu, String onDemand, String spot,
      LocalDate asOf) {
    return InstancePrice.builder().provider(providerId).instanceType(type).gpu(gpu)
        .onDemandHourlyUsd(new BigDecimal(onDemand)).spotHourlyUsd(new BigDecimal(spot))
        .source("FakeTrainingBackend's own price list").asOf(asOf).build();
  }

  /** The provider id answered to. */
  public String id() {
    return id;
  }

  /** The types priced by the fake itself, by name. */
  public Map<String, InstancePrice> ownTypes() {
    return ownTypes;
  }

  /** The instance type used when a config names none. */
  public String defaultInstanceType() {
    return defaultInstanceType;
  }

  /** The settings declared as this provider. */
  public List<Setting<?>> settings() {
    return settings;
  }

  /** The checks of {@link FakeValidation} for this persona's types. */
  public List<ConfigProblem> validate(CloudConfig config) {
    return FakeValidation.validate(id, config, ownTypes, pricing.entries().stream()
        .filter(e -> e.provider().equals(id)).toList(), defaultInstanceType);
  }

  /**
   * The price of one of its own types; as {@code local}, the catalog's {@code local} price for any
   * type, as the real local provider answers.
   */
  public Optional<InstancePrice> ownPrice(String instanceType) {
    if (id.equals("local")) {
      return pricing.find("local", "local")
          .map(e -> InstancePrice.builder().from(e).instanceType(instanceType).build());
    }
    return Optional.ofNullable(ownTypes.get(instanceType));
  }

  /** One passed check: the fake needs no account, network or tool. */
  public List<PreflightCheck> doctor() {
    return List.of(PreflightCheck.ok("fake", "in-memory fake provider " + id
        + ": no account, network or tool needed"));
  }
}
