package org.soen.cloud.cli.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Judges an {@link Outcome}: the list of what is wrong with it, empty when the case passes. Kept
 * apart from the assertions so that the run's report can group failures by cause.
 */
final class Verdict {
  /**
   * A Java class name (java.lang.Foo, org.soen.cloud.Bar, picocli.CommandLine ...), an exception's
   * simple class name ({@code ConfigurationException}), a generated Immutables class, or a stack frame.
   */
  static final Pattern JAVA_NAME = Pattern.compile(
      "\\b(?:java|javax|jdk|sun|org|com|picocli)\\.[a-z][\\w]*(?:\\.[\\w$]+)*\\.[A-Z][\\w$]*"
          + "|\\b[A-Z][A-Za-z]*(?:Exception|Error)\\b|^\\s+at [\\w$.]+\\(|Immutable[A-Z]\\w+", Pattern.MULTILINE);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The AWS JSON target of a Price List lookup, as the recorder notes it. */
  private static final String PRICE_LOOKUP = "AWSPriceListService.GetProducts";

  private Verdict() {}

  static List<String> judge(Outcome o) {
    List<String> v = new ArrayList<>();
    CatalogueCase c = o.c();
    boolean json = c.args().contains("--json");
    if (o.timedOut()) {
      v.add("timed out");
    } else if (o.exitCode() != (c.good() ? 0 : 2)) {
      v.add("exit " + o.exitCode() + ", expected " + (c.good() ? 0 : 2));
    }
    if (c.good()) {
      if (c.args().contains("--estimate") && !json && !o.stdout().contains("Nothing was submitted")) {
        v.add("no estimate printed");
      }
    } else if (json) {
      jsonProblems(o, v);
    } else {
      expectations(o, v);
      // A budget is checked against the instance's price, so a refused budget may have looked it up
      // (read-only, nothing billed); any other refusal reaches no provider at all.
      List<String> calls = o.stderr().contains("max_cost_usd")
          ? o.requests().stream().filter(r -> !r.endsWith(PRICE_LOOKUP)).toList() : o.requests();
      if (!calls.isEmpty()) {
        v.add("made " + calls.size() + " connection(s): " + calls);
      }
    }
    if (!o.journal().isEmpty()) {
      v.add("wrote to the journal: " + o.journal());
    }
    if (!o.staged().isEmpty()) {
      v.add("staged: " + o.staged());
    }
    if (o.userConfigChanged()) {
      v.add("changed " + o.dirs().userConfig());
    }
    if ((o.stdout() + o.stderr()).contains(SoenCloudProcess.SECRET_MARK)) {
      v.add("printed a planted secret");
    }
    var name = JAVA_NAME.matcher(o.stdout() + "\n" + o.stderr());
    if (name.find()) {
      v.add("printed a Java class name or stack frame: " + name.group().strip());
    }
    return v;
  }

  private static void expectations(Outcome o, List<String> v) {
    String stderr = o.stderr();
    for (Expect e : o.c().expects()) {
      if (e.kind() == Expect.Kind.USAGE) {
        for (String f : e.fragments()) {
          if (!Pattern.compile(o.dirs().expandRegex(f), Pattern.CASE_INSENSITIVE).matcher(stderr).find()) {
            v.add("stderr does not name " + f);
          }
        }
        continue;
      }
      if (!e.linePattern(o.dirs()).matcher(stderr).find()) {
        v.add("no problem line " + e);
      }
    }
    boolean problems = o.c().expects().stream().anyMatch(e -> e.kind() == Expect.Kind.PROBLEM);
    String first = stderr.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    if (problems && (first.isEmpty() || Character.isWhitespace(first.charAt(0)))) {
      v.add("no header line before the problems");
    }
  }

  private static void jsonProblems(Outcome o, List<String> v) {
    JsonNode root;
    try {
      root = JSON.readTree(o.stdout());
    } catch (IOException e) {
      v.add("stdout is not one JSON document");
      return;
    }
    if (root == null || root.path("exit_code").asInt(-1) != 2) {
      v.add("JSON exit_code is not 2");
    }
    JsonNode problems = root == null ? null : root.path("error").path("problems");
    if (problems == null || !problems.isArray() || problems.isEmpty()) {
      v.add("JSON has no error.problems");
      return;
    }
    for (JsonNode p : problems) {
      String code = p.path("code").asText("");
      if (!code.startsWith("config.")) {
        v.add("JSON problem without a config.* code: " + p);
      }
    }
    Optional<Expect> expect = o.c().expects().stream().filter(e -> e.kind() == Expect.Kind.PROBLEM).findFirst();
    boolean found = false;
    for (JsonNode p : problems) {
      if (!o.c().jsonCode().equals(p.path("code").asText())) {
        continue;
      }
      if (expect.isPresent() && expect.get().key() != null
          && !p.path("key_path").asText().replaceFirst("^cloud\\.(?=aws\\.)", "").equals(expect.get().key())) {
        continue;
      }
      Source s = expect.map(Expect::source).orElse(null);
      if (s != null && s.line() > 0
          && (p.path("line").asInt() != s.line() || p.path("column").asInt() != s.column())) {
        continue;
      }
      found = true;
    }
    if (!found) {
      v.add("no JSON problem with code " + o.c().jsonCode()
          + expect.map(e -> " for " + e).orElse("") + " in " + problems);
    }
  }
}
