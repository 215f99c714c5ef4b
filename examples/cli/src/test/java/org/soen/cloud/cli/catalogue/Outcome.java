package org.soen.cloud.cli.catalogue;

import java.util.List;

/** What running one case did: exit code, output, time, connections, and what it left on disk. */
record Outcome(CatalogueCase c, CaseDirs dirs, int exitCode, boolean timedOut, String stdout, String stderr,
    long millis, List<String> requests, List<String> journal, List<String> staged, boolean userConfigChanged) {

  /** A readable account of the run for a failure message. */
  String describe() {
    return "command: soen-cloud " + String.join(" ", c.args()) + (c.env().isEmpty() ? "" : "  env " + c.env())
        + "\nexit " + (timedOut ? "(timed out)" : exitCode) + " after " + millis + " ms"
        + (requests.isEmpty() ? "" : "\nconnections: " + requests)
        + (journal.isEmpty() ? "" : "\njournal: " + journal)
        + (staged.isEmpty() ? "" : "\nstaged: " + staged)
        + "\n--- stderr\n" + stderr + "--- stdout\n" + stdout + "---";
  }
}
