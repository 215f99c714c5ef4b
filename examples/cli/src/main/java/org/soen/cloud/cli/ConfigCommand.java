package org.soen.cloud.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ResolvedConfig;
import org.soen.cloud.SettingOrigin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soen-cloud config show|set|save}. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Show the effective settings and where each came from; persist defaults to $SOEN_HOME/cloud_config.yaml.",
    subcommands = {ConfigCommand.Show.class, ConfigCommand.Set.class, ConfigCommand.Save.class})
final class ConfigCommand extends BaseCommand {
  @Override
  int execute() {
    throw usage("missing a subcommand: show, set KEY VALUE or save");
  }

  static Optional<Path> configFile(BaseCommand c, Path config) {
    Optional<Path> file = Optional.ofNullable(config).map(c.ctx.workingDirectory()::resolve);
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      throw c.usage("--config: no such file: " + file.get());
    }
    return file;
  }

  /** {@code config show}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "The effective settings: value, layer (flag, yaml, environment, user_config, default) and where.")
  static final class Show extends BaseCommand {
    @Option(names = "--config", paramLabel = "FILE", description = "Include this training YAML's cloud: section.")
    Path config;

    @Override
    int execute() {
      Optional<Path> file = configFile(this, config);
      try (CloudTrainer trainer = trainer()) {
        ResolvedConfig resolved = trainer.resolveConfig(file, Map.of());
        List<SettingOrigin> rows = withDefaults(resolved);
        if (out().json()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("user_config", new UserConfigFile(ctx.home()).path().toString());
          m.put("settings", rows.stream().map(Views::origin).collect(Collectors.toList()));
          out().json(m);
          return ExitCodes.OK;
        }
        out().table(List.of("KEY", "VALUE", "FROM", "WHERE"), rows.stream()
            .map(o -> List.of(o.key(), o.displayValue(), o.layer().name().toLowerCase(Locale.ROOT), o.where().orElse("")))
            .collect(Collectors.toList()));
        return ExitCodes.OK;
      }
    }

    /** The origins, plus the main settings that come from built-in defaults. */
    private static List<SettingOrigin> withDefaults(ResolvedConfig resolved) {
      List<SettingOrigin> rows = new ArrayList<>(resolved.origins());
      CloudConfig c = resolved.config();
      Map<String, String> defaults = new LinkedHashMap<>();
      defaults.put("provider", c.provider());
      defaults.put("project", c.project());
      defaults.put("experiment", c.experiment());
      defaults.put("backend", c.backend().configName());
      c.instance().instanceType().ifPresent(t -> defaults.put("instance.instance_type", t));
      defaults.put("instance.instance_count", String.valueOf(c.instance().instanceCount()));
      defaults.put("instance.use_spot", String.valueOf(c.instance().useSpot()));
      defaults.put("instance.max_runtime_hours", Views.hours(c.instance().maxRuntime()).toPlainString());
      defaults.forEach((k, v) -> {
        if (rows.stream().noneMatch(o -> o.key().equals(k))) {
          rows.add(SettingOrigin.builder().key(k).displayValue(v).layer(SettingOrigin.Layer.DEFAULT).build());
        }
      });
      return rows;
    }
  }

  /** {@code config set KEY VALUE}. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Persist one default to $SOEN_HOME/cloud_config.yaml, e.g. `config set region us-east-1`",
          "or `config set instance.instance_type ml.g5.2xlarge`. Secrets are refused: use the environment."})
  static final class Set extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "A key such as region, bucket, instance.use_spot, aws.region, docker_images.jax.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Override
    int execute() {
      String bare = key.startsWith("cloud.") ? key.substring(6) : key;
      if (UserConfigFile.SECRETS.containsKey(bare)) {
        throw usage(key + " is a secret and is never written to a file; set " + UserConfigFile.SECRETS.get(bare)
            + " in the environment instead");
      }
      String cloudKey = UserConfigFile.cloudKey(key).orElseThrow(() -> usage("unknown key '" + key + "'"
          + didYouMean(bare) + "; allowed: " + String.join(", ", UserConfigFile.KEYS.keySet())));
      try (CloudTrainer trainer = trainer()) {
        // Validate exactly as a flag would be, before anything is written.
        trainer.resolveConfig(Optional.empty(), Map.of(cloudKey, value));
        UserConfigFile file = new UserConfigFile(ctx.home());
        ObjectNode root = file.read();
        UserConfigFile.put(root, cloudKey, value);
        file.write(root);
        if (out().json()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("key", cloudKey);
          m.put("file_key", UserConfigFile.KEYS.get(cloudKey));
          m.put("value", value);
          m.put("file", file.path().toString());
          out().json(m);
        } else {
          out().line("Saved " + UserConfigFile.KEYS.get(cloudKey) + " = " + value + " in " + file.path());
        }
        return ExitCodes.OK;
      }
    }

    private static String didYouMean(String key) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String k : UserConfigFile.KEYS.keySet()) {
        for (String candidate : List.of(k, UserConfigFile.KEYS.get(k))) {
          int d = distance(key, candidate);
          if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
          }
        }
      }
      return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
      int[] prev = new int[b.length() + 1];
      int[] cur = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        prev[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        cur[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        }
        int[] t = prev;
        prev = cur;
        cur = t;
      }
      return prev[b.length()];
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
      Optional<Path> file = configFile(this, config);
      try (CloudTrainer trainer = trainer()) {
        ResolvedConfig resolved = trainer.resolveConfig(file, Map.of());
        UserConfigFile target = new UserConfigFile(ctx.home());
        ObjectNode root = target.read();
        Map<String, String> saved = new LinkedHashMap<>();
        Map<String, SettingOrigin> byKey = new LinkedHashMap<>();
        resolved.origins().forEach(o -> byKey.put(o.key(), o));
        for (String key : UserConfigFile.KEYS.keySet()) {
          SettingOrigin o = byKey.get(key);
          if (o == null || (o.layer() == SettingOrigin.Layer.DEFAULT || UserConfigFile.SECRETS.containsKey(o.key())
              || !UserConfigFile.KEYS.containsKey(o.key()) || o.displayValue().contains("****"))) {
            continue;
          }
          UserConfigFile.put(root, o.key(), o.displayValue());
          saved.put(o.key(), o.displayValue());
        }
        target.write(root);
        if (out().json()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("file", target.path().toString());
          m.put("saved", saved);
          out().json(m);
        } else {
          saved.forEach((k, v) -> out().info("  " + UserConfigFile.KEYS.get(k) + " = " + v));
          out().line("Saved " + saved.size() + (saved.size() == 1 ? " setting" : " settings") + " in " + target.path());
        }
        return ExitCodes.OK;
      }
    }
  }
}
