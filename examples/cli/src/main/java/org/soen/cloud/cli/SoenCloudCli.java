package org.soen.cloud.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.SoenCloudException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;

/**
 * The {@code soen-cloud} command line. {@link #main} is a thin shell around
 * {@link #run(String[], CliContext)}, which returns the exit code (design section 7: 0 done, 1 the
 * job failed or was stopped, 2 bad usage or config, 3 provider or network error, 130 interrupted)
 * and can be called in-process with its own streams, environment, home and trainers.
 */
public final class SoenCloudCli {
  private SoenCloudCli() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, CliContext.system()));
  }

  /** Runs the command in {@code ctx}; never calls {@link System#exit}. */
  public static int run(String[] args, CliContext ctx) {
    boolean json = Arrays.asList(args).contains("--json");
    boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
    CommandLine cl = commandLine(ctx);
    cl.setParameterExceptionHandler((ParameterException e, String[] a) -> {
      report(ctx, json, "usage", e.getMessage(), List.of(), ExitCodes.USAGE);
      if (!json) {
        String name = e.getCommandLine().getCommandSpec().qualifiedName();
        ctx.err().println("Try '" + name + " --help' for the options.");
      }
      return ExitCodes.USAGE;
    });
    cl.setExecutionExceptionHandler((Exception e, CommandLine c, CommandLine.ParseResult r) -> {
      if (e instanceof ParameterException pe) {
        return c.getParameterExceptionHandler().handleParseException(pe, args);
      }
      int code = ExitCodes.of(e);
      List<org.soen.cloud.ConfigProblem> problems =
          e instanceof ConfigurationException ce ? ce.problems() : List.of();
      String message = e instanceof SoenCloudException || e instanceof ParameterException
          ? e.getMessage() : "unexpected " + e + (verbose ? "" : " (run with --verbose for the stack trace)");
      report(ctx, json, ExitCodes.kind(e), message, problems, code);
      if (verbose) {
        e.printStackTrace(ctx.err());
      }
      return code;
    });
    return cl.execute(args);
  }

  static CommandLine commandLine(CliContext ctx) {
    IFactory defaults = CommandLine.defaultFactory();
    IFactory factory = new IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        K made = defaults.create(type);
        if (made instanceof BaseCommand command) {
          command.ctx = ctx;
        }
        return made;
      }
    };
    CommandLine cl = new CommandLine(new Root(), factory);
    cl.setOut(new PrintWriter(ctx.out(), true));
    cl.setErr(new PrintWriter(ctx.err(), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.registerConverter(java.math.BigDecimal.class, s -> {
      try {
        return new java.math.BigDecimal(s);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + s + "' is not a number; give one such as 12.5");
      }
    });
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(
        ctx.terminal() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
    return cl;
  }

  private static void report(CliContext ctx, boolean json, String kind, String message,
      List<org.soen.cloud.ConfigProblem> problems, int code) {
    if (json) {
      try {
        ctx.out().println(new com.fasterxml.jackson.databind.ObjectMapper()
            .writerWithDefaultPrettyPrinter().writeValueAsString(Views.error(kind, message, problems, code)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    if (problems.isEmpty()) {
      ctx.err().println("error: " + message);
    } else {
      ctx.err().println("error: invalid configuration (" + problems.size()
          + (problems.size() == 1 ? " problem" : " problems") + "; nothing was submitted):");
      problems.forEach(p -> ctx.err().println("  " + p));
    }
  }

  /** The top-level command: lists the verbs. */
  @Command(name = "soen-cloud", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Send a training run to a GPU cloud and bring the results back.",
      subcommands = {TrainCommand.class, StatusCommand.class, ListCommand.class, StopCommand.class,
          LogsCommand.class, AttachCommand.class, DownloadCommand.class, PricingCommand.class,
          DoctorCommand.class, ConfigCommand.class, ReapCommand.class,
          CommandLine.HelpCommand.class},
      footer = {"", "Exit codes: 0 done, 1 the job failed or was stopped, 2 bad usage or config,",
          "3 provider or network error, 130 interrupted (after teardown)."})
  static final class Root implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "missing a command: one of "
          + String.join(", ", spec.subcommands().keySet()));
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SoenCloudCli.class.getPackage().getImplementationVersion();
      return new String[] {"soen-cloud " + (v == null ? "(development build)" : v)};
    }
  }
}
