package org.soen.cloud.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The benchmark's figures: every run as a line, then medians, spread, peak RSS and load as markdown tables. */
final class Report {
  private static final String[] SETS = {"a", "b", "c", "b again"};
  private static final Map<String, String> NAMES = Map.of("a", "A: one 1 GiB file",
      "b", "B: YOLO-like, 9,001 files", "c", "C: 20,000 × 16 KiB", "b again", "B again, unchanged (whole process)");

  private final List<Timed.Run> runs;
  private final Map<String, Long> bytes;

  Report(List<Timed.Run> runs, Map<String, Long> bytes) {
    this.runs = runs;
    this.bytes = bytes;
  }

  /** What was run where: versions and the machine. */
  static void header(Path work, String aws) throws IOException, InterruptedException {
    System.out.println("# soen-cloud benchmark, " + java.time.Instant.now());
    System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, load at start "
        + Files.readString(Path.of("/proc/loadavg")).trim() + "; java " + System.getProperty("java.version"));
    System.out.println("peers: " + firstLine("rclone", "version") + "; " + firstLine(aws, "--version"));
    System.out.println("work folder: " + work);
  }

  private static String firstLine(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out.lines().findFirst().orElse("?");
  }

  /** The bytes of the regular files under {@code dir}. */
  static long bytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  void print() {
    System.out.println();
    System.out.println("set,tool,round,seconds,peak_rss_mib,exit,load1,cpu_s,s3proxy_cpu_s");
    for (Timed.Run r : runs.stream().filter(r -> r.round() > 0).toList()) {
      System.out.println(UserRunBenchmark.format("%s,%s,%d,%.2f,%d,%d,%.2f,%.2f,%.2f", r.set(), r.tool(), r.round(),
          r.seconds(), r.peakRssKiB() / 1024, r.exit(), r.load(), r.cpuSeconds(), r.serverCpuSeconds()));
    }
    DoubleSummaryStatistics load = runs.stream().filter(r -> r.round() > 0).mapToDouble(Timed.Run::load).summaryStatistics();
    System.out.println();
    System.out.println(UserRunBenchmark.format("Load average (1 min) when the runs started: %.2f–%.2f, mean %.2f.",
        load.getMin(), load.getMax(), load.getAverage()));
    System.out.println();
    boolean withBefore = runs.stream().anyMatch(r -> r.tool().equals(UserRunBenchmark.BEFORE));
    System.out.println("| data set | soen-cloud `train --detach` |" + (withBefore ? " soen-cloud before |" : "")
        + " `rclone copy` | `aws s3 cp --recursive` (`sync` again) | soen-cloud vs rclone | vs aws |");
    System.out.println("| --- | --- |" + (withBefore ? " --- |" : "") + " --- | --- | --- | --- |");
    for (String set : SETS) {
      Optional<Stats> soen = stats(set, UserRunBenchmark.SOEN);
      Optional<Stats> rclone = stats(set, UserRunBenchmark.RCLONE);
      Optional<Stats> aws = stats(set, UserRunBenchmark.AWS);
      if (soen.isEmpty()) {
        continue;
      }
      long b = set.equals("b again") ? 0 : bytes.get(set);
      String beforeCell = withBefore ? stats(set, UserRunBenchmark.BEFORE).map(x -> x.cell(b)).orElse("–") + " | " : "";
      System.out.println("| " + NAMES.get(set) + " | " + soen.get().cell(b) + " | " + beforeCell + rclone.map(s -> s.cell(b)).orElse("–")
          + " | " + aws.map(s -> s.cell(b)).orElse("–") + " | " + ratio(rclone, soen) + " | " + ratio(aws, soen) + " |");
    }
    Map<String, Stats> list = new LinkedHashMap<>();
    runs.stream().filter(r -> r.set().equals("list")).map(Timed.Run::tool).distinct()
        .forEach(tool -> stats("list", tool).ifPresent(s -> list.put(tool, s)));
    if (!list.isEmpty()) {
      System.out.println();
      System.out.println("| command (fresh process) | median | spread | peak RSS |");
      System.out.println("| --- | --- | --- | --- |");
      list.forEach((tool, s) -> System.out.println(UserRunBenchmark.format("| `%s` | %.2f s | %.2f–%.2f s | %d MiB%s |",
          tool, s.median(), s.min(), s.max(), s.rssMiB(), s.failed() ? " (a run FAILED)" : "")));
    }
  }

  /** How many times faster soen-cloud was than the peer (the peer's median time over ours). */
  private static String ratio(Optional<Stats> peer, Optional<Stats> soen) {
    return peer.map(p -> UserRunBenchmark.format("%.2f×", p.median() / soen.get().median())).orElse("–");
  }

  private Optional<Stats> stats(String set, String tool) {
    List<Timed.Run> of = runs.stream().filter(r -> r.set().equals(set) && r.tool().equals(tool)).toList();
    if (of.isEmpty()) {
      return Optional.empty();
    }
    List<Double> seconds = new ArrayList<>(of.stream().map(Timed.Run::seconds).sorted().toList());
    long rss = of.stream().mapToLong(Timed.Run::peakRssKiB).max().orElse(0) / 1024;
    boolean failed = of.stream().anyMatch(r -> r.exit() != 0);
    return Optional.of(new Stats(median(seconds), seconds.get(0), seconds.get(seconds.size() - 1), rss, failed));
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** One tool's figures on one data set: seconds (median, fastest, slowest) and its highest peak RSS. */
  private record Stats(double median, double min, double max, long rssMiB, boolean failed) {
    String cell(long bytes) {
      String rate = bytes == 0 ? "" : UserRunBenchmark.format(", %.0f MiB/s", bytes / 1048576.0 / median);
      return UserRunBenchmark.format("%.2f s (%.2f–%.2f)%s, %d MiB%s", median, min, max, rate, rssMiB,
          failed ? " (a run FAILED)" : "");
    }
  }
}
