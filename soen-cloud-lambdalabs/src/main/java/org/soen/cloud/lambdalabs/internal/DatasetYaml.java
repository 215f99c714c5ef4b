package org.soen.cloud.lambdalabs.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a dataset YAML's top-level {@code path:} the absolute remote folder (ultralytics resolves a
 * relative one against its own installation), keeping every other line as written.
 */
final class DatasetYaml {
  private static final Pattern PATH = Pattern.compile("(?m)^path\\s*:.*$");

  private DatasetYaml() {}

  static String rewrite(String yaml, String remoteFolder) {
    String line = "path: " + quoteYaml(remoteFolder);
    Matcher m = PATH.matcher(yaml);
    if (m.find()) {
      return yaml.substring(0, m.start()) + line + yaml.substring(m.end());
    }
    return line + "\n" + yaml;
  }

  private static String quoteYaml(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
