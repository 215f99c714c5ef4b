package org.soen.cloud.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.soen.cloud.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The override flags of {@code train}, made from the settings' declarations ({@link Setting#flag()}):
 * a provider that declares a flag gets it on the command line, with its description. Values are
 * passed on as text and checked by the configuration loader, which names the flag in problems.
 */
final class SettingFlags {
  private SettingFlags() {}

  /** Add a flag to {@code command} for every declared setting that has one. */
  static void addTo(CommandLine command, Map<String, List<Setting<?>>> settings) {
    CommandSpec spec = command.getCommandSpec();
    settings.values().stream().flatMap(List::stream).filter(s -> s.flag().isPresent()).forEach(s -> {
      String flag = s.flag().get();
      String help = s.description() + " (cloud." + s.key() + ": " + s.allowed() + ").";
      OptionSpec.Builder option = OptionSpec.builder(flag).userObject(s).description(help);
      if (s.type() == Setting.Type.BOOLEAN) {
        option.negatable(true).type(Boolean.class);
      } else {
        option.arity("1").type(String.class).paramLabel(label(s));
      }
      spec.addOption(option.build());
    });
  }

  /** The flags given on the command line, as overrides keyed by the setting's key path. */
  static Map<String, String> overrides(CommandSpec spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      Object value = o.getValue();
      if (o.userObject() instanceof Setting<?> s && value != null) {
        out.put(s.key(), String.valueOf(value));
      }
    }
    return out;
  }

  private static String label(Setting<?> s) {
    return switch (s.type()) {
      case HOURS -> "HOURS";
      case MINUTES -> "MINUTES";
      case DECIMAL, INTEGER -> "N";
      case CHOICE -> String.join("|", s.choices());
      default -> s.key().substring(s.key().lastIndexOf('.') + 1).toUpperCase(java.util.Locale.ROOT);
    };
  }
}
