package org.soen.cloud;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration is invalid. Thrown before anything is uploaded, launched or billed, with
 * every problem found, not only the first.
 */
public class ConfigurationException extends SoenCloudException {
  private static final long serialVersionUID = 1L;

  private final List<ConfigProblem> problems;

  /** An exception listing {@code problems}; there must be at least one. */
  public ConfigurationException(List<ConfigProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  /** A problem that belongs to no file, for example a missing provider. */
  public ConfigurationException(String keyPath, String message) {
    this(List.of(ConfigProblem.builder().source("config").keyPath(keyPath).message(message).build()));
  }

  /** Every problem found, in the order of the source. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
    }
    if (problems.size() == 1) {
      return "invalid configuration: " + problems.get(0);
    }
    return problems.stream().map(p -> "  " + p)
        .collect(Collectors.joining("\n", "invalid configuration (" + problems.size() + " problems):\n", ""));
  }
}
