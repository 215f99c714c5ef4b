package org.soen.cloud.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

class YamlReaderTest {
  @TempDir Path dir;

  Path write(String name, String text) throws IOException {
    return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  static ConfigurationException failure(Path file, String keyPath) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> YamlReader.read(file, keyPath, false));
    assertThat(e).as("a ConfigurationException for " + file).isNotNull();
    assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("Immutable");
    return e;
  }

  /** The one problem reading {@code file} at the top level gives. */
  static ConfigProblem problem(Path file) {
    ConfigurationException e = failure(file, "");
    assertThat(e.problems()).hasSize(1);
    ConfigProblem p = e.problems().get(0);
    assertThat(p.source()).isEqualTo(file.toString());
    return p;
  }

  static void assertFileProblem(ConfigProblem p, String message) {
    assertThat(p.message()).isEqualTo(message);
    assertThat(p.keyPath()).isEmpty();
    assertThat(p.code()).isEqualTo(ConfigProblem.CODE_FILE);
    assertThat(p.line()).isEmpty();
    assertThat(p.column()).isEmpty();
  }

  static void assertAt(ConfigProblem p, String code, String keyPath, int line, int column) {
    assertThat(p.code()).as("code").isEqualTo(code);
    assertThat(p.keyPath()).as("key path").isEqualTo(keyPath);
    assertThat(p.line()).as("line").contains(line);
    assertThat(p.column()).as("column").contains(column);
  }

  MappingNode read(String text) throws IOException {
    return YamlReader.read(write("t.yaml", text), "", false).orElseThrow();
  }

  /** The value at a dotted path of scalar keys. */
  static Node at(MappingNode map, String path) {
    Node node = map;
    for (String key : path.split("\\.")) {
      node = ((MappingNode) node).getValue().stream()
          .filter(t -> ((ScalarNode) t.getKeyNode()).getValue().equals(key))
          .findFirst().orElseThrow(() -> new AssertionError("no key " + key + " in " + path))
          .getValueNode();
    }
    return node;
  }

  static String scalar(MappingNode map, String path) {
    return ((ScalarNode) at(map, path)).getValue();
  }

  static List<String> keys(Node map) {
    return ((MappingNode) map).getValue().stream().map(t -> ((ScalarNode) t.getKeyNode()).getValue()).toList();
  }

  /** 1-based line and column where {@code node} was written. */
  static List<Integer> position(Node node) {
    return List.of(node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
  }

  @Nested
  @DisplayName("a path that is not a regular file is refused by what it is")
  class Paths {
    @Test
    void read_whenTheFileIsMissing_saysItDoesNotExist() {
      Path file = dir.resolve("missing.yaml");

      ConfigProblem p = problem(file);

      assertFileProblem(p, "the file does not exist; give the path of a YAML file");
      assertThat(p).hasToString(file + ": the file does not exist; give the path of a YAML file");
    }

    @Test
    void read_whenTheCallerGivesAKeyPath_problemsCarryIt() {
      Path file = dir.resolve("missing.yaml");

      ConfigurationException e = failure(file, "cloud.include");

      assertThat(e.problems()).singleElement().satisfies(p -> {
        assertThat(p.keyPath()).isEqualTo("cloud.include");
        assertThat(p).hasToString(file + ": cloud.include: the file does not exist; give the path of a YAML file");
      });
    }

    @Test
    void read_whenThePathIsADirectory_saysSoAndSuggestsAFileInIt() throws IOException {
      Path configs = Files.createDirectory(dir.resolve("configs"));

      assertFileProblem(problem(configs), "the path is a directory; give the path of a YAML file in it, for example "
          + configs.resolve("train.yaml"));
    }

    @Test
    void read_whenThePathIsANamedPipe_refusesItWithoutOpeningIt() throws Exception {
      Path fifo = dir.resolve("pipe.yaml");
      Process mkfifo = startOrNull("mkfifo", fifo.toString());
      assumeTrue(mkfifo != null && mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo is available");

      assertFileProblem(problem(fifo), "the path is a named pipe (FIFO), not a regular file; give the path of a "
          + "YAML file (to pass YAML made by a command, write it to a file first)");
    }

    @Test
    void read_whenThePathIsDevZero_refusesTheCharacterDeviceWithoutReadingIt() {
      Path zero = Path.of("/dev/zero");
      assumeTrue(Files.exists(zero), "/dev/zero exists");

      assertFileProblem(problem(zero), "the path is a character device, not a regular file; give the path of a "
          + "YAML file (to pass YAML made by a command, write it to a file first)");
    }

    @Test
    void read_whenThePathIsDevNull_refusesTheCharacterDevice() {
      Path devNull = Path.of("/dev/null");
      assumeTrue(Files.exists(devNull), "/dev/null exists");

      assertThat(problem(devNull).message()).startsWith("the path is a character device, not a regular file;");
    }

    @Test
    void read_whenALinkLeadsToADevice_namesTheLinkAndWhatItLeadsTo() throws IOException {
      assumeTrue(Files.exists(Path.of("/dev/null")), "/dev/null exists");
      Path link = Files.createSymbolicLink(dir.resolve("null.yaml"), Path.of("/dev/null"));

      assertThat(problem(link).message())
          .startsWith("the path is a symbolic link to /dev/null, which is a character device, not a regular file;");
    }

    @Test
    void read_whenLinksFormALoop_showsTheLoop() throws IOException {
      Path a = Files.createSymbolicLink(dir.resolve("a.yaml"), Path.of("b.yaml"));
      Files.createSymbolicLink(dir.resolve("b.yaml"), Path.of("a.yaml"));

      assertFileProblem(problem(a), "the path is a symbolic link loop (" + a + " -> b.yaml -> a.yaml); "
          + "point the link at a YAML file or give the path of a YAML file");
    }

    @Test
    void read_whenALinkPointsAtItself_showsTheLoop() throws IOException {
      Path self = Files.createSymbolicLink(dir.resolve("self.yaml"), Path.of("self.yaml"));

      assertThat(problem(self).message()).startsWith("the path is a symbolic link loop (" + self + " -> self.yaml);");
    }

    @Test
    void read_whenALinkIsBroken_namesTheMissingTarget() throws IOException {
      Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), Path.of("gone.yaml"));

      assertFileProblem(problem(link), "the file does not exist (broken symbolic link): " + link
          + " -> gone.yaml, and gone.yaml is missing; give the path of a YAML file");
    }

    @Test
    void read_whenAChainOfLinksEndsInAFile_readsTheFile() throws IOException {
      write("real.yaml", "cloud:\n  active: true\n");
      Files.createSymbolicLink(dir.resolve("middle.yaml"), Path.of("real.yaml"));
      Path first = Files.createSymbolicLink(dir.resolve("first.yaml"), dir.resolve("middle.yaml"));

      MappingNode root = YamlReader.read(first, "", false).orElseThrow();

      assertThat(scalar(root, "cloud.active")).isEqualTo("true");
    }

    @Test
    void read_whenTheFileCannotBeRead_saysPermissionDenied() throws IOException {
      Path file = write("secret.yaml", "cloud:\n  active: true\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
      } catch (UnsupportedOperationException e) {
        assumeTrue(false, "POSIX permissions are supported");
      }
      assumeFalse(Files.isReadable(file), "not running as root (root reads any file)");

      assertFileProblem(problem(file), "the file cannot be read: permission denied; make it readable (chmod u+r) "
          + "or give the path of a YAML file you can read");
    }

    @Test
    void read_whenAFolderOnThePathCannotBeSearched_saysTheFolderIsTheProblem() throws IOException {
      Path closed = Files.createDirectory(dir.resolve("closed"));
      Path file = write("closed/train.yaml", "cloud:\n  active: true\n");
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
      try {
        assumeFalse(Files.isReadable(file), "not running as root (root reads any file)");

        assertFileProblem(problem(file), "the file cannot be reached: permission denied on a folder on its path; "
            + "make the folder readable or give the path of a YAML file you can read");
      } finally {
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
      }
    }

    @Test
    void read_whenALinkLeadsToADirectory_namesTheLinkAndTheDirectory() throws IOException {
      Path configs = Files.createDirectory(dir.resolve("configs"));
      Path link = Files.createSymbolicLink(dir.resolve("configs.yaml"), configs);

      assertFileProblem(problem(link), "the path is a symbolic link to " + configs + ", which is a directory; "
          + "give the path of a YAML file in it, for example " + configs.resolve("train.yaml"));
    }

    @Test
    void read_whenTheFileIsOverTheCap_refusesItFromItsSize() throws IOException {
      Path file = dir.resolve("huge.yaml");
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
        f.setLength(YamlReader.MAX_BYTES + 1);
      }

      assertFileProblem(problem(file), "the file is 4194305 bytes; a config file may be at most 4194304 bytes "
          + "(4 MiB): give the path of a YAML file, not of data or a model");
    }

    @Test
    void read_whenTheFileIsExactlyAtTheCap_readsIt() throws IOException {
      String head = "cloud:\n  active: true\n";
      StringBuilder text = new StringBuilder(head);
      String filler = "#".repeat(1023) + "\n";
      while (text.length() + filler.length() <= YamlReader.MAX_BYTES) {
        text.append(filler);
      }
      text.append("#".repeat((int) (YamlReader.MAX_BYTES - text.length() - 1))).append('\n');
      Path file = write("big.yaml", text.toString());
      assertThat(Files.size(file)).isEqualTo(YamlReader.MAX_BYTES);

      assertThat(scalar(YamlReader.read(file, "", false).orElseThrow(), "cloud.active")).isEqualTo("true");
    }

    @Test
    void read_whenTheFileIsEmpty_saysSoOrGivesNothingWhenThatIsAllowed() throws IOException {
      Path file = write("train.yaml", "");

      assertFileProblem(problem(file), "the file is empty; expected a YAML mapping with a cloud: section");
      assertThat(problem(file)).hasToString(file + ": the file is empty; expected a YAML mapping with a cloud: section");
      assertThat(YamlReader.read(file, "", true)).isEmpty();
    }

    @Test
    void read_whenTheFileHoldsOnlyComments_saysItHoldsNoDocument() throws IOException {
      Path file = write("train.yaml", "# nothing here\r\n# still nothing\r\n");

      assertFileProblem(problem(file),
          "the file holds no YAML document (only comments); expected a mapping with a cloud: section");
      assertThat(YamlReader.read(file, "", true)).isEmpty();
    }

    private Process startOrNull(String... command) {
      try {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (IOException e) {
        return null;
      }
    }
  }

  @Nested
  @DisplayName("bytes, BOM, CRLF and YAML errors are reported at their line and column")
  class Content {
    @Test
    void read_whenTheFileHasABomAndCrlf_reportsADuplicateOnLine5AtItsColumn() throws IOException {
      byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
      String text = "cloud:\r\n  active: true\r\n  instance:\r\n    instance_type: a\r\n    instance_type: b\r\n";
      Path file = dir.resolve("bom.yaml");
      Files.write(file, concat(bom, text.getBytes(StandardCharsets.UTF_8)));

      assertAt(problem(file), ConfigProblem.CODE_DUPLICATE, "cloud.instance.instance_type", 5, 5);
    }

    @Test
    void read_whenTheFileHasABomAndCrlf_nodesKeepTheirLineAndColumn() throws IOException {
      byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
      String text = "cloud:\r\n  provider: local\r\n  command: [run]\r\n  # a comment\r\n  max_runtime_hours: -2\r\n";
      Path file = dir.resolve("bom.yaml");
      Files.write(file, concat(bom, text.getBytes(StandardCharsets.UTF_8)));

      MappingNode root = YamlReader.read(file, "", false).orElseThrow();

      assertThat(position(root.getValue().get(0).getKeyNode())).containsExactly(1, 1);
      assertThat(position(at(root, "cloud.max_runtime_hours"))).containsExactly(5, 22);
      assertThat(scalar(root, "cloud.max_runtime_hours")).isEqualTo("-2");
    }

    @Test
    void loadConfig_whenABadValueIsOnLine5OfACrlfFileWithABom_reportsLine5AndItsColumn() throws IOException {
      byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
      String text = "cloud:\r\n  provider: local\r\n  command: [run]\r\n  # a comment\r\n  max_runtime_hours: -2\r\n";
      Path file = dir.resolve("train.yaml");
      Files.write(file, concat(bom, text.getBytes(StandardCharsets.UTF_8)));

      try (CloudTrainer trainer = CloudTrainer.builder().home(dir.resolve("home")).environment(Map.of()).build()) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> trainer.loadConfig(file));

        assertThat(e.problems()).singleElement().satisfies(p -> {
          assertThat(p.keyPath()).isEqualTo("cloud.max_runtime_hours");
          assertThat(p.message()).contains("more than 0 and at most 672, was -2");
          assertThat(p.line()).contains(5);
          assertThat(p.column()).contains(22);
        });
      }
    }

    @Test
    void read_whenASyntaxErrorIsInACrlfFile_reportsItsLineAndColumn() throws IOException {
      Path file = write("t.yaml", "\uFEFFcloud:\r\n  active: true\r\n  command: [run\r\n");

      ConfigProblem p = problem(file);

      assertAt(p, ConfigProblem.CODE_SYNTAX, "", 4, 1);
      assertThat(p.message()).isEqualTo("the file is not valid YAML: expected ',' or ']', but got <stream end>");
      assertThat(p).hasToString(file + ":4:1: the file is not valid YAML: expected ',' or ']', but got <stream end>");
    }

    @Test
    void read_whenATabIndents_reportsTheTabsLine() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "cloud:\n\tactive: true\n"));

      assertThat(p.message()).startsWith("the file is not valid YAML: found character '\\t(TAB)' that cannot start any token");
      assertAt(p, ConfigProblem.CODE_SYNTAX, "", 2, 1);
    }

    @Test
    void read_whenABadByteFollowsABomCrlfAndAccents_reportsItsLineAndCharacterColumn() throws IOException {
      byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
          "a: 1\r\nb: \u00e9\u00e9".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF, '\n'});
      Path file = dir.resolve("t.yaml");
      Files.write(file, bytes);

      ConfigProblem p = problem(file);

      assertThat(p.message()).isEqualTo("the file is not valid UTF-8 (bad byte 0xFF at offset 16); save the file as UTF-8");
      assertAt(p, ConfigProblem.CODE_SYNTAX, "", 2, 6);
    }

    @Test
    void read_whenLatin1BytesAreOnTheFirstLine_reportsLine1() throws IOException {
      Path file = dir.resolve("t.yaml");
      Files.write(file, "caf\u00e9: 1\n".getBytes(StandardCharsets.ISO_8859_1));

      ConfigProblem p = problem(file);

      assertThat(p.message()).startsWith("the file is not valid UTF-8 (bad byte 0xE9 at offset 3);");
      assertAt(p, ConfigProblem.CODE_SYNTAX, "", 1, 4);
    }

    @Test
    void read_whenAControlCharacterIsInTheText_reportsItsLineAndColumn() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "a: b\r\nc: x\u0001\n"));

      assertThat(p.message()).isEqualTo("the file holds a character YAML does not allow (U+0001); remove it, "
          + "or write it as an escape in a double-quoted string");
      assertAt(p, ConfigProblem.CODE_SYNTAX, "", 2, 5);
    }

    @Test
    void read_whenAliasesMultiply_refusesTheAliasBomb() throws IOException {
      ConfigProblem p = problem(write("t.yaml",
          "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
              + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"));

      assertThat(p.message()).isEqualTo("the file is not acceptable YAML: "
          + "Number of aliases for non-scalar nodes exceeds the specified max=20");
      assertThat(p.code()).isEqualTo(ConfigProblem.CODE_SYNTAX);
    }

    @Test
    void read_whenNestingIsTooDeep_refusesIt() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "a: " + "[".repeat(100) + "]".repeat(100) + "\n"));

      assertThat(p.message()).isEqualTo("the file is not acceptable YAML: Nesting Depth exceeded max 64");
      assertThat(p.code()).isEqualTo(ConfigProblem.CODE_SYNTAX);
    }

    @Test
    void read_whenTheDocumentIsAList_saysItMustBeAMapping() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "- cloud\n- training\n"));

      assertThat(p.message()).isEqualTo("the document must be a mapping of sections (cloud:, training:, ...), "
          + "found a list");
      assertAt(p, ConfigProblem.CODE_SYNTAX, "", 1, 1);
    }

    @Test
    void read_whenTheFileHasTwoDocuments_refusesTheSecond() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "a: 1\n---\nb: 2\n"));

      assertThat(p.message()).isEqualTo("the file is not valid YAML: but found another document");
      assertAt(p, ConfigProblem.CODE_SYNTAX, "", 2, 1);
    }

    @Test
    void parse_readsStoredTextAsAFileIsRead() {
      MappingNode root = YamlReader.parse("journal", "d: &d {a: 1}\ncloud:\n  <<: *d\n", "", false).orElseThrow();

      assertThat(scalar(root, "cloud.a")).isEqualTo("1");
      assertThat(YamlReader.parse("journal", "  \n", "", true)).isEmpty();
    }
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  @Nested
  @DisplayName("a key given twice in one mapping is an error at the second one")
  class Duplicates {
    @Test
    void read_whenATopLevelKeyIsRepeated_reportsTheSecondWithTheFirstsPosition() throws IOException {
      Path file = write("t.yaml", "cloud:\n  active: true\ntraining: {}\ncloud:\n  active: false\n");

      ConfigProblem p = problem(file);

      assertAt(p, ConfigProblem.CODE_DUPLICATE, "cloud", 4, 1);
      assertThat(p.message()).isEqualTo("is given twice in one mapping (first on line 1, column 1); keep one");
      assertThat(p).hasToString(file + ":4:1: cloud: is given twice in one mapping (first on line 1, column 1); keep one");
    }

    @Test
    void read_whenANestedKeyIsRepeated_namesItsFullKeyPath() throws IOException {
      ConfigProblem p = problem(write("t.yaml",
          "cloud:\n  instance:\n    instance_type: a\n    use_spot: true\n    instance_type: b\n"));

      assertAt(p, ConfigProblem.CODE_DUPLICATE, "cloud.instance.instance_type", 5, 5);
      assertThat(p.message()).isEqualTo("is given twice in one mapping (first on line 3, column 5); keep one");
    }

    @Test
    void read_whenTheCallerGivesAKeyPath_duplicatesAreBelowIt() throws IOException {
      ConfigurationException e = failure(write("t.yaml", "a: 1\na: 2\n"), "cloud.extra");

      assertThat(e.problems()).singleElement().satisfies(p -> assertAt(p, ConfigProblem.CODE_DUPLICATE, "cloud.extra.a", 2, 1));
    }

    @Test
    void read_whenAFlowMappingRepeatsAKey_reportsItsColumn() throws IOException {
      assertAt(problem(write("t.yaml", "cloud: {active: true, active: false}\n")),
          ConfigProblem.CODE_DUPLICATE, "cloud.active", 1, 23);
    }

    @Test
    void read_whenAMappingInAListRepeatsAKey_namesTheListIndex() throws IOException {
      assertAt(problem(write("t.yaml", "cloud:\n  steps:\n    - name: a\n    - name: b\n      name: c\n")),
          ConfigProblem.CODE_DUPLICATE, "cloud.steps[1].name", 5, 7);
    }

    @Test
    void read_whenSeveralKeysAreRepeated_reportsEveryOneInOrder() throws IOException {
      ConfigurationException e = failure(write("t.yaml", "a: 1\nb:\n  x: 1\n  x: 2\na: 3\n"), "");

      assertThat(e.problems()).extracting(ConfigProblem::keyPath, p -> p.line().orElseThrow())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("b.x", 4), org.assertj.core.groups.Tuple.tuple("a", 5));
      assertThat(e.getMessage()).startsWith("invalid configuration (2 problems):");
    }

    @Test
    void read_whenAnAnchoredMappingRepeatsAKey_reportsItOnceWhereItIsWritten() throws IOException {
      ConfigurationException e = failure(write("t.yaml",
          "defaults: &d\n  a: 1\n  a: 2\ncloud:\n  <<: *d\ntraining:\n  <<: *d\n"), "");

      assertThat(e.problems()).singleElement().satisfies(p -> assertAt(p, ConfigProblem.CODE_DUPLICATE, "defaults.a", 3, 3));
    }

    @Test
    void read_whenAnInlineMergedMappingRepeatsAKey_reportsItUnderTheMergingMapping() throws IOException {
      assertAt(problem(write("t.yaml", "cloud:\n  <<: {a: 1, a: 2}\n")), ConfigProblem.CODE_DUPLICATE, "cloud.a", 2, 14);
    }

    @Test
    void read_whenAKeyIsWrittenTwiceBesideAMerge_isStillADuplicate() throws IOException {
      assertAt(problem(write("t.yaml", "d: &d {a: 1}\ncloud:\n  <<: *d\n  a: 2\n  a: 3\n")),
          ConfigProblem.CODE_DUPLICATE, "cloud.a", 5, 3);
    }

    @Test
    void read_whenTwoMergeKeysAreWritten_reportsTheSecond() throws IOException {
      assertAt(problem(write("t.yaml", "a: &a {x: 1}\nb: &b {y: 1}\ncloud:\n  <<: *a\n  <<: *b\n")),
          ConfigProblem.CODE_DUPLICATE, "cloud.<<", 5, 3);
    }

    @Test
    void read_whenKeysDifferOnlyInQuoting_theyAreTheSameKey() throws IOException {
      assertAt(problem(write("t.yaml", "cloud:\n  active: true\n  \"active\": false\n")),
          ConfigProblem.CODE_DUPLICATE, "cloud.active", 3, 3);
    }
  }

  @Nested
  @DisplayName("anchors and merge keys give a plain tree")
  class Merges {
    @Test
    void read_whenAMappingMergesAnAnchor_hasItsKeysWithTheirOwnPositions() throws IOException {
      MappingNode root = read("defaults: &defaults\n  instance_type: ml.g5.xlarge\n  use_spot: true\n"
          + "cloud:\n  <<: *defaults\n  active: true\n");

      assertThat(keys(at(root, "cloud"))).containsExactly("instance_type", "use_spot", "active");
      assertThat(scalar(root, "cloud.instance_type")).isEqualTo("ml.g5.xlarge");
      assertThat(position(at(root, "cloud.instance_type"))).containsExactly(2, 18);
      assertThat(position(at(root, "cloud.use_spot"))).containsExactly(3, 13);
    }

    @Test
    void read_whenAKeyIsBothExplicitAndMerged_theExplicitOneWinsWhereverItStands() throws IOException {
      MappingNode root = read("d: &d\n  a: merged\n  b: merged\ncloud:\n  a: explicit\n  <<: *d\n");

      assertThat(scalar(root, "cloud.a")).isEqualTo("explicit");
      assertThat(position(at(root, "cloud.a"))).containsExactly(5, 6);
      assertThat(scalar(root, "cloud.b")).isEqualTo("merged");
      assertThat(keys(at(root, "cloud"))).containsExactly("a", "b");
    }

    @Test
    void read_whenAListOfAnchorsIsMerged_anEarlierOneWinsOverALaterOne() throws IOException {
      MappingNode root = read("a: &a {x: from-a, y: from-a}\nb: &b {y: from-b, z: from-b}\n"
          + "cloud:\n  <<: [*a, *b]\n  w: own\n");

      assertThat(keys(at(root, "cloud"))).containsExactly("x", "y", "z", "w");
      assertThat(scalar(root, "cloud.y")).isEqualTo("from-a");
      assertThat(scalar(root, "cloud.z")).isEqualTo("from-b");
      assertThat(position(at(root, "cloud.z"))).containsExactly(2, 22);
    }

    @Test
    void read_whenAMergedMappingMergesAnother_bringsInBoth() throws IOException {
      MappingNode root = read("base: &base {a: 1, b: 1}\ngpu: &gpu\n  <<: *base\n  b: 2\ncloud:\n  <<: *gpu\n  c: 3\n");

      assertThat(keys(at(root, "cloud"))).containsExactly("a", "b", "c");
      assertThat(scalar(root, "cloud.b")).isEqualTo("2");
      assertThat(keys(at(root, "gpu"))).containsExactly("a", "b");
    }

    @Test
    void read_whenMergesAreNested_noMergeKeyIsLeftAnywhere() throws IOException {
      MappingNode root = read("d: &d {a: 1}\ncloud:\n  steps:\n    - <<: *d\n      b: 2\n  inner:\n    <<: {c: 3}\n");

      assertNoMergeKeys(root);
      assertThat(keys(((SequenceNode) at(root, "cloud.steps")).getValue().get(0))).containsExactly("a", "b");
      assertThat(keys(at(root, "cloud.inner"))).containsExactly("c");
    }

    @Test
    void read_whenAScalarIsAnchored_anAliasGivesItsValue() throws IOException {
      MappingNode root = read("region: &r eu-west-1\ncloud:\n  region: *r\n");

      assertThat(scalar(root, "cloud.region")).isEqualTo("eu-west-1");
      assertThat(position(at(root, "cloud.region"))).containsExactly(1, 9);
    }

    @Test
    void read_whenAMergeKeyTakesAScalar_saysWhatItTakes() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "cloud:\n  <<: 5\n"));

      assertAt(p, ConfigProblem.CODE_SYNTAX, "cloud.<<", 2, 7);
      assertThat(p.message()).isEqualTo("a merge key (<<) takes a mapping or a list of mappings, such as *defaults "
          + "or [*a, *b]; found a number 5");
    }

    @Test
    void read_whenAMergeListHoldsAString_reportsThatItem() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "a: &a {x: 1}\ncloud:\n  <<: [*a, oops]\n"));

      assertAt(p, ConfigProblem.CODE_SYNTAX, "cloud.<<", 3, 12);
      assertThat(p.message()).endsWith("found a string \"oops\"");
    }

    @Test
    void read_whenAnAliasIsInsideItsOwnAnchor_saysTheConfigCannotBeRecursive() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "a: &loop\n  b: *loop\n"));

      assertAt(p, ConfigProblem.CODE_SYNTAX, "a.b", 2, 3);
      assertThat(p.message()).isEqualTo("refers to itself (the alias *loop is inside its own anchor &loop); "
          + "a config cannot be recursive");
    }

    @Test
    void read_whenAMappingMergesItself_saysTheConfigCannotBeRecursive() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "a: &self\n  x: 1\n  <<: *self\n"));

      assertAt(p, ConfigProblem.CODE_SYNTAX, "a", 3, 3);
      assertThat(p.message()).startsWith("refers to itself (the alias *self is inside its own anchor &self)");
    }

    @Test
    void read_whenAnAliasIsUndefined_saysSoAtItsPosition() throws IOException {
      ConfigProblem p = problem(write("t.yaml", "cloud:\n  <<: *nothing\n"));

      assertAt(p, ConfigProblem.CODE_SYNTAX, "", 2, 7);
      assertThat(p.message()).isEqualTo("the file is not valid YAML: found undefined alias nothing");
    }

    @Test
    void read_whenAMergeKeyIsQuoted_itIsAnOrdinaryKey() throws IOException {
      MappingNode root = read("cloud:\n  \"<<\": text\n");

      assertThat(scalar(root, "cloud.<<")).isEqualTo("text");
    }

    private void assertNoMergeKeys(Node node) {
      if (node instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          assertThat(t.getKeyNode().getTag()).isNotEqualTo(Tag.MERGE);
          assertNoMergeKeys(t.getValueNode());
        }
      } else if (node instanceof SequenceNode s) {
        s.getValue().forEach(this::assertNoMergeKeys);
      }
    }
  }
}
