package org.soen.cloud.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.PreflightCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soen-cloud doctor [--provider P] [--config FILE]}. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Preflight checks with the fix for each failure.",
        "Checks credentials, access and tools; with --config also the config. Exits 3 when a check fails."})
final class DoctorCommand extends BaseCommand {
  @Option(names = "--provider", paramLabel = "P", description = "Check this provider (default: the configured one).")
  String provider;

  @Option(names = "--config", paramLabel = "FILE", description = "Check with this training YAML's cloud: section.")
  Path config;

  @Override
  int execute() {
    Optional<Path> file = Optional.ofNullable(config).map(ctx.workingDirectory()::resolve);
    try (CloudTrainer trainer = trainer()) {
      requireProvider(provider, trainer.operations().providerIds());
      CloudConfig cloud = ConfigCommand.resolve(trainer, file, overrides(provider)).config();
      List<PreflightCheck> checks = checks(trainer, cloud, file.isPresent());
      boolean passed = checks.stream().allMatch(PreflightCheck::passed);
      if (out().json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", cloud.provider());
        m.put("passed", passed);
        m.put("checks", checks.stream().map(Views::check).collect(Collectors.toList()));
        out().json(m);
      } else {
        Output o = out();
        o.line("Checking " + cloud.provider() + (file.isEmpty() ? " (add --config FILE to check a training config too):" : ":"));
        for (PreflightCheck c : checks) {
          o.line("  " + (c.passed() ? o.green("ok  ") : o.red("FAIL")) + " " + c.name() + ": " + c.detail());
          c.fix().ifPresent(f -> o.line("       fix: " + f));
        }
        o.line(passed ? "All checks passed." : "Some checks failed; see the fixes above.");
      }
      return passed ? ExitCodes.OK : ExitCodes.PROVIDER;
    }
  }

  /** The overrides that check {@code provider} instead of the configured one ({@code null}: the configured one). */
  static Map<String, String> overrides(String provider) {
    return provider == null ? Map.of() : Map.of("provider", provider);
  }

  /** The checks of {@code cloud}'s provider, as {@code doctor} runs them; the web console runs the same. */
  static List<PreflightCheck> checks(CloudTrainer trainer, CloudConfig cloud, boolean withTrainingConfig) {
    List<PreflightCheck> checks = trainer.operations().doctor(cloud);
    if (withTrainingConfig) {
      return checks;
    }
    // Without a training YAML there is no command or data to check; those checks need --config.
    return checks.stream().filter(c -> c.passed() || !c.name().equals("config")).collect(Collectors.toList());
  }
}
