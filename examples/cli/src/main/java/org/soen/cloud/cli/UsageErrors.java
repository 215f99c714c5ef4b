package org.soen.cloud.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.soen.cloud.spi.DidYouMean;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns picocli's parse errors into messages that say what to do: an unknown verb or flag with a
 * did-you-mean, a negatable flag given both ways, a flag given twice. The candidates come from
 * picocli's model of the command that failed, so flags added to it programmatically are covered.
 */
final class UsageErrors {
  private UsageErrors() {}

  /** {@code e} as a {@link UsageException} with a stable code and, where it helps, a rewritten message. */
  static UsageException describe(ParameterException e, String[] args) {
    if (e instanceof UsageException u) {
      return u;
    }
    CommandLine cl = e.getCommandLine();
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      return unmatched(cl, u.getUnmatched());
    }
    if (e instanceof OverwrittenOptionException o) {
      return overwritten(cl, o.getOverwritten(), args);
    }
    return new UsageException(cl, ExitCodes.classify(e), e.getMessage());
  }

  private static UsageException unmatched(CommandLine cl, List<String> unmatched) {
    CommandSpec spec = cl.getCommandSpec();
    String given = unmatched.get(0);
    if (isOption(given)) {
      String flag = given.contains("=") ? given.substring(0, given.indexOf('=')) : given;
      return new UsageException(cl, ExitCodes.Code.USAGE_UNKNOWN_FLAG,
          "unknown option '" + flag + "'" + DidYouMean.suggest(asLongOption(flag), optionNames(spec)));
    }
    if (!spec.subcommands().isEmpty()) {
      String where = spec.parent() == null ? "" : spec.qualifiedName().substring(spec.root().name().length()).trim() + " ";
      String hint = DidYouMean.suggest(given, spec.subcommands().keySet());
      return new UsageException(cl, ExitCodes.Code.USAGE_UNKNOWN_COMMAND, "unknown " + where + "command '" + given + "'"
          + (hint.isEmpty() ? "; the commands are " + String.join(", ", spec.subcommands().keySet()) : hint));
    }
    String takes = spec.positionalParameters().stream().map(p -> p.paramLabel()).collect(Collectors.joining(" "));
    return new UsageException(cl, ExitCodes.Code.USAGE_UNEXPECTED_ARGUMENT, "unexpected argument '" + given + "': "
        + spec.qualifiedName() + " takes " + (takes.isEmpty() ? "no arguments, only options" : takes));
  }

  private static boolean isOption(String arg) {
    return arg.length() > 1 && (arg.startsWith("-") || arg.startsWith("+"));
  }

  /** {@code --instance_type}, {@code -instance-type} and {@code --instance-type} all become {@code --instance-type}. */
  private static String asLongOption(String given) {
    String bare = given.replaceFirst("^-+", "").replace('_', '-');
    return (bare.length() > 1 ? "--" : "-") + bare;
  }

  /** Every long option name the command takes, negated forms included, hidden ones not. */
  private static Set<String> optionNames(CommandSpec spec) {
    Set<String> names = new LinkedHashSet<>();
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      for (String name : o.names()) {
        if (name.length() > 2) {
          names.add(name);
          if (o.negatable()) {
            names.add(negated(spec, name));
          }
        }
      }
    }
    return names;
  }

  private static String negated(CommandSpec spec, String name) {
    return spec.negatableOptionTransformer().makeNegative(name, spec);
  }

  private static UsageException overwritten(CommandLine cl, ArgSpec arg, String[] args) {
    String name = arg.paramLabel();
    if (arg instanceof OptionSpec option) {
      List<String> given = flagsGiven(args);
      List<String> names = List.of(option.names());
      Optional<String> plain = given.stream().filter(names::contains).findFirst();
      if (option.negatable()) {
        CommandSpec spec = cl.getCommandSpec();
        Set<String> negatives = names.stream().map(n -> negated(spec, n)).collect(Collectors.toSet());
        Optional<String> negative = given.stream().filter(negatives::contains).findFirst();
        if (plain.isPresent() && negative.isPresent()) {
          boolean plainFirst = given.indexOf(plain.get()) < given.indexOf(negative.get());
          String first = plainFirst ? plain.get() : negative.get();
          String second = plainFirst ? negative.get() : plain.get();
          return new UsageException(cl, ExitCodes.Code.USAGE_CONFLICTING_FLAGS,
              first + " and " + second + " cannot be used together; give one of them");
        }
        plain = plain.or(() -> negative);
      }
      name = plain.orElse(option.longestName());
    }
    return new UsageException(cl, ExitCodes.Code.USAGE_REPEATED_FLAG, name + " was given twice; give it once");
  }

  /** The option names on the command line, without {@code =value}, up to {@code --}. */
  private static List<String> flagsGiven(String[] args) {
    List<String> flags = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      if (isOption(a)) {
        flags.add(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
      }
    }
    return flags;
  }
}
