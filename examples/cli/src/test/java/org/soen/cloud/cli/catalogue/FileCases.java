package org.soen.cloud.cli.catalogue;

import static org.soen.cloud.cli.catalogue.CatalogueCase.bad;
import static org.soen.cloud.cli.catalogue.Expect.ANY_KEY;
import static org.soen.cloud.cli.catalogue.Source.at;
import static org.soen.cloud.cli.catalogue.Source.file;
import static org.soen.cloud.cli.catalogue.Templates.LOCAL;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML syntax errors (at the line and column the parser stops), encodings, and --config paths that
 * are not a readable YAML file. Syntax errors name no key, so any key path (or none) is accepted.
 */
final class FileCases {
  private FileCases() {}

  static List<CatalogueCase> all() {
    List<CatalogueCase> cases = new ArrayList<>();
    syntax(cases);
    encodings(cases);
    shapes(cases);
    return cases;
  }

  private static CatalogueCase syntax(String name, String yaml, int line, int col, String... fragments) {
    return bad("YAML syntax", name).yaml(yaml).problem(at("train.yaml", line, col), ANY_KEY, fragments).build();
  }

  private static void syntax(List<CatalogueCase> cases) {
    String head = "training:\n  epochs: 1\ncloud:\n  provider: local\n";
    cases.add(bad("YAML syntax", "an unclosed [ list").yaml(head + "  command: [python, train.py\n  experiment: e1\n")
        .problem(at("train.yaml", 6, 13), ANY_KEY, "YAML").json("config.syntax").build());
    cases.add(syntax("a tab in the indentation", head + "\tcommand: [python]\n", 5, 1, "tab"));
    cases.add(syntax("an indentation that does not line up", head + "  command: [python]\n   experiment: e1\n", 6, 4));
    cases.add(syntax("an unterminated quoted string", head + "  command: [python]\n  experiment: \"abc\n", 7, 1));
    cases.add(syntax("a key without a colon", head + "  command: [python]\n  experiment e1\n  project: p\n", 7, 3));
    cases.add(syntax("an unclosed { mapping", head + "  command: [python]\n  tags: {team: a\n", 7, 1));
    cases.add(syntax("a value starting with @", head + "  command: [python]\n  experiment: @home\n", 6, 15));
    cases.add(syntax("a value starting with a backtick", head + "  command: [python]\n  experiment: `x`\n", 6, 15));
    cases.add(syntax("an alias that was never defined", head + "  command: [python]\n  experiment: *nope\n", 6, 15,
        "nope"));
    cases.add(syntax("a list item inside a mapping", head + "  command: [python]\n  - x\n", 6, 3));
    cases.add(syntax("a key that is empty", head + "  command: [python]\n: x\n", 6, 1));
    cases.add(syntax("an unknown escape in a quoted string", head + "  command: [python]\n  experiment: \"\\q\"\n",
        6, 17));
    cases.add(syntax("two YAML documents in one file", head + "  command: [python]\n---\ncloud:\n  provider: local\n",
        6, 1, "document"));
    cases.add(syntax("a NUL byte", head + "  command: [python]\n  experiment: a\u0000b\n", 6, 16));
    cases.add(bad("YAML syntax", "a nesting 1000 levels deep")
        .yaml(LOCAL + "  tags: " + "[".repeat(1000) + "]".repeat(1000) + "\n")
        .problem(file("train.yaml"), ANY_KEY, "depth").build());
    cases.add(bad("YAML syntax", "a recursive alias bomb")
        .yaml("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n" + LOCAL.substring("training:\n  epochs: 1\n".length()))
        .problem(file("train.yaml"), ANY_KEY, "alias").build());
    // An alias shares its anchor's node, so the value is reported where the anchor defines it.
    cases.add(bad("YAML syntax", "an alias to a mapping where text is expected, reported at its anchor")
        .yaml(LOCAL + "  tags: &t {a: x, b: x, c: x}\n  environment:\n"
            + "    A: *t\n    B: *t\n    C: *t\n")
        .problem(at("train.yaml", 6, 9), "cloud.environment.A", "text").build());
  }

  private static void encodings(List<CatalogueCase> cases) {
    byte[] latin1 = (LOCAL + "  experiment: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    cases.add(bad("encoding", "Latin-1 bytes that are not UTF-8")
        .file(CaseFile.bytes(CaseFile.Place.WORK, "train.yaml", latin1))
        .problem(at("train.yaml", 6, 18), ANY_KEY, "UTF-8").build());
    cases.add(bad("encoding", "a UTF-16 file with its byte order mark")
        .file(CaseFile.bytes(CaseFile.Place.WORK, "train.yaml", utf16(LOCAL)))
        .problem(file("train.yaml"), ANY_KEY, "UTF-8").build());
    cases.add(bad("encoding", "BOM and CRLF with an unknown key on line 6")
        .yaml(Templates.bom(Templates.crlf(LOCAL + "  instnce_type: local\n")))
        .problem(at("train.yaml", 6, 3), "cloud.instnce_type", "did you mean instance_type").build());
    cases.add(bad("encoding", "CRLF with a bad value on line 7")
        .yaml(Templates.crlf(LOCAL + "  instance:\n    max_runtime_hours: abc\n"))
        .problem(at("train.yaml", 7, 24), "cloud.instance.max_runtime_hours", "number").build());
    cases.add(bad("encoding", "BOM with a bad value on line 4")
        .yaml(Templates.bom(Templates.set(LOCAL, "provider", "sagemakr")))
        .problem(at("train.yaml", 4, 13), "cloud.provider", "did you mean sagemaker").build());
    cases.add(bad("encoding", "old Mac CR line endings with an unknown key on line 6")
        .yaml((LOCAL + "  instnce_type: local\n").replace("\n", "\r"))
        .problem(at("train.yaml", 6, 3), "cloud.instnce_type").build());
  }

  private static byte[] utf16(String text) {
    return ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
  }

  private static void shapes(List<CatalogueCase> cases) {
    String g = "config file";
    cases.add(bad(g, "an empty file").yaml("")
        .problem(file("train.yaml"), ANY_KEY, "empty").build());
    cases.add(bad(g, "a file of spaces and blank lines").yaml("   \n\n  \n\t\n")
        .problem(file("train.yaml"), ANY_KEY).build());
    cases.add(bad(g, "a file of comments only").yaml("# cloud:\n#   provider: local\n")
        .problem(file("train.yaml"), ANY_KEY).build());
    cases.add(bad(g, "a file with only a document marker").yaml("---\n...\n")
        .problem(file("train.yaml"), ANY_KEY).build());
    cases.add(bad(g, "a document that is a list").yaml("- cloud\n- training\n")
        .problem(at("train.yaml", 1, 1), ANY_KEY, "mapping").build());
    cases.add(bad(g, "a document that is plain text").yaml("just some words\n")
        .problem(at("train.yaml", 1, 1), ANY_KEY, "mapping").build());
    cases.add(bad(g, "a file larger than 4 MiB")
        .file(CaseFile.filler(CaseFile.Place.WORK, "train.yaml", LOCAL, 5L * 1024 * 1024))
        .problem(file("train.yaml"), ANY_KEY, "at most").build());
    cases.add(bad(g, "a directory").file(CaseFile.directory(CaseFile.Place.WORK, "configs"))
        .args("train", "--config", "configs")
        .problem(file("configs"), ANY_KEY, "directory").build());
    cases.add(bad(g, "a FIFO").file(CaseFile.fifo(CaseFile.Place.WORK, "pipe.yaml"))
        .args("train", "--config", "pipe.yaml")
        .problem(file("pipe.yaml"), ANY_KEY, "regular file").build());
    cases.add(bad(g, "/dev/zero").args("train", "--config", "/dev/zero")
        .problem(file("zero"), ANY_KEY, "regular file").build());
    cases.add(bad(g, "/dev/null").args("train", "--config", "/dev/null")
        .problem(file("null"), ANY_KEY).build());
    cases.add(bad(g, "a symbolic link loop")
        .file(CaseFile.symlink(CaseFile.Place.WORK, "loop.yaml", "loop2.yaml"))
        .file(CaseFile.symlink(CaseFile.Place.WORK, "loop2.yaml", "loop.yaml"))
        .args("train", "--config", "loop.yaml")
        .problem(file("loop.yaml"), ANY_KEY).build());
    cases.add(bad(g, "a broken symbolic link")
        .file(CaseFile.symlink(CaseFile.Place.WORK, "link.yaml", "gone.yaml"))
        .args("train", "--config", "link.yaml")
        .problem(file("link.yaml"), ANY_KEY, "symbolic link").build());
    cases.add(bad(g, "a missing file").args("train", "--config", "missing.yaml")
        .problem(file("missing.yaml"), ANY_KEY, "not exist").json("config.file").build());
    cases.add(bad(g, "a file in a missing folder").args("train", "--config", "nope/train.yaml")
        .problem(file("train.yaml"), ANY_KEY, "not exist").build());
    cases.add(bad(g, "an empty --config").args("train", "--config", "")
        .usage("--config|directory").build());
    cases.add(bad(g, "--config without a value").args("train", "--config")
        .usage("--config").build());
    cases.add(bad(g, "train without --config").args("train", "--estimate")
        .usage("--config").build());
    cases.add(bad(g, "config show of a directory").file(CaseFile.directory(CaseFile.Place.WORK, "configs"))
        .args("config", "show", "--config", "configs")
        .problem(file("configs"), ANY_KEY, "directory").build());
    cases.add(bad(g, "doctor with a missing file").args("doctor", "--config", "missing.yaml")
        .problem(file("missing.yaml"), ANY_KEY, "not exist").build());
  }
}
