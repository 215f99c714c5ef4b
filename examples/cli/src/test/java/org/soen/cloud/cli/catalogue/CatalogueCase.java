package org.soen.cloud.cli.catalogue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One input run through the {@code soen-cloud} process, as data: the files it puts on disk, the
 * arguments, the environment it adds, and what must be printed. A bad case must exit 2 with every
 * {@link Expect}; a good one must exit 0.
 *
 * <p>Unless told otherwise a bad case runs {@code train --config train.yaml} and a good one
 * {@code train --config train.yaml --estimate}.
 */
record CatalogueCase(String group, String name, boolean good, List<CaseFile> files, List<String> args,
    Map<String, String> env, List<Expect> expects, String jsonCode) {

  static final String TRAINING_YAML = "train.yaml";

  static Builder bad(String group, String name) {
    return new Builder(group, name, false);
  }

  static Builder good(String group, String name) {
    return new Builder(group, name, true);
  }

  /** The same case run with {@code --json}, which must report {@code code} for its problem. */
  CatalogueCase asJson() {
    List<String> a = new ArrayList<>(args);
    a.add("--json");
    return new CatalogueCase("json", name + " (--json)", good, files, a, env, expects, jsonCode);
  }

  String displayName() {
    return name;
  }

  /** Builds a {@link CatalogueCase}. */
  static final class Builder {
    private final String group;
    private final String name;
    private final boolean good;
    private final List<CaseFile> files = new ArrayList<>();
    private List<String> args;
    private final List<String> flags = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Expect> expects = new ArrayList<>();
    private String jsonCode;

    private Builder(String group, String name, boolean good) {
      this.group = group;
      this.name = name;
      this.good = good;
    }

    /** The training YAML, {@code train.yaml} in the working folder. */
    Builder yaml(String text) {
      return file(CaseFile.text(CaseFile.Place.WORK, TRAINING_YAML, text));
    }

    /** {@code $SOEN_HOME/cloud_config.yaml}. */
    Builder userConfig(String text) {
      return file(CaseFile.text(CaseFile.Place.SOEN_HOME, "cloud_config.yaml", text));
    }

    /** The SSH private key {@code id_ed25519} the Lambda template names. */
    Builder sshKey() {
      return file(CaseFile.sshPrivateKey(CaseFile.Place.WORK, "id_ed25519"));
    }

    Builder file(CaseFile file) {
      files.add(file);
      return this;
    }

    /** The whole command line (replacing the default {@code train --config train.yaml}). */
    Builder args(String... args) {
      this.args = List.of(args);
      return this;
    }

    /** Flags after the default {@code train --config train.yaml}. */
    Builder flags(String... flags) {
      this.flags.addAll(Arrays.asList(flags));
      return this;
    }

    Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    Builder problem(Source source, String key, String... fragments) {
      expects.add(Expect.problem(source, key, fragments));
      return this;
    }

    Builder usage(String... fragments) {
      expects.add(Expect.usage(fragments));
      return this;
    }

    /** Also run with {@code --json} and require this {@code code} on a problem. */
    Builder json(String code) {
      this.jsonCode = code;
      return this;
    }

    CatalogueCase build() {
      List<String> a = new ArrayList<>();
      if (args != null) {
        a.addAll(args);
      } else {
        a.addAll(List.of("train", "--config", TRAINING_YAML));
        a.addAll(flags);
        if (good) {
          a.add("--estimate");
        }
      }
      if (!good && expects.isEmpty()) {
        throw new IllegalStateException(name + ": a bad case needs an expectation");
      }
      return new CatalogueCase(group, name, good, List.copyOf(files), List.copyOf(a), Map.copyOf(env),
          List.copyOf(expects), jsonCode);
    }
  }
}
