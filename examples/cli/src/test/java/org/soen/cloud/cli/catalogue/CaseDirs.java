package org.soen.cloud.cli.catalogue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The folders of one case: the working folder the command runs in, the user's {@code HOME} and
 * {@code SOEN_HOME}. Arguments, environment values and expected fragments may name them as
 * {@code ${WORK}}, {@code ${HOME}} and {@code ${SOEN_HOME}}.
 */
record CaseDirs(Path root, Path work, Path home, Path soenHome) {
  static CaseDirs create(Path root) throws IOException {
    Path work = Files.createDirectories(root.resolve("work"));
    Path home = Files.createDirectories(root.resolve("home"));
    Path soen = Files.createDirectories(root.resolve("soen"));
    return new CaseDirs(root, work, home, soen);
  }

  /** Where a {@link CaseFile} goes. */
  Path place(CaseFile.Place place) {
    return switch (place) {
      case WORK -> work;
      case HOME -> home;
      case SOEN_HOME -> soenHome;
    };
  }

  /** {@code text} with the placeholders replaced by this case's folders. */
  String expand(String text) {
    return text.replace("${WORK}", work.toString()).replace("${SOEN_HOME}", soenHome.toString())
        .replace("${HOME}", home.toString());
  }

  /** {@code regex} with the placeholders replaced by this case's folders, quoted. */
  String expandRegex(String regex) {
    return regex.replace("${WORK}", Pattern.quote(work.toString()))
        .replace("${SOEN_HOME}", Pattern.quote(soenHome.toString()))
        .replace("${HOME}", Pattern.quote(home.toString()));
  }

  Path userConfig() {
    return soenHome.resolve("cloud_config.yaml");
  }
}
