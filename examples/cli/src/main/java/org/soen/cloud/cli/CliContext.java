package org.soen.cloud.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobListener;
import org.soen.cloud.spi.Sleeper;

/**
 * Everything the command line reads from or writes to the world, so that a test can run
 * {@link SoenCloudCli#run(String[], CliContext)} in-process: the streams, the environment, the
 * soen home, the working folder, whether output goes to a terminal, how trainers are made, how
 * Ctrl-C is caught, and the clock and sleeper of {@code logs -f}.
 */
public final class CliContext {
  /** Makes the {@link CloudTrainer} a command uses; the command closes it. */
  @FunctionalInterface
  public interface TrainerFactory {
    /**
     * A trainer with its journal under {@code home}, reading {@code environment}, sending events to
     * {@code listener}, with the rows of {@code pricingFile} (the {@code --pricing-file} flag) over the
     * bundled pricing catalog.
     */
    CloudTrainer create(Path home, Map<String, String> environment, JobListener listener,
        java.util.Optional<Path> pricingFile);
  }

  /** Registers what to do when the user presses Ctrl-C. */
  @FunctionalInterface
  public interface InterruptHooks {
    /** Run {@code onInterrupt} on Ctrl-C until the returned handle is closed. */
    Registration register(Runnable onInterrupt);
  }

  /** Asks the person at the terminal a question and returns the key or line they typed ({@code ""} for none). */
  @FunctionalInterface
  public interface Prompter {
    /** Prints {@code question} and reads the answer: one key on a terminal, else one line. */
    String ask(String question);
  }

  /** A registered interrupt action; closing it unregisters the action. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;
  private final Path home;
  private final Path workingDirectory;
  private final boolean terminal;
  private final TrainerFactory trainers;
  private final InterruptHooks interrupts;
  private final Prompter prompter;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration pollInterval;

  private CliContext(Builder b) {
    this.out = Objects.requireNonNull(b.out, "out");
    this.err = Objects.requireNonNull(b.err, "err");
    this.environment = Map.copyOf(Objects.requireNonNull(b.environment, "environment"));
    this.home = b.home != null ? b.home : defaultHome(environment);
    this.workingDirectory = Objects.requireNonNull(b.workingDirectory, "workingDirectory");
    this.terminal = b.terminal;
    this.trainers = b.trainers != null ? b.trainers
        : (h, env, listener, pricingFile) -> CloudTrainer.builder().home(h).environment(env).listener(listener)
            .pricingFile(pricingFile.orElse(null)).build();
    // On a terminal Ctrl-C is caught as a signal, so the person can still be asked what to do while
    // the JVM keeps running; elsewhere a shutdown hook stops the job before the process exits.
    this.interrupts = b.interrupts != null ? b.interrupts : terminal ? CliContext::signalHandler : CliContext::shutdownHook;
    // A person at a terminal answers with one key; without a console nobody is asked.
    this.prompter = b.prompter != null ? b.prompter
        : System.console() != null ? KeyPrompter.forTerminal(err, CliContext::askConsole) : CliContext::askConsole;
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.sleeper = b.sleeper != null ? b.sleeper : d -> Thread.sleep(d.toMillis());
    this.pollInterval = b.pollInterval != null ? b.pollInterval : Duration.ofSeconds(2);
  }

  /** The context of a real process: {@code System.out}, {@code System.err}, the process environment. */
  public static CliContext system() {
    return builder().out(System.out).err(System.err).environment(System.getenv())
        .workingDirectory(Path.of("").toAbsolutePath())
        .terminal(System.console() != null).build();
  }

  /** A builder; streams, environment and working folder are required. */
  public static Builder builder() {
    return new Builder();
  }

  private static Path defaultHome(Map<String, String> env) {
    String soenHome = env.get("SOEN_HOME");
    if (soenHome != null && !soenHome.isBlank()) {
      return Path.of(soenHome);
    }
    return Path.of(System.getProperty("user.home"), ".soen");
  }

  /** SIGINT through jdk.unsupported's {@code sun.misc.Signal}, the JDK's only way to catch it and keep running. */
  private static Registration signalHandler(Runnable onInterrupt) {
    sun.misc.Signal interrupt = new sun.misc.Signal("INT");
    sun.misc.SignalHandler previous = sun.misc.Signal.handle(interrupt,
        signal -> {
          Thread t = new Thread(onInterrupt, "soen-cloud-interrupt");
          t.setDaemon(true);
          t.start();
        });
    return () -> sun.misc.Signal.handle(interrupt, previous);
  }

  private static String askConsole(String question) {
    java.io.Console console = System.console();
    if (console == null) {
      return "";
    }
    String line = console.readLine("%s", question);
    return line == null ? "" : line;
  }

  private static Registration shutdownHook(Runnable onInterrupt) {
    Thread hook = new Thread(onInterrupt, "soen-cloud-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    return () -> {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is already running; let it finish.
      }
    };
  }

  /** This context with its output going to {@code out} and {@code err} instead. */
  CliContext withStreams(PrintStream out, PrintStream err) {
    return builder().out(out).err(err).environment(environment).home(home)
        .workingDirectory(workingDirectory).terminal(terminal).trainers(trainers).interrupts(interrupts)
        .prompter(prompter).clock(clock).sleeper(sleeper).pollInterval(pollInterval).build();
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  Map<String, String> environment() {
    return environment;
  }

  Path home() {
    return home;
  }

  /** The user's defaults, {@code $SOEN_HOME/cloud_config.yaml}, where {@code config set} and {@code config save} write. */
  Path userConfigFile() {
    return home.resolve("cloud_config.yaml");
  }

  Path workingDirectory() {
    return workingDirectory;
  }

  boolean terminal() {
    return terminal;
  }

  TrainerFactory trainers() {
    return trainers;
  }

  InterruptHooks interrupts() {
    return interrupts;
  }

  Prompter prompter() {
    return prompter;
  }

  Clock clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  Duration pollInterval() {
    return pollInterval;
  }

  /** Builds a {@link CliContext}. */
  public static final class Builder {
    private PrintStream out;
    private PrintStream err;
    private Map<String, String> environment;
    private Path home;
    private Path workingDirectory;
    private boolean terminal;
    private TrainerFactory trainers;
    private InterruptHooks interrupts;
    private Prompter prompter;
    private Clock clock;
    private Sleeper sleeper;
    private Duration pollInterval;

    private Builder() {}

    /** Where results go. */
    public Builder out(PrintStream out) {
      this.out = out;
      return this;
    }

    /** Where errors, warnings and progress go. */
    public Builder err(PrintStream err) {
      this.err = err;
      return this;
    }

    /** The environment variables the config falls back to. */
    public Builder environment(Map<String, String> environment) {
      this.environment = environment;
      return this;
    }

    /** The soen home (default {@code SOEN_HOME} from the environment, else {@code ~/.soen}). */
    public Builder home(Path home) {
      this.home = home;
      return this;
    }

    /** The folder relative paths on the command line are resolved against. */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = workingDirectory;
      return this;
    }

    /** Whether output goes to a terminal: colours and progress bars only then. */
    public Builder terminal(boolean terminal) {
      this.terminal = terminal;
      return this;
    }

    /** How trainers are made (default: {@link CloudTrainer#builder()} with discovered providers). */
    public Builder trainers(TrainerFactory trainers) {
      this.trainers = trainers;
      return this;
    }

    /** How Ctrl-C is caught (default: a JVM shutdown hook). */
    public Builder interrupts(InterruptHooks interrupts) {
      this.interrupts = interrupts;
      return this;
    }

    /** How a question is put to the person at the terminal (default: the console). */
    public Builder prompter(Prompter prompter) {
      this.prompter = prompter;
      return this;
    }

    /** The clock for "recent" in {@code list} (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How {@code logs -f} waits between polls. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** How often {@code logs -f} polls (default 2 seconds). */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /** The context. */
    public CliContext build() {
      return new CliContext(this);
    }
  }
}
