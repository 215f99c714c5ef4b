package org.soen.cloud.cli;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;

/**
 * Tells the person what went wrong ({@code error: ...} on stderr) and, with {@code --json}, the
 * script too (one error document on stdout with a stable code), and returns the exit code. A Java
 * exception soen-cloud did not expect is reported as a bug with what to do, its stack trace only
 * with {@code --verbose}.
 */
final class ErrorReporter {
  private static final int DESCRIPTION_LIMIT = 200;

  private final CliContext ctx;
  private final boolean json;
  private final boolean verbose;

  ErrorReporter(CliContext ctx, boolean json, boolean verbose) {
    this.ctx = ctx;
    this.json = json;
    this.verbose = verbose;
  }

  /** Reports bad usage, with where to find the command's options; returns exit code 2. */
  int usage(UsageException e) {
    print(e.code(), e.getMessage(), List.of());
    if (!json) {
      ctx.err().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
    }
    return e.code().exitCode();
  }

  /** Reports {@code e}, thrown while a command ran; returns its exit code. */
  int failure(Throwable e) {
    Failure f = Failure.of(e, verbose ? "the stack trace below" : "the output of the same command run with --verbose");
    print(f.code(), f.message(), f.problems());
    if (verbose) {
      ctx.err().print(stackTrace(e));
    }
    return f.code().exitCode();
  }

  /** What is reported of an exception: its stable code, its message and its configuration problems. */
  record Failure(ExitCodes.Code code, String message, List<ConfigProblem> problems) {
    /** {@code e} classified; an unexpected exception's message asks for {@code bugDetails} in the report. */
    static Failure of(Throwable e, String bugDetails) {
      ExitCodes.Code code = ExitCodes.classify(e);
      List<ConfigProblem> problems = e instanceof ConfigurationException ce ? ce.problems() : List.of();
      String message;
      if (code == ExitCodes.Code.INTERNAL_ERROR) {
        message = "internal error in soen-cloud (" + describe(e) + "); this is a bug, please report it with " + bugDetails;
      } else {
        message = e.getMessage() != null ? e.getMessage() : describe(e);
      }
      return new Failure(code, message, problems);
    }

    /** The {@code --json} error document, plus the lines a person reads on stderr. */
    java.util.Map<String, Object> document() {
      java.util.Map<String, Object> m = Views.error(code.id(), message, problems, code.exitCode());
      m.put("lines", lines(message, problems));
      return m;
    }
  }

  private void print(ExitCodes.Code code, String message, List<ConfigProblem> problems) {
    if (json) {
      ctx.out().println(Output.jsonText(Views.error(code.id(), message, problems, code.exitCode())));
    }
    lines(message, problems).forEach(ctx.err()::println);
  }

  /**
   * What a person is told of an error, line by line, as {@code stderr} shows it: {@code error: ...},
   * then each configuration problem where its value was written ({@code file:line:col: key: what}).
   * The web console shows the same lines.
   */
  static List<String> lines(String message, List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      return List.of("error: " + message);
    }
    List<String> lines = new java.util.ArrayList<>();
    lines.add("error: invalid configuration (" + problems.size()
        + (problems.size() == 1 ? " problem" : " problems") + "; nothing was submitted):");
    problems.forEach(p -> lines.add("  " + p));
    return lines;
  }

  /** {@code IllegalArgumentException: the first line of its message}, shortened. */
  private static String describe(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
    if (message.length() > DESCRIPTION_LIMIT) {
      message = message.substring(0, DESCRIPTION_LIMIT) + "...";
    }
    return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /** The stack trace of {@code e} and its causes, in the JDK's layout. */
  static String stackTrace(Throwable e) {
    StringBuilder b = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String prefix = "";
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      b.append(prefix).append(t).append(System.lineSeparator());
      for (StackTraceElement element : t.getStackTrace()) {
        b.append("\tat ").append(element).append(System.lineSeparator());
      }
      prefix = "Caused by: ";
    }
    return b.toString();
  }
}
