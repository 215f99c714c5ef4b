package org.soen.cloud.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks the person at the terminal and takes their answer as one key press: the terminal is put in
 * character mode ({@code stty -icanon} on {@code /dev/tty}) while it waits, and put back as it
 * was afterwards. Where the mode cannot be changed (no {@code stty}, no terminal) the answer is a
 * line ended by Enter, as before. The streams and the mode switch are handed in, so tests drive it
 * without a terminal.
 */
final class KeyPrompter implements CliContext.Prompter {
  /** Switches a terminal to reading one key at a time. */
  @FunctionalInterface
  interface KeyMode {
    /** Character mode on, returning how to restore the previous mode; empty when it cannot be switched. */
    Optional<Runnable> enter();
  }

  private final PrintStream prompt;
  private final InputStream input;
  private final KeyMode mode;
  private final Charset charset;

  KeyPrompter(PrintStream prompt, InputStream input, KeyMode mode, Charset charset) {
    this.prompt = prompt;
    this.input = input;
    this.mode = mode;
    this.charset = charset;
  }

  /**
   * The prompter of a real terminal: {@code /dev/tty} in character mode through {@code stty};
   * {@code fallback} when {@code /dev/tty} cannot be opened.
   */
  static CliContext.Prompter forTerminal(PrintStream prompt, CliContext.Prompter fallback) {
    File tty = new File("/dev/tty");
    return question -> {
      InputStream in;
      try {
        in = new FileInputStream(tty);
      } catch (IOException e) {
        return fallback.ask(question);
      }
      try (in) {
        return new KeyPrompter(prompt, in, () -> Stty.characterMode(tty), Charset.defaultCharset()).ask(question);
      } catch (IOException e) {
        return "";
      }
    };
  }

  @Override
  public String ask(String question) {
    prompt.print(question);
    prompt.flush();
    Optional<Runnable> restore = mode.enter();
    try {
      String answer = restore.isPresent() ? key() : line();
      if (restore.isPresent()) {
        prompt.println();
      }
      return answer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      restore.ifPresent(Runnable::run);
    }
  }

  /** One key: Enter (or the end of input) is the empty answer. */
  private String key() throws IOException {
    int c = input.read();
    return c < 0 || c == '\n' || c == '\r' ? "" : String.valueOf((char) c);
  }

  /** A line up to Enter, without it. */
  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = input.read(); c >= 0 && c != '\n'; c = input.read()) {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(charset);
  }

  /** {@code stty} on {@code /dev/tty}. */
  static final class Stty {
    private Stty() {}

    /** {@code -icanon min 1}: keys arrive one by one; Ctrl-C still interrupts (isig is left on). */
    static Optional<Runnable> characterMode(File tty) {
      Optional<String> saved = run(tty, "-g").map(String::strip).filter(s -> !s.isEmpty());
      if (saved.isEmpty() || run(tty, "-icanon", "min", "1").isEmpty()) {
        return Optional.empty();
      }
      // Should the JVM end while the question waits (a second Ctrl-C stops the job and exits), the
      // shell still gets its terminal back as it was.
      Thread hook = new Thread(() -> run(tty, saved.get()), "soen-cloud-tty-restore");
      Runtime.getRuntime().addShutdownHook(hook);
      return Optional.of(() -> {
        run(tty, saved.get());
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The hook restores the mode again; that is harmless.
        }
      });
    }

    private static Optional<String> run(File tty, String... args) {
      String[] command = new String[args.length + 1];
      command[0] = "stty";
      System.arraycopy(args, 0, command, 1, args.length);
      try {
        Process p = new ProcessBuilder(command).redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), Charset.defaultCharset());
        return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
