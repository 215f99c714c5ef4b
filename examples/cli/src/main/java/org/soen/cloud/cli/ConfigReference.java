package org.soen.cloud.cli;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.soen.cloud.Setting;

/**
 * The configuration reference, rendered from the settings' declarations: one Markdown table per
 * owner (soen-cloud, then each provider). The README's reference is this text, and a test keeps
 * them equal.
 */
final class ConfigReference {
  private ConfigReference() {}

  static String markdown(Map<String, List<Setting<?>>> byOwner) {
    StringBuilder b = new StringBuilder();
    byOwner.forEach((owner, settings) -> {
      b.append("#### ").append(owner.equals("soen-cloud") ? "Every provider" : "Provider `" + owner + "`")
          .append("\n\n")
          .append("| `cloud.` key | allowed | default | environment | `cloud_config.yaml` | flag | what it does |\n")
          .append("| --- | --- | --- | --- | --- | --- | --- |\n");
      for (Setting<?> s : settings) {
        b.append("| `").append(s.key()).append('`')
            .append(aliases(s))
            .append(s.secret() ? " (secret)" : "")
            .append(" | ").append(cell(s.allowed()))
            .append(" | ").append(cell(defaultText(s)))
            .append(" | ").append(code(s.environment()))
            .append(" | ").append(s.userConfigPath().map(p -> "`" + p + "`").orElse(""))
            .append(" | ").append(s.flag().map(f -> "`" + f + "`").orElse(""))
            .append(" | ").append(cell(s.description())).append(" |\n");
      }
      b.append('\n');
    });
    return b.toString().stripTrailing();
  }

  private static String aliases(Setting<?> s) {
    List<String> other = s.yamlPaths().stream().filter(p -> !p.equals("cloud." + s.key())).collect(Collectors.toList());
    String paths = other.stream().map(p -> "`" + p + "`").collect(Collectors.joining(", "));
    return other.isEmpty() ? "" : s.yamlPaths().contains("cloud." + s.key()) ? " (also " + paths + ")"
        : " (in a training YAML: " + paths + ")";
  }

  private static String defaultText(Setting<?> s) {
    return s.defaultValue().<String>map(s::display).orElse(s.defaultText().orElse(""));
  }

  private static String code(List<String> names) {
    return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
