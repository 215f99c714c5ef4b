package org.soen.cloud.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.soen.cloud.JobState;

/** Printing for people (aligned tables, colour on a terminal) and for machines ({@code --json}). */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final PrintStream out;
  private final PrintStream err;
  private final boolean colour;
  private final boolean terminal;
  private final GlobalOptions options;

  Output(CliContext ctx, GlobalOptions options) {
    this.out = ctx.out();
    this.err = ctx.err();
    this.terminal = ctx.terminal();
    this.options = options;
    this.colour = ctx.terminal() && !options.noColour && !ctx.environment().containsKey("NO_COLOR");
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  boolean json() {
    return options.json;
  }

  boolean quiet() {
    return options.quiet;
  }

  boolean verbose() {
    return options.verbose;
  }

  boolean terminal() {
    return terminal;
  }

  /** A line for people; nothing in {@code --json} mode. */
  void line(String text) {
    if (!options.json) {
      out.println(text);
    }
  }

  /** A line for people unless {@code --quiet}. */
  void info(String text) {
    if (!options.json && !options.quiet) {
      out.println(text);
    }
  }

  /** A line only with {@code --verbose}, on stderr. */
  void debug(String text) {
    if (options.verbose) {
      err.println(text);
    }
  }

  /** A warning on stderr, even with {@code --quiet}. */
  void warn(String text) {
    err.println(yellow("warning: ") + text);
  }

  void json(Object value) {
    out.println(jsonText(value));
  }

  /** {@code value} as the indented JSON every {@code --json} document is printed in. */
  static String jsonText(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** Columns padded to the widest cell; the last column is not padded. */
  void table(List<String> headers, List<List<String>> rows) {
    if (options.json) {
      return;
    }
    int[] widths = new int[headers.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(headers);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(bold(format(headers, widths)));
    rows.forEach(r -> out.println(format(r, widths)));
  }

  private static String format(List<String> row, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < row.size(); i++) {
      String cell = row.get(i);
      b.append(cell);
      if (i < row.size() - 1) {
        b.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    return b.toString().stripTrailing();
  }

  String bold(String s) {
    return paint("1", s);
  }

  String green(String s) {
    return paint("32", s);
  }

  String red(String s) {
    return paint("31", s);
  }

  String yellow(String s) {
    return paint("33", s);
  }

  String cyan(String s) {
    return paint("36", s);
  }

  String state(JobState state) {
    String name = state.name();
    return switch (state) {
      case COMPLETED -> green(name);
      case FAILED -> red(name);
      case STOPPED, STOPPING, INTERRUPTED -> yellow(name);
      default -> cyan(name);
    };
  }

  private String paint(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /** {@code $1.01}: money rounded to cents. */
  static String usd(BigDecimal amount) {
    return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** {@code $1.006}: hourly prices keep up to three decimals, at least two. */
  static String hourly(BigDecimal amount) {
    BigDecimal s = amount.stripTrailingZeros();
    if (s.scale() < 2) {
      s = s.setScale(2, RoundingMode.UNNECESSARY);
    } else if (s.scale() > 3) {
      s = s.setScale(3, RoundingMode.HALF_UP);
    }
    return "$" + s.toPlainString();
  }

  /** {@code 1:02:03}. */
  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
  }

  /** {@code 1.5 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
