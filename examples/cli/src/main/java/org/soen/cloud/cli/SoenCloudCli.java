package org.soen.cloud.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
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
    // Library warnings (slf4j-simple) print to System.err directly: mask secrets there as well.
    Redactor redactor = Redactor.of(System.getenv());
    System.setOut(redactor.wrap(System.out));
    System.setErr(redactor.wrap(System.err));
    int code = run(args, CliContext.system());
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /**
   * Runs the command in {@code ctx}; never calls {@link System#exit}. Everything it prints goes
   * through a {@link Redactor} for the secrets in {@code ctx}'s environment, and every error is
   * reported by an {@link ErrorReporter}: no Java exception reaches the caller.
   */
  public static int run(String[] args, CliContext ctx) {
    Redactor redactor = Redactor.of(ctx.environment());
    PrintStream out = redactor.wrap(ctx.out());
    PrintStream err = redactor.wrap(ctx.err());
    CliContext redacted = ctx.withStreams(out, err);
    List<String> given = Arrays.asList(args);
    ErrorReporter reporter = new ErrorReporter(redacted, given.contains("--json"),
        given.contains("--verbose") || given.contains("-v"));
    try {
      CommandLine cl = commandLine(redacted);
      cl.setParameterExceptionHandler((ParameterException e, String[] a) -> reporter.usage(UsageErrors.describe(e, a)));
      cl.setExecutionExceptionHandler((Exception e, CommandLine c, CommandLine.ParseResult r) ->
          e instanceof ParameterException pe ? reporter.usage(UsageErrors.describe(pe, args)) : reporter.failure(e));
      return cl.execute(args);
    } catch (RuntimeException | LinkageError e) {
      // Thrown where picocli does not catch: building the command line, or an Error from a verb.
      return reporter.failure(e);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The override flags of {@code train}, from the declarations of every installed provider. When
   * the trainer cannot even be made, the command fails later with that error, flags or not.
   */
  private static void addSettingFlags(CommandLine cl, CliContext ctx) {
    try (org.soen.cloud.CloudTrainer trainer = ctx.trainers().create(ctx.home(), ctx.environment(), e -> { },
        java.util.Optional.empty())) {
      SettingFlags.addTo(cl.getSubcommands().get("train"), trainer.operations().settings());
    } catch (RuntimeException e) {
      // reported by the command itself, which makes the same trainer
    }
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
    addSettingFlags(cl, ctx);
    // UTF-8, as the Redactor's streams that run() hands in expect raw bytes to be.
    cl.setOut(new PrintWriter(new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(ctx.err(), StandardCharsets.UTF_8), true));
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

  /** The top-level command: lists the verbs. */
  @Command(name = "soen-cloud", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Send a training run to a GPU cloud and bring the results back.",
      subcommands = {TrainCommand.class, StatusCommand.class, ListCommand.class, StopCommand.class,
          LogsCommand.class, AttachCommand.class, DownloadCommand.class, PricingCommand.class,
          DoctorCommand.class, ConfigCommand.class, ReapCommand.class, ConsoleCommand.class,
          CommandLine.HelpCommand.class},
      footer = {"", "Exit codes: 0 done, 1 the job failed or was stopped, 2 bad usage or config,",
          "3 provider or network error, 130 interrupted (after teardown)."})
  static final class Root implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new UsageException(spec.commandLine(), ExitCodes.Code.USAGE_MISSING, "missing a command: one of "
          + String.join(", ", spec.subcommands().keySet()));
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      java.util.Properties build = new java.util.Properties();
      try (java.io.InputStream in = SoenCloudCli.class.getResourceAsStream("build-info.properties")) {
        if (in != null) {
          build.load(in);
        }
      } catch (java.io.IOException e) {
        // shown as a development build below
      }
      String version = build.getProperty("version");
      return new String[] {version == null ? "soen-cloud (development build)"
          : "soen-cloud " + version + " (commit " + build.getProperty("commit", "unknown") + ")"};
    }
  }
}
