package org.soen.cloud.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Runs one command as its own process under {@code /usr/bin/time -v}: its wall time (measured
 * here), its peak resident set size, the CPU time it used (user and system, its threads together),
 * the CPU time the S3 server used meanwhile, and the machine's load when it started. On a machine
 * shared with other work the CPU times vary less than the wall times.
 */
final class Timed {
  private Timed() {}

  /** One measured run of {@code tool} on a data set. */
  record Run(String set, String tool, int round, double seconds, long peakRssKiB, int exit, double load,
      double cpuSeconds, double serverCpuSeconds) {}

  /**
   * Runs {@code command} with {@code env} added to the environment, output to {@code log}.
   * The page cache is written back first ({@code sync}) so no run pays for another's writes.
   */
  static Run run(String set, String tool, int round, List<String> command, Map<String, String> env, Path log,
      DoubleSupplier serverCpu) throws IOException, InterruptedException {
    new ProcessBuilder("sync").inheritIO().start().waitFor();
    Path timeFile = log.resolveSibling(log.getFileName() + ".time");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeFile.toString()));
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // the host's custom CA bundle is for its proxy; rclone refuses one on a plain-HTTP endpoint
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().putAll(env);
    double load = load();
    double server0 = serverCpu.getAsDouble();
    long t0 = System.nanoTime();
    int exit = pb.start().waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    double server = serverCpu.getAsDouble() - server0;
    long rss = -1;
    double cpu = 0;
    for (String line : Files.readAllLines(timeFile)) {
      if (line.contains("Maximum resident set size")) {
        rss = Long.parseLong(line.replaceAll("\\D", ""));
      } else if (line.contains("User time (seconds)") || line.contains("System time (seconds)")) {
        cpu += Double.parseDouble(line.substring(line.lastIndexOf(':') + 1).trim());
      }
    }
    if (exit != 0) {
      List<String> lines = Files.readAllLines(log);
      System.err.println(tool + " on " + set + " exited " + exit + ":\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
    }
    return new Run(set, tool, round, seconds, rss, exit, load, cpu, server);
  }

  /** The one-minute load average. */
  static double load() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }
}
