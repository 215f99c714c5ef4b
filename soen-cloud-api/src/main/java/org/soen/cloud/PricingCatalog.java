package org.soen.cloud;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Hourly prices per provider and instance type, with their source and date. The bundled catalog
 * ({@code org/soen/cloud/pricing.csv}) covers the instance types of the source documents; a file
 * in the same CSV format overrides or extends it ({@link #withOverrides(Path)}), and a provider's
 * live prices win over both.
 *
 * <p>CSV columns: {@code provider,instance_type,gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of}
 * (spot empty when the provider has none; {@code as_of} is {@code yyyy-MM-dd}).
 */
public final class PricingCatalog {
  private static final String HEADER =
      "provider,instance_type,gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of";

  private final Map<String, InstancePrice> prices;

  private PricingCatalog(Map<String, InstancePrice> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** The catalog bundled with this release. */
  public static PricingCatalog bundled() {
    try (InputStream in = PricingCatalog.class.getResourceAsStream("pricing.csv")) {
      if (in == null) {
        throw new SoenCloudException("the bundled pricing catalog org/soen/cloud/pricing.csv is missing from the class path");
      }
      return new PricingCatalog(parse(in, "bundled pricing.csv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A catalog of exactly {@code prices}. */
  public static PricingCatalog of(List<InstancePrice> prices) {
    Map<String, InstancePrice> map = new LinkedHashMap<>();
    prices.forEach(p -> map.put(key(p.provider(), p.instanceType()), p));
    return new PricingCatalog(map);
  }

  /** This catalog with the rows of {@code csvFile} added or replacing rows of the same type. */
  public PricingCatalog withOverrides(Path csvFile) {
    if (!Files.isRegularFile(csvFile)) {
      throw new ConfigurationException("pricing_file",
          "pricing file " + csvFile + " does not exist or is not a regular file");
    }
    try (InputStream in = Files.newInputStream(csvFile)) {
      Map<String, InstancePrice> merged = new LinkedHashMap<>(prices);
      merged.putAll(parse(in, csvFile.toString()));
      return new PricingCatalog(merged);
    } catch (IOException e) {
      throw new ConfigurationException("pricing_file", "cannot read pricing file " + csvFile + ": " + e.getMessage());
    }
  }

  /** This catalog with {@code price} added or replacing the row of the same type. */
  public PricingCatalog with(InstancePrice price) {
    Map<String, InstancePrice> merged = new LinkedHashMap<>(prices);
    merged.put(key(price.provider(), price.instanceType()), price);
    return new PricingCatalog(merged);
  }

  /**
   * What to tell a user when no price is known for {@code instanceType} on {@code provider}: that
   * it is unknown, and how to give one (a pricing file, with the row to add).
   */
  public static String missingPriceHint(String provider, String instanceType) {
    return "no price is known for " + instanceType + " on " + provider + " (no live price, no row in the pricing "
        + "catalog); give one in a pricing file (--pricing-file FILE on the command line, "
        + "CloudTrainer.builder().pricingFile(path) in code) with the header " + HEADER + " and a row such as "
        + provider + "," + instanceType + ",<gpu>,<on-demand USD per hour>,<spot USD per hour or empty>,<source>,"
        + "<yyyy-MM-dd>";
  }

  /** The price of {@code instanceType} on {@code provider}. */
  public Optional<InstancePrice> find(String provider, String instanceType) {
    return Optional.ofNullable(prices.get(key(provider, instanceType)));
  }

  /** Every row, sorted by provider then on-demand price. */
  public List<InstancePrice> entries() {
    return prices.values().stream()
        .sorted(Comparator.comparing(InstancePrice::provider)
            .thenComparing(InstancePrice::onDemandHourlyUsd)
            .thenComparing(InstancePrice::instanceType))
        .collect(Collectors.toList());
  }

  /** The instance types known for {@code provider}. */
  public List<String> instanceTypes(String provider) {
    return entries().stream().filter(p -> p.provider().equals(provider))
        .map(InstancePrice::instanceType).collect(Collectors.toList());
  }

  private static String key(String provider, String type) {
    return provider + '\u0000' + type;
  }

  private static Map<String, InstancePrice> parse(InputStream in, String source) throws IOException {
    Map<String, InstancePrice> out = new LinkedHashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (header == null || !header.strip().equals(HEADER)) {
      throw new ConfigurationException(List.of(problem(source, 1, "header must be: " + HEADER)));
    }
    String line;
    int number = 1;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 7) {
        problems.add(problem(source, number, "expected 7 comma-separated columns, found " + f.length));
        continue;
      }
      try {
        InstancePrice p = InstancePrice.builder()
            .provider(f[0].strip())
            .instanceType(f[1].strip())
            .gpu(f[2].strip())
            .onDemandHourlyUsd(new BigDecimal(f[3].strip()))
            .spotHourlyUsd(f[4].isBlank() ? Optional.empty() : Optional.of(new BigDecimal(f[4].strip())))
            .source(f[5].strip())
            .asOf(LocalDate.parse(f[6].strip()))
            .build();
        out.put(key(p.provider(), p.instanceType()), p);
      } catch (NumberFormatException e) {
        problems.add(problem(source, number, "prices must be decimal USD per hour, e.g. 1.29"));
      } catch (DateTimeParseException e) {
        problems.add(problem(source, number, "as_of must be a date yyyy-MM-dd, was " + f[6].strip()));
      } catch (ConfigurationException e) {
        problems.add(problem(source, number, e.problems().get(0).message()));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return out;
  }

  private static ConfigProblem problem(String source, int line, String message) {
    return ConfigProblem.builder().source(source).keyPath("pricing").line(line).message(message).build();
  }

  @Override
  public String toString() {
    return "PricingCatalog{" + prices.size() + " prices}";
  }
}
