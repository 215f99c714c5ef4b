package org.soen.cloud.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the distribution's generated files from the command model, so they cannot drift from
 * the commands: {@code soen-cloud.bash} (bash completion, also loaded by zsh through
 * {@code bashcompinit}) and {@code soen-cloud.1} (the man page). Run by the build.
 */
public final class DistFiles {
  private DistFiles() {}

  /** Writes both files into the folder {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    CommandLine cl = SoenCloudCli.commandLine(CliContext.system());
    Files.writeString(dir.resolve("soen-cloud.bash"), AutoComplete.bash("soen-cloud", cl), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("soen-cloud.1"), manPage(cl), StandardCharsets.UTF_8);
  }

  /** The man page in roff: a section per command with its options. */
  static String manPage(CommandLine root) {
    StringBuilder b = new StringBuilder();
    String version = new SoenCloudCli.Version().getVersion()[0];
    b.append(".TH SOEN-CLOUD 1 \"\" \"").append(roff(version)).append("\" \"User Commands\"\n")
        .append(".SH NAME\nsoen-cloud \\- ").append(roff(description(root.getCommandSpec()))).append('\n')
        .append(".SH SYNOPSIS\n.B soen-cloud\n.I command\n[\\fIoptions\\fR]\n")
        .append(".SH COMMANDS\n");
    root.getSubcommands().forEach((name, sub) -> command(b, "soen-cloud " + name, sub));
    b.append(".SH EXIT STATUS\n0 done, 1 the job failed or was stopped, 2 bad usage or config, ")
        .append("3 provider or network error, 130 interrupted (after teardown).\n")
        .append(".SH FILES\n.TP\n.I ~/.soen/cloud_config.yaml\ndefaults (SOEN_HOME moves ~/.soen)\n")
        .append(".TP\n.I ~/.soen/jobs/\nthe job journal\n");
    return b.toString();
  }

  private static void command(StringBuilder b, String name, CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    if (spec.usageMessage().hidden() || name.endsWith(" help")) {
      return;
    }
    b.append(".SS ").append(roff(name)).append('\n').append(roff(description(spec))).append('\n');
    for (OptionSpec o : spec.options()) {
      if (o.hidden() || o.usageHelp() || o.versionHelp()) {
        continue;
      }
      b.append(".TP\n.B ").append(roff(String.join(", ", o.names())));
      if (o.arity().max() > 0 && !o.paramLabel().isEmpty()) {
        b.append(" \\fI").append(roff(o.paramLabel())).append("\\fR");
      }
      b.append('\n').append(roff(String.join(" ", o.description()))).append('\n');
    }
    cl.getSubcommands().forEach((sub, subCl) -> command(b, name + " " + sub, subCl));
  }

  private static String description(CommandSpec spec) {
    List<String> lines = List.of(spec.usageMessage().description());
    return lines.isEmpty() ? "" : String.join(" ", lines);
  }

  /** Text safe in roff: backslashes escaped, no line starting with a control character. */
  private static String roff(String text) {
    String t = text.replace("\\", "\\e").replace("-", "\\-");
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }
}
