package org.soen.cloud.internal.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML file defensively: a size cap before reading, strict UTF-8, an alias cap against
 * "billion laughs", a nesting cap, and errors that name the file, line and column.
 */
final class YamlReader {
  /** Training YAMLs are small; anything larger is a mistake (or an attack). */
  static final long MAX_BYTES = 4L * 1024 * 1024;

  private YamlReader() {}

  /**
   * The top-level mapping of {@code file}, or empty when the file is empty and {@code allowEmpty}.
   */
  static Optional<MappingNode> read(Path file, String keyPath, boolean allowEmpty) {
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw fail(name, keyPath, "is a directory; give the path of a YAML file");
    }
    if (!Files.exists(file)) {
      throw fail(name, keyPath, "does not exist" + (Files.isSymbolicLink(file) ? " (broken symbolic link)" : ""));
    }
    if (!Files.isRegularFile(file)) {
      throw fail(name, keyPath, "is not a regular file");
    }
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw fail(name, keyPath, "is " + size + " bytes; a config file may be at most " + MAX_BYTES
            + " bytes (4 MiB): is this the right file?");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw fail(name, keyPath, "cannot be read: " + e.getMessage());
    }
    String text = decode(bytes, name, keyPath);
    if (text.isBlank()) {
      if (allowEmpty) {
        return Optional.empty();
      }
      throw fail(name, keyPath, "is empty; expected a YAML mapping with a cloud: section");
    }
    Node root;
    try {
      root = yaml().compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      ConfigProblem.Builder b = ConfigProblem.builder().source(name).keyPath(keyPath)
          .message("is not valid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
      if (mark != null) {
        b.line(mark.getLine() + 1).column(mark.getColumn() + 1);
      }
      throw new ConfigurationException(List.of(b.build()));
    } catch (YAMLException e) {
      throw fail(name, keyPath, "is not acceptable YAML: " + firstLine(e.getMessage()));
    }
    if (root == null) {
      if (allowEmpty) {
        return Optional.empty();
      }
      throw fail(name, keyPath, "holds no YAML document; expected a mapping with a cloud: section");
    }
    if (!(root instanceof MappingNode)) {
      throw new ConfigurationException(List.of(Raw.yaml(root, null, name, keyPath)
          .problem("the document must be a mapping of sections (cloud:, training:, ...), found a "
              + NodeText.describe(root))));
    }
    return Optional.of((MappingNode) root);
  }

  /** The top-level mapping of YAML text soen-cloud wrote itself (the journal's stored form). */
  static MappingNode parse(String text, String name) {
    Node root;
    try {
      root = yaml().compose(new StringReader(text));
    } catch (YAMLException e) {
      throw fail(name, "", "is not valid YAML: " + firstLine(e.getMessage()));
    }
    if (!(root instanceof MappingNode map)) {
      throw fail(name, "", "holds no YAML mapping");
    }
    return map;
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

  private static String decode(byte[] bytes, String name, String keyPath) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (MalformedInputException e) {
      int offset = malformedOffset(bytes);
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < offset && i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new ConfigurationException(List.of(ConfigProblem.builder().source(name).keyPath(keyPath)
          .line(line).column(offset - lineStart + 1).message("is not valid UTF-8 (bad byte 0x"
              + String.format("%02X", bytes[offset] & 0xff) + " at offset " + offset
              + "); save the file as UTF-8").build()));
    } catch (CharacterCodingException e) {
      throw fail(name, keyPath, "is not valid UTF-8; save the file as UTF-8");
    }
  }

  private static int malformedOffset(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : 0;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  private static ConfigurationException fail(String name, String keyPath, String message) {
    return new ConfigurationException(List.of(
        ConfigProblem.builder().source(name).keyPath(keyPath).message(message).build()));
  }
}
