package org.soen.cloud;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.soen.cloud.internal.Trainer;

/**
 * The operator's tools, kept apart from a job's lifecycle on {@link CloudTrainer}: release what
 * dead launchers left running, run preflight checks, read prices, the declared settings and the
 * providers, and save defaults to {@code $SOEN_HOME/cloud_config.yaml}.
 *
 * <pre>{@code
 * try (CloudTrainer trainer = CloudTrainer.create()) {
 *   ReapReport report = trainer.operations().reap(false);
 * }
 * }</pre>
 *
 * <p>From {@link CloudTrainer#operations()}: it uses that trainer's providers, journal, clock and
 * environment, lives as long as it does, and is thread-safe as it is.
 */
public final class TrainerOperations {
  private final Trainer trainer;

  TrainerOperations(Trainer trainer) {
    this.trainer = trainer;
  }

  /**
   * Find and (unless {@code dryRun}) release paid resources that dead launchers left behind. Only
   * what this journal's identity owns and can show is abandoned, or what is past its own deadline,
   * is released; other people's instances are listed, never touched.
   *
   * @return what was (or would be) released, and what was seen and left running, with why
   */
  public ReapReport reap(boolean dryRun) {
    return trainer.reap(dryRun);
  }

  /**
   * The hourly price of {@code instanceType} on {@code config}'s provider that an estimate would use
   * now: the provider's live price first (SageMaker asks the AWS Price List), else the pricing file's
   * or the catalog's; empty when none is known. Unlike {@link CloudTrainer#estimate}, it checks
   * nothing else of the config, so {@code resolveConfig(Map.of("provider", id)).config()} will do.
   *
   * @throws ConfigurationException when the provider is unknown
   */
  public Optional<InstancePrice> price(CloudConfig config, String instanceType) {
    return trainer.price(config, instanceType);
  }

  /** Preflight checks for the config's provider: credentials, permissions, images, quotas. */
  public List<PreflightCheck> doctor(CloudConfig config) {
    return trainer.doctor(config);
  }

  /** The pricing catalog in force: the bundled one, a pricing file's rows, or the builder's catalog. */
  public PricingCatalog pricing() {
    return trainer.pricing();
  }

  /** The ids of the providers the trainer knows, sorted. */
  public Set<String> providerIds() {
    return trainer.providerIds();
  }

  /**
   * Every setting in force, declared once each, by who declares them: {@code soen-cloud} first,
   * then each provider's id. The command line's flags, {@code config show} and the configuration
   * reference come from these.
   */
  public Map<String, List<Setting<?>>> settings() {
    return trainer.settings();
  }

  /**
   * Save defaults to {@code $SOEN_HOME/cloud_config.yaml} ({@code soen-cloud config set}): each
   * key is a setting's key path ({@code region}, {@code instance.instance_type}) or its place in
   * that file ({@code aws.region}). Values are checked as a flag's would be and nothing is written
   * when any is wrong; secrets are refused. Atomic, keeping the previous file as {@code .bak}.
   *
   * @return the file written
   * @throws ConfigurationException naming each key that is unknown, a secret or wrong
   */
  public Path saveDefaults(Map<String, String> settings) {
    return trainer.defaults().set(settings);
  }

  /**
   * Save every effective setting that is neither built in nor a secret (from the environment and
   * the file itself) as defaults: the GUI's "Save as Default".
   *
   * @return each saved place in the file and its value, as shown by {@code config show}
   */
  public Map<String, String> saveEffectiveDefaults() {
    return trainer.defaults().saveEffective(Optional.empty());
  }

  /** Like {@link #saveEffectiveDefaults()}, with the settings of {@code trainingYaml} too. */
  public Map<String, String> saveEffectiveDefaults(Path trainingYaml) {
    return trainer.defaults().saveEffective(Optional.of(trainingYaml));
  }
}
