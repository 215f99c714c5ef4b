package org.soen.cloud.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads a YAML config file as users write it, and refuses anything else with a message that says
 * what the path is and what to give instead.
 *
 * <p>The path is examined before anything is opened, without following links: a directory, a
 * named pipe, a device, a socket, a symbolic link loop and a broken link are each refused by name,
 * so a FIFO or {@code /dev/zero} is never opened (that would block or never end). A regular file
 * over {@link #MAX_BYTES} is refused from its size, and at most {@code MAX_BYTES + 1} bytes are
 * ever read. The bytes must be UTF-8 (a leading byte order mark is dropped; CRLF line ends are
 * fine); SnakeYAML composes them with caps on aliases ("billion laughs") and nesting; then
 * {@link YamlTree} flattens merge keys ({@code <<: *defaults}) and reports duplicate keys, so
 * callers get a plain mapping tree whose nodes keep the line and column where they were written.
 *
 * <p>Every problem has the file as its source and the key path the caller gave (a duplicate key,
 * the path of that key below it). A problem with the file as a whole has no line, and its message
 * starts with its subject ("the file ...", "the path ...", "the document ..."), so that with the
 * empty key path of a top-level file it renders as a sentence:
 *
 * <pre>
 * train.yaml: the file is empty; expected a YAML mapping with a cloud: section
 * train.yaml:4:11: the file is not valid YAML: expected ',' or ']', but got &lt;stream end&gt;
 * train.yaml:6:5: cloud.instance.instance_type: is given twice in one mapping (first on line 5, column 5); keep one
 * </pre>
 *
 * <p>Codes: {@link ConfigProblem#CODE_FILE} for the path (missing, not a regular file, unreadable,
 * too large, empty), {@link ConfigProblem#CODE_SYNTAX} for the content (not UTF-8, not YAML, too
 * many aliases, too deep, a bad merge key, a recursive alias, a document that is not a mapping),
 * {@link ConfigProblem#CODE_DUPLICATE} for a key given twice in one mapping.
 */
final class YamlReader {
  /** Training YAMLs are small; anything larger is a mistake (or an attack). */
  static final long MAX_BYTES = 4L * 1024 * 1024;

  /** As many links as Linux follows before it gives up with ELOOP. */
  private static final int MAX_LINKS = 40;

  private static final String GIVE_A_FILE = "give the path of a YAML file";

  private YamlReader() {}

  /**
   * The top-level mapping of {@code file}, or empty when the file is empty and {@code allowEmpty}.
   *
   * @throws ConfigurationException naming the file, and the line and column where known
   */
  static Optional<MappingNode> read(Path file, String keyPath, boolean allowEmpty) {
    String name = file.toString();
    Path target = regularFile(file, name, keyPath);
    byte[] bytes = readAtMost(target, name, keyPath);
    return parse(name, decode(bytes, name, keyPath), keyPath, allowEmpty);
  }

  /**
   * The top-level mapping of YAML {@code text} from {@code source} (a file already read, or a stored
   * section), checked and flattened as {@link #read} does; empty when there is no document and
   * {@code allowEmpty}.
   */
  static Optional<MappingNode> parse(String source, String text, String keyPath, boolean allowEmpty) {
    if (text.isBlank()) {
      if (allowEmpty) {
        return Optional.empty();
      }
      throw fail(source, keyPath, ConfigProblem.CODE_FILE,
          "the file is empty; expected a YAML mapping with a cloud: section");
    }
    Node root = compose(source, text, keyPath);
    if (root == null) {
      if (allowEmpty) {
        return Optional.empty();
      }
      throw fail(source, keyPath, ConfigProblem.CODE_FILE,
          "the file holds no YAML document (only comments); expected a mapping with a cloud: section");
    }
    if (!(root instanceof MappingNode map)) {
      throw new ConfigurationException(List.of(problem(source, keyPath, root.getStartMark(),
          ConfigProblem.CODE_SYNTAX, "the document must be a mapping of sections (cloud:, training:, ...), found a "
              + NodeText.describe(root))));
    }
    return Optional.of(YamlTree.plain(map, source, keyPath));
  }

  /** A problem at {@code mark} (1-based in the problem, 0-based in the mark), or at no line. */
  static ConfigProblem problem(String source, String keyPath, Mark mark, String code, String message) {
    ConfigProblem.Builder b = ConfigProblem.builder().source(source).keyPath(keyPath).code(code).message(message);
    if (mark != null) {
      b.line(mark.getLine() + 1).column(mark.getColumn() + 1);
    }
    return b.build();
  }

  /** The regular file {@code file} is, or leads to through symbolic links; refuses anything else. */
  private static Path regularFile(Path file, String name, String keyPath) {
    BasicFileAttributes attributes = attributes(file, name, keyPath);
    if (attributes == null) {
      throw fail(name, keyPath, ConfigProblem.CODE_FILE, "the file does not exist; " + GIVE_A_FILE);
    }
    Path target = file;
    String via = "";
    if (attributes.isSymbolicLink()) {
      target = followLinks(file, attributes, name, keyPath);
      attributes = attributes(target, name, keyPath);
      via = "a symbolic link to " + target + ", which is ";
    }
    if (attributes.isDirectory()) {
      throw fail(name, keyPath, ConfigProblem.CODE_FILE, "the path is " + via + "a directory; " + GIVE_A_FILE
          + " in it, for example " + target.resolve("train.yaml"));
    }
    if (!attributes.isRegularFile()) {
      throw fail(name, keyPath, ConfigProblem.CODE_FILE, "the path is " + via + specialKind(target)
          + ", not a regular file; " + GIVE_A_FILE + " (to pass YAML made by a command, write it to a file first)");
    }
    if (attributes.size() > MAX_BYTES) {
      throw tooLarge(name, keyPath, attributes.size() + " bytes");
    }
    return target;
  }

  /** The attributes of {@code path} itself (not of what it links to), or null when it is missing. */
  private static BasicFileAttributes attributes(Path path, String name, String keyPath) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (AccessDeniedException e) {
      throw fail(name, keyPath, ConfigProblem.CODE_FILE, "the file cannot be reached: permission denied on a folder "
          + "on its path; make the folder readable or " + GIVE_A_FILE + " you can read");
    } catch (IOException e) {
      throw cannotRead(name, keyPath, e);
    }
  }

  /** Follows the chain of links from {@code link} to what is not a link; refuses loops and dead ends. */
  private static Path followLinks(Path link, BasicFileAttributes linkAttributes, String name, String keyPath) {
    StringBuilder chain = new StringBuilder(link.toString());
    Set<Object> seen = new HashSet<>();
    Path current = link;
    BasicFileAttributes attributes = linkAttributes;
    for (int hops = 0; attributes.isSymbolicLink(); hops++) {
      Object key = attributes.fileKey() != null ? attributes.fileKey() : current.toAbsolutePath().normalize();
      if (!seen.add(key) || hops >= MAX_LINKS) {
        throw fail(name, keyPath, ConfigProblem.CODE_FILE, "the path is a symbolic link loop (" + chain
            + "); point the link at a YAML file or " + GIVE_A_FILE);
      }
      Path written;
      try {
        written = Files.readSymbolicLink(current);
      } catch (IOException e) {
        throw cannotRead(name, keyPath, e);
      }
      chain.append(" -> ").append(written);
      Path parent = current.toAbsolutePath().getParent();
      current = parent == null ? written : parent.resolve(written);
      attributes = attributes(current, name, keyPath);
      if (attributes == null) {
        throw fail(name, keyPath, ConfigProblem.CODE_FILE, "the file does not exist (broken symbolic link): "
            + chain + ", and " + written + " is missing; " + GIVE_A_FILE);
      }
    }
    return current;
  }

  /** What a path that is neither a file, a directory nor a link is, from its Unix mode where known. */
  private static String specialKind(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      switch (mode & 0170000) {
        case 0010000:
          return "a named pipe (FIFO)";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        case 0140000:
          return "a socket";
        default:
          return "a special file";
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      return "a special file";
    }
  }

  /** The bytes of a regular file, refusing one that grew past the cap since it was examined. */
  private static byte[] readAtMost(Path file, String name, String keyPath) {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw tooLarge(name, keyPath, "more than " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw cannotRead(name, keyPath, e);
    }
  }

  private static ConfigurationException tooLarge(String name, String keyPath, String size) {
    return fail(name, keyPath, ConfigProblem.CODE_FILE, "the file is " + size + "; a config file may be at most "
        + MAX_BYTES + " bytes (4 MiB): " + GIVE_A_FILE + ", not of data or a model");
  }

  private static ConfigurationException cannotRead(String name, String keyPath, IOException e) {
    if (e instanceof AccessDeniedException) {
      return fail(name, keyPath, ConfigProblem.CODE_FILE, "the file cannot be read: permission denied; "
          + "make it readable (chmod u+r) or " + GIVE_A_FILE + " you can read");
    }
    String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
    return fail(name, keyPath, ConfigProblem.CODE_FILE, "the file cannot be read: " + reason + "; " + GIVE_A_FILE);
  }

  private static Node compose(String source, String text, String keyPath) {
    try {
      return yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new ConfigurationException(List.of(problem(source, keyPath, mark, ConfigProblem.CODE_SYNTAX,
          "the file is not valid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()))));
    } catch (ReaderException e) {
      At at = At.codePoint(text, e.getPosition());
      throw new ConfigurationException(List.of(ConfigProblem.builder().source(source).keyPath(keyPath)
          .code(ConfigProblem.CODE_SYNTAX).line(at.line()).column(at.column())
          .message("the file holds a character YAML does not allow (U+" + String.format("%04X", e.getCodePoint())
              + "); remove it, or write it as an escape in a double-quoted string").build()));
    } catch (YAMLException e) {
      throw fail(source, keyPath, ConfigProblem.CODE_SYNTAX, "the file is not acceptable YAML: " + firstLine(e.getMessage()));
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(64);
    options.setCodePointLimit((int) MAX_BYTES);
    options.setAllowRecursiveKeys(false);
    return new Yaml(options);
  }

  /** Strict UTF-8, without a leading byte order mark; a bad byte is reported at its line and column. */
  private static String decode(byte[] bytes, String name, String keyPath) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    String text = out.flip().toString();
    if (result.isError()) {
      int offset = in.position();
      String before = withoutBom(text);
      At at = At.codePoint(before, before.codePointCount(0, before.length()));
      throw new ConfigurationException(List.of(ConfigProblem.builder().source(name).keyPath(keyPath)
          .code(ConfigProblem.CODE_SYNTAX).line(at.line()).column(at.column())
          .message("the file is not valid UTF-8 (bad byte 0x" + String.format("%02X", bytes[offset] & 0xff)
              + " at offset " + offset + "); save the file as UTF-8").build()));
    }
    return withoutBom(text);
  }

  private static String withoutBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  private static ConfigurationException fail(String name, String keyPath, String code, String message) {
    return new ConfigurationException(List.of(problem(name, keyPath, null, code, message)));
  }

  /** A 1-based line and column (counting code points), as SnakeYAML counts them. */
  private record At(int line, int column) {
    /** Where the code point at {@code index} of {@code text} is; "\r\n", "\r" and "\n" each end a line. */
    static At codePoint(String text, int index) {
      int line = 1;
      int column = 1;
      int i = 0;
      for (int seen = 0; seen < index && i < text.length(); seen++) {
        int c = text.codePointAt(i);
        i += Character.charCount(c);
        if (c == '\r' && i < text.length() && text.charAt(i) == '\n') {
          i++;
          seen++;
        }
        if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      return new At(line, column);
    }
  }
}
