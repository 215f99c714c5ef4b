package org.soen.cloud.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.MlflowSettings;
import org.soen.cloud.internal.config.DeclaredChecks;
import org.soen.cloud.internal.config.SettingsRegistry;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

/**
 * What a config must pass before anything is sent for it (a price lookup, an API call, an
 * upload): a known provider, the declarations' checks and the provider's own, every problem
 * reported where its value was written. Also fills in the provider's defaults.
 */
final class Admission {
  private final Providers providers;
  private final SettingsRegistry registry;
  private final Function<String, TrainingBackend> backends;

  Admission(Providers providers, SettingsRegistry registry, Function<String, TrainingBackend> backends) {
    this.providers = providers;
    this.registry = registry;
    this.backends = backends;
  }

  /** The config with the provider's defaults filled in and MLflow passed as job environment. */
  CloudConfig normalize(CloudConfig config) {
    TrainingBackendProvider provider = providers.get(config.provider());
    CloudConfig.Builder b = config.toBuilder();
    if (config.instance().instanceType().isEmpty()) {
      b.instance(config.instance().withType(provider.defaultInstanceType()));
    }
    MlflowSettings m = config.mlflow();
    m.trackingUri().ifPresent(v -> putIfAbsent(b, config, "MLFLOW_TRACKING_URI", v));
    m.experimentName().ifPresent(v -> putIfAbsent(b, config, "MLFLOW_EXPERIMENT_NAME", v));
    m.username().ifPresent(v -> putIfAbsent(b, config, "MLFLOW_TRACKING_USERNAME", v));
    m.password().ifPresent(v -> {
      if (!config.secretEnvironment().containsKey("MLFLOW_TRACKING_PASSWORD")) {
        b.putSecretEnvironment("MLFLOW_TRACKING_PASSWORD", v);
      }
    });
    return b.build();
  }

  private static void putIfAbsent(CloudConfig.Builder b, CloudConfig config, String name, String value) {
    if (!config.environment().containsKey(name)) {
      b.putEnvironment(name, value);
    }
  }

  /**
   * {@link #problemsOf}, and for a default instance type, that some provider besides {@code local}
   * (which takes any name) accepts it: a default serves every provider used later.
   */
  List<ConfigProblem> defaultsProblems(CloudConfig config) {
    List<ConfigProblem> out = new ArrayList<>(problemsOf(config));
    List<String> others = providers.ids().stream().filter(id -> !id.equals(LocalBackendProvider.ID)).toList();
    if (config.instance().instanceType().isEmpty() || others.isEmpty()) {
      return out;
    }
    List<ConfigProblem> refusals = new ArrayList<>();
    for (String id : others) {
      CloudConfig as = normalize(config.toBuilder().provider(id).build());
      backends.apply(id).validate(as).stream().filter(p -> p.keyPath().equals("cloud.instance.instance_type"))
          .findFirst().ifPresent(refusals::add);
    }
    if (refusals.size() == others.size()) {
      ConfigProblem best = refusals.stream().filter(p -> p.message().contains("did you mean")).findFirst()
          .orElse(refusals.get(0));
      out.add(ConfigChecks.locate(best, config));
    }
    return out;
  }

  /** Every problem a submission of {@code config} would be refused for, before anything is sent. */
  List<ConfigProblem> problemsOf(CloudConfig config) {
    return problemsOf(config, false);
  }

  /** As {@link #problemsOf(CloudConfig)}; for an estimate only, without what only a submission needs. */
  List<ConfigProblem> problemsOf(CloudConfig config, boolean estimateOnly) {
    if (!providers.has(config.provider())) {
      ConfigProblem unknown = providers.unknown(config.provider()).problems().get(0);
      return List.of(ConfigChecks.locate(
          ConfigProblem.builder().from(unknown).code(ConfigProblem.CODE_UNKNOWN_PROVIDER).build(), config));
    }
    CloudConfig c = normalize(config);
    return ConfigChecks.problems(c, backends.apply(c.provider()), new DeclaredChecks(registry).problems(c),
        estimateOnly);
  }

  /**
   * The config with the provider's defaults filled in, after every check has passed; nothing is
   * sent anywhere before that (no price lookup, no API call).
   */
  CloudConfig checked(CloudConfig config, boolean estimateOnly) {
    List<ConfigProblem> problems = problemsOf(config, estimateOnly);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return normalize(config);
  }

}
