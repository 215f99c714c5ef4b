package org.soen.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.Setting;
import org.soen.cloud.SettingOrigin;

/**
 * The Credentials and Pricing tabs' endpoints, each the web face of a command: the effective
 * settings per provider with their origins ({@code config show}), the preflight checks with their
 * fixes ({@code doctor}), defaults saved to {@code $SOEN_HOME/cloud_config.yaml} ({@code config set}
 * and {@code config save}: checked, atomic, with a backup, secrets refused) and the price list
 * ({@code pricing}). A secret is only ever "set" or "not set", with where it came from.
 */
final class ConsoleSettings {
  private final CloudTrainer trainer;
  private final Path userConfigFile;

  ConsoleSettings(CloudTrainer trainer, Path userConfigFile) {
    this.trainer = trainer;
    this.userConfigFile = userConfigFile;
  }

  /** {@code GET /api/settings}: every declared setting by who declares it, with value and origin. */
  void settings(ConsoleCall call) throws IOException {
    Map<String, SettingOrigin> origins = trainer.resolveConfig(Map.of()).origins().stream()
        .collect(Collectors.toMap(SettingOrigin::key, Function.identity(), (a, b) -> a));
    List<Map<String, Object>> groups = new ArrayList<>();
    trainer.operations().settings().forEach((owner, declared) -> {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("owner", owner);
      g.put("settings", declared.stream().map(s -> setting(s, origins.get(s.key()))).collect(Collectors.toList()));
      groups.add(g);
    });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user_config", userConfigFile.toString());
    m.put("providers", trainer.operations().providerIds());
    m.put("groups", groups);
    call.json(200, m);
  }

  private static Map<String, Object> setting(Setting<?> s, SettingOrigin origin) {
    Map<String, Object> m = origin != null ? Views.origin(origin) : new LinkedHashMap<>();
    m.put("key", s.key());
    if (s.secret()) {
      m.put("value", origin != null && origin.layer() != SettingOrigin.Layer.DEFAULT ? "set" : "not set");
    } else if (origin == null) {
      m.put("value", "");
    }
    m.putIfAbsent("layer", "unset");
    m.put("secret", s.secret());
    s.userConfigPath().filter(p -> !s.secret()).ifPresent(p -> m.put("user_config_key", p));
    m.put("description", s.description());
    m.put("allowed", s.allowed());
    return m;
  }

  /** {@code GET /api/doctor?provider=P}: {@code doctor}'s checks of provider P, each with its fix. */
  void doctor(ConsoleCall call) throws IOException {
    String provider = call.query("provider").orElse(null);
    if (provider != null && !trainer.operations().providerIds().contains(provider)) {
      call.error(404, "provider: unknown provider '" + provider + "'"
          + org.soen.cloud.spi.DidYouMean.suggest(provider, trainer.operations().providerIds())
          + "; known: " + String.join(", ", trainer.operations().providerIds()));
      return;
    }
    CloudConfig cloud = trainer.resolveConfig(DoctorCommand.overrides(provider)).config();
    List<PreflightCheck> checks = DoctorCommand.checks(trainer, cloud, false);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", cloud.provider());
    m.put("passed", checks.stream().allMatch(PreflightCheck::passed));
    m.put("checks", checks.stream().map(Views::check).collect(Collectors.toList()));
    call.json(200, m);
  }

  /**
   * {@code POST /api/defaults}: {@code {"settings": {"region": "us-east-1", ...}}} saved as
   * {@code config set} saves them; nothing is written when any value is wrong.
   */
  void saveDefaults(ConsoleCall call) throws IOException {
    JsonNode given = call.body().path("settings");
    Map<String, String> settings = new LinkedHashMap<>();
    given.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
    if (settings.isEmpty()) {
      call.error(400, "settings: give at least one setting to save, e.g. {\"settings\": {\"region\": \"us-east-1\"}}");
      return;
    }
    Path file = trainer.operations().saveDefaults(settings);
    call.json(200, Views.saved(file, settings));
  }

  /** {@code POST /api/defaults/effective}: "Save as Default", as {@code config save} does it. */
  void saveEffective(ConsoleCall call) throws IOException {
    Map<String, String> saved = trainer.operations().saveEffectiveDefaults();
    call.json(200, Views.saved(userConfigFile, saved));
  }

  /** {@code GET /api/pricing}: every priced instance type, spot beside on-demand, with source and date. */
  void pricing(ConsoleCall call) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prices", trainer.operations().pricing().entries().stream().map(p -> {
      Map<String, Object> v = Views.price(p);
      p.spotHourlyUsd().ifPresent(s -> v.put("spot_saves", PricingCommand.saving(p.onDemandHourlyUsd(), s)));
      return v;
    }).collect(Collectors.toList()));
    call.json(200, m);
  }

  /**
   * {@code GET /api/pricing/live?provider=P&type=T}: what one instance of {@code T} costs on
   * {@code P} now, as an estimate would price it ({@code TrainerOperations.price}: the provider's live price first,
   * else the pricing file's or the catalog's; {@code price_source} and {@code price_date} say which),
   * or {@code missing_price} when none is known.
   */
  void livePrice(ConsoleCall call) throws IOException {
    String provider = call.query("provider").orElseThrow(() -> new IllegalArgumentException(
        "provider: give the provider id, e.g. ?provider=sagemaker&type=ml.g5.xlarge"));
    String type = call.query("type").orElseThrow(() -> new IllegalArgumentException(
        "type: give the instance type, e.g. ?provider=sagemaker&type=ml.g5.xlarge"));
    CloudConfig config = trainer.resolveConfig(Map.of("provider", provider)).config();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", provider);
    m.put("instance_type", type);
    Optional<org.soen.cloud.InstancePrice> price = trainer.operations().price(config, type);
    m.put("price_known", price.isPresent());
    price.ifPresentOrElse(p -> {
      m.put("on_demand_hourly_usd", p.onDemandHourlyUsd());
      p.spotHourlyUsd().ifPresent(s -> m.put("spot_hourly_usd", s));
      m.put("price_source", p.source());
      m.put("price_date", p.asOf().toString());
    }, () -> m.put("missing_price", org.soen.cloud.PricingCatalog.missingPriceHint(provider, type)));
    call.json(200, m);
  }
}
