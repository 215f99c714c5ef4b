package org.soen.cloud.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ResolvedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soen-cloud config show|set|save|reference}. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Show the effective settings and where each came from; persist defaults to $SOEN_HOME/cloud_config.yaml.",
    subcommands = {ConfigCommand.Show.class, ConfigCommand.Set.class, ConfigCommand.Save.class,
        ConfigCommand.Reference.class})
final class ConfigCommand extends BaseCommand {
  @Override
  int execute() {
    throw usage(ExitCodes.Code.USAGE_MISSING, "missing a subcommand: show, set KEY VALUE, save or reference");
  }

  static Optional<Path> configFile(BaseCommand c, Path config) {
    return Optional.ofNullable(config).map(c.ctx.workingDirectory()::resolve);
  }

  /** The effective settings of {@code file}, or without a training YAML when it is empty. */
  static ResolvedConfig resolve(CloudTrainer trainer, Optional<Path> file, Map<String, String> overrides) {
    return file.map(f -> trainer.resolveConfig(f, overrides)).orElseGet(() -> trainer.resolveConfig(overrides));
  }

  /** {@code config show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "The effective settings: value, layer (flag, yaml, environment, user_config, default) and where.")
  static final class Show extends BaseCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "Include this training YAML's cloud: section.")
    Path config;

    @Override
    int execute() {
      try (CloudTrainer trainer = trainer()) {
        ResolvedConfig resolved = resolve(trainer, configFile(this, config), Map.of());
        if (out().json()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("user_config", ctx.userConfigFile().toString());
          m.put("settings", resolved.origins().stream().map(Views::origin).collect(Collectors.toList()));
          out().json(m);
          return ExitCodes.OK;
        }
        out().table(List.of("KEY", "VALUE", "FROM", "WHERE"), resolved.origins().stream()
            .map(o -> List.of(o.key(), o.displayValue(), o.layer().name().toLowerCase(Locale.ROOT),
                o.where().map(w -> w + o.line().map(l -> ":" + l + o.column().map(c -> ":" + c).orElse("")).orElse(""))
                    .orElse("")))
            .collect(Collectors.toList()));
        return ExitCodes.OK;
      }
    }
  }

  /** {@code config set KEY VALUE}. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Persist one default to $SOEN_HOME/cloud_config.yaml, e.g. `config set region us-east-1`",
          "or `config set instance.instance_type ml.g5.2xlarge`. Checked as a flag would be; secrets are refused."})
  static final class Set extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "A key such as region, instance.use_spot, aws.region, docker_images.jax.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Override
    int execute() {
      try (CloudTrainer trainer = trainer()) {
        Path file = trainer.operations().saveDefaults(Map.of(key, value));
        if (out().json()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("key", key);
          m.put("value", value);
          m.put("file", file.toString());
          out().json(m);
        } else {
          out().line("Saved " + key + " = " + value + " in " + file);
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code config save}. */
  @Command(name = "save", mixinStandardHelpOptions = true,
      description = {"Persist the effective settings (from the environment, and --config if given) as defaults",
          "in $SOEN_HOME/cloud_config.yaml: the GUI's \"Save as Default\". Secrets are left out."})
  static final class Save extends BaseCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "Also save this training YAML's cloud: settings.")
    Path config;

    @Override
    int execute() {
      try (CloudTrainer trainer = trainer()) {
        Map<String, String> saved = configFile(this, config).map(trainer.operations()::saveEffectiveDefaults)
            .orElseGet(trainer.operations()::saveEffectiveDefaults);
        Path file = ctx.userConfigFile();
        if (out().json()) {
          out().json(Views.saved(file, saved));
        } else {
          saved.forEach((k, v) -> out().info("  " + k + " = " + v));
          out().line("Saved " + saved.size() + (saved.size() == 1 ? " setting" : " settings") + " in " + file);
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code config reference}. */
  @Command(name = "reference", mixinStandardHelpOptions = true,
      description = "Every setting of every installed provider as a Markdown table (the README's configuration reference).")
  static final class Reference extends BaseCommand {
    @Override
    int execute() {
      try (CloudTrainer trainer = trainer()) {
        out().line(ConfigReference.markdown(trainer.operations().settings()));
        return ExitCodes.OK;
      }
    }
  }
}
