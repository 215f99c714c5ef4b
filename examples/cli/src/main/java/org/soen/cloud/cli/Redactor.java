package org.soen.cloud.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces the values of secret environment variables with {@value #MASK} in everything the
 * command line prints, as the last step before the bytes reach stdout or stderr, so no message,
 * {@code --json} document or {@code --verbose} stack trace can carry a secret, whoever wrote it.
 *
 * <p>Secret are the variables named in {@link #SECRET_VARIABLES} and any whose name contains
 * KEY, TOKEN, SECRET or PASSWORD; values shorter than {@value #MIN_LENGTH} characters are left
 * alone (they would mask ordinary words), and so are plain booleans and numbers in variables that
 * are secret only by their name (a {@code TOKEN_TTL=3600} is a setting, and masking it would
 * corrupt every {@code 3600} in a JSON document). A value is masked whole, as JSON writes it, and
 * line by line, so a secret that spans lines (an API key with a newline in it) is masked too.
 */
final class Redactor {
  static final String MASK = "****";
  static final int MIN_LENGTH = 4;
  /** Variables that always hold secrets. */
  static final Set<String> SECRET_VARIABLES =
      Set.of("LAMBDA_API_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "MLFLOW_TRACKING_PASSWORD");

  private static final List<String> SECRET_WORDS = List.of("KEY", "TOKEN", "SECRET", "PASSWORD");
  private static final Pattern NOT_A_SECRET =
      Pattern.compile("(?i)true|false|yes|no|on|off|none|null|[-+]?\\d+(\\.\\d+)?");
  private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");

  /** Longest first, so a whole value is masked before its parts. */
  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** A redactor for the secret variables in {@code environment}. */
  static Redactor of(Map<String, String> environment) {
    Set<String> secrets = new LinkedHashSet<>();
    environment.forEach((name, value) -> {
      if (value == null || !isSecret(name, value)) {
        return;
      }
      addIfLong(secrets, value);
      addIfLong(secrets, new String(JsonStringEncoder.getInstance().quoteAsString(value)));
      for (String part : LINE_BREAKS.split(value)) {
        addIfLong(secrets, part);
      }
    });
    return new Redactor(secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
  }

  private static boolean isSecret(String name, String value) {
    if (SECRET_VARIABLES.contains(name)) {
      return true;
    }
    String upper = name.toUpperCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(upper::contains) && !NOT_A_SECRET.matcher(value.strip()).matches();
  }

  private static void addIfLong(Set<String> secrets, String value) {
    if (value.strip().length() >= MIN_LENGTH) {
      secrets.add(value);
    }
  }

  /** {@code text} with every secret value replaced by {@value #MASK}. */
  String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return result;
  }

  /**
   * A stream that prints to {@code target} with secrets masked. It holds text back until a line
   * ends or it is flushed, so a secret printed in pieces within a line is still found. Bytes
   * written to it raw must be UTF-8, what its own {@code print} methods write.
   */
  PrintStream wrap(PrintStream target) {
    // Not auto-flushing: an auto-flushing PrintStream flushes after every print, which would emit
    // (and so split) a line before it is complete; lines go out at their end, the rest on flush().
    return new PrintStream(new LineRedactingStream(target), false, StandardCharsets.UTF_8);
  }

  /** UTF-8 bytes in, redacted text out to a print stream, a line (or a flush) at a time. */
  private final class LineRedactingStream extends OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineRedactingStream(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        emit(line.size());
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      int start = offset;
      for (int i = offset; i < offset + length; i++) {
        if (bytes[i] == '\n') {
          line.write(bytes, start, i + 1 - start);
          emit(line.size());
          start = i + 1;
        }
      }
      line.write(bytes, start, offset + length - start);
    }

    @Override
    public synchronized void flush() {
      emit(completeCharacters(line.toByteArray()));
      target.flush();
    }

    @Override
    public void close() {
      flush();
    }

    /** Prints the first {@code count} buffered bytes, redacted, and keeps the rest. */
    private void emit(int count) {
      byte[] all = line.toByteArray();
      target.print(redact(new String(all, 0, count, StandardCharsets.UTF_8)));
      line.reset();
      line.write(all, count, all.length - count);
    }

    /** How many leading bytes form whole UTF-8 characters, so a flush never splits one. */
    private int completeCharacters(byte[] bytes) {
      int n = bytes.length;
      int i = n - 1;
      while (i >= 0 && n - i <= 4 && (bytes[i] & 0xC0) == 0x80) {
        i--;
      }
      if (i < 0) {
        return n;
      }
      int lead = bytes[i] & 0xFF;
      int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      return i + size <= n ? n : i;
    }
  }
}
