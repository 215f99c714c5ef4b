package org.soen.cloud.cli;

import picocli.CommandLine.Option;

/** Options every verb takes. */
final class GlobalOptions {
  @Option(names = "--json", description = "Print one JSON document for machines instead of text.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "Print only results and errors.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print more: every event, stack traces of errors.")
  boolean verbose;

  @Option(names = "--no-color", description = "No colours even on a terminal (NO_COLOR works too).")
  boolean noColour;
}
