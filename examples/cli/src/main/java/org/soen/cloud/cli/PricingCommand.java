package org.soen.cloud.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.InstancePrice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soen-cloud pricing [--provider P] [--gpu G]}. */
@Command(name = "pricing", mixinStandardHelpOptions = true,
    description = "The instance types with on-demand and spot prices, their source and date.")
final class PricingCommand extends PricedCommand {
  /** The source document's instance recommendations. */
  private static final Map<String, String> USE = Map.of(
      "ml.g5.xlarge", "quick tests",
      "ml.g5.2xlarge", "standard training",
      "ml.g5.4xlarge", "large models",
      "ml.g5.12xlarge", "multi-GPU");

  @Option(names = "--provider", paramLabel = "P", description = "Only this provider's instance types.")
  String provider;

  @Option(names = "--gpu", paramLabel = "G", description = "Only instance types whose GPU matches, e.g. A10G or A100.")
  String gpu;

  @Override
  int execute() {
    if (gpu != null && gpu.isBlank()) {
      throw usage("--gpu must not be empty; give part of a GPU name such as A10G or A100");
    }
    try (CloudTrainer trainer = trainer()) {
      List<InstancePrice> all = trainer.operations().pricing().entries();
      if (provider != null) {
        TreeSet<String> known = new TreeSet<>(trainer.operations().providerIds());
        all.forEach(p -> known.add(p.provider()));
        requireProvider(provider, known);
      }
      List<InstancePrice> rows = all.stream()
          .filter(p -> provider == null || p.provider().equals(provider))
          .filter(p -> gpu == null || p.gpu().toLowerCase(Locale.ROOT).contains(gpu.toLowerCase(Locale.ROOT)))
          .collect(Collectors.toList());
      if (out().json()) {
        out().json(rows.stream().map(Views::price).collect(Collectors.toList()));
        return ExitCodes.OK;
      }
      if (rows.isEmpty()) {
        out().line("No instance type matches" + (gpu != null ? " GPU '" + gpu + "'" : "")
            + (provider != null ? " on " + provider : "") + ".");
        return ExitCodes.OK;
      }
      out().table(List.of("PROVIDER", "INSTANCE", "GPU", "ON-DEMAND/H", "SPOT/H", "SPOT SAVES", "USE", "SOURCE", "AS OF"),
          rows.stream().map(p -> List.of(p.provider(), p.instanceType(), p.gpu(),
              Output.hourly(p.onDemandHourlyUsd()),
              p.spotHourlyUsd().map(Output::hourly).orElse("-"),
              p.spotHourlyUsd().map(s -> saving(p.onDemandHourlyUsd(), s)).orElse("-"),
              "sagemaker".equals(p.provider()) ? USE.getOrDefault(p.instanceType(), "") : "",
              p.source(), p.asOf().toString())).collect(Collectors.toList()));
      out().line("An instance type not listed here has no known price unless its provider publishes one live: "
          + "train --estimate then says the price is unknown. Give one with " + PricingOptions.FLAG
          + " FILE (rows in the CSV format above: provider,instance_type,gpu,on_demand_usd_per_hour,"
          + "spot_usd_per_hour,source,as_of).");
      return ExitCodes.OK;
    }
  }

  /** How much cheaper spot is than on-demand, as a whole percentage ({@code -} when on-demand is free). */
  static String saving(BigDecimal onDemand, BigDecimal spot) {
    if (onDemand.signum() == 0) {
      return "-";
    }
    return BigDecimal.ONE.subtract(spot.divide(onDemand, 4, RoundingMode.HALF_UP))
        .movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString() + "%";
  }
}
