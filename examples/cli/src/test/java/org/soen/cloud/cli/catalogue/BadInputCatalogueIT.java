package org.soen.cloud.cli.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of bad inputs, each run through the {@code soen-cloud} process (the shaded jar in a
 * fresh JVM): configs, flags, environment variables, {@code cloud_config.yaml} and paths. Each bad
 * input must exit 2, print the exact source and key of its problem, make no connection (every
 * endpoint points at a recorder), write nothing to the journal, stage nothing, leave
 * {@code cloud_config.yaml} as it was, and never print a planted secret or a Java class name. The
 * good configs must be accepted. A sample runs again with {@code --json} and must carry the
 * problem's stable {@code code}.
 *
 * <p>Cases run two at a time ({@code -Dcatalogue.threads=N} to change); each is one dynamic test.
 * The JVMs start with {@link SoenCloudProcess#DEFAULT_JVM_FLAGS} ({@code -Dcatalogue.jvmFlags=...}
 * to change) and a class-data archive dumped by a first run ({@code -Dcatalogue.cds=false} to
 * skip), which together roughly halve the start-up of each process.
 * The last test writes {@code target/bad-input-catalogue.txt}: every case, its time and what was
 * wrong with it.
 */
class BadInputCatalogueIT {
  @TempDir Path root;

  private record Run(CatalogueCase c, Future<Outcome> outcome) {}

  @TestFactory
  @DisplayName("every bad input is refused with its source and key, before anything is sent; every good config is accepted")
  Stream<DynamicNode> catalogue() throws Exception {
    List<CatalogueCase> bad = Catalogue.bad();
    List<CatalogueCase> good = Catalogue.good();
    List<CatalogueCase> all = new ArrayList<>(bad);
    all.addAll(good);
    all.addAll(Catalogue.json());

    int threads = Integer.getInteger("catalogue.threads", 2);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "catalogue-runner");
      t.setDaemon(true);
      return t;
    });
    SoenCloudProcess process = new SoenCloudProcess(SoenCloudProcess.findJar(),
        SoenCloudProcess.jvmFlagsFromSystemProperty(), SshKeyMaterial.generate());
    if (Boolean.parseBoolean(System.getProperty("catalogue.cds", "true"))) {
      process = process.withClassDataArchive(root.resolve("classes.jsa"), good.get(1), root.resolve("cds-warmup"));
    }
    SoenCloudProcess runner = process;
    long start = System.nanoTime();
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      CatalogueCase c = all.get(i);
      Path dir = root.resolve(String.format("%03d", i));
      runs.add(new Run(c, pool.submit(() -> runner.run(c, dir))));
    }

    Map<String, List<Run>> byGroup = new LinkedHashMap<>();
    runs.forEach(r -> byGroup.computeIfAbsent(r.c().group(), g -> new ArrayList<>()).add(r));
    Stream<DynamicNode> groups = byGroup.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(
        e.getKey() + " (" + e.getValue().size() + ")",
        e.getValue().stream().map(r -> DynamicTest.dynamicTest(r.c().displayName(), () -> check(r)))));
    DynamicTest summary = DynamicTest.dynamicTest("summary: sizes, times, report", () -> {
      try {
        summarize(runs, bad, good, threads, (System.nanoTime() - start) / 1_000_000, runner.jvmFlags());
      } finally {
        pool.shutdownNow();
      }
    });
    return Stream.concat(groups, Stream.of(summary));
  }

  private static void check(Run r) throws InterruptedException, ExecutionException {
    Outcome o = r.outcome().get();
    assertThat(Verdict.judge(o)).as("%s%n%s", r.c().name(), o.describe()).isEmpty();
  }

  private static void summarize(List<Run> runs, List<CatalogueCase> bad, List<CatalogueCase> good, int threads,
      long wallMillis, List<String> jvmFlags) throws InterruptedException, ExecutionException, IOException {
    List<Outcome> outcomes = new ArrayList<>();
    for (Run r : runs) {
      outcomes.add(r.outcome().get());
    }
    long wall = Math.max(wallMillis, 1);
    List<Long> times = outcomes.stream().map(Outcome::millis).sorted().toList();
    long sum = times.stream().mapToLong(Long::longValue).sum();
    StringBuilder report = new StringBuilder();
    long passed = 0;
    for (Outcome o : outcomes) {
      List<String> v = Verdict.judge(o);
      passed += v.isEmpty() ? 1 : 0;
      report.append(String.format("%-4s %6d ms %2d conn  [%s] %s%n", v.isEmpty() ? "ok" : "FAIL", o.millis(),
          o.requests().size(), o.c().group(), o.c().name()));
      v.forEach(line -> report.append("            - ").append(line.replace('\n', ' ')).append('\n'));
      if (!v.isEmpty()) {
        (o.c().args().contains("--json") ? o.stdout() : o.stderr()).lines().limit(6)
            .forEach(line -> report.append("            | ").append(line).append('\n'));
      }
    }
    String head = String.format("%d cases (%d bad, %d good, %d --json), %d pass, %d fail; %d threads%n"
            + "per case: median %d ms, mean %d ms, max %d ms; total %.1f s of process time in %.1f s wall%n"
            + "JVM flags: %s%n%n",
        outcomes.size(), bad.size(), good.size(), outcomes.size() - bad.size() - good.size(), passed,
        outcomes.size() - passed, threads, times.get(times.size() / 2), sum / times.size(), times.get(times.size() - 1),
        sum / 1000.0, wall / 1000.0, String.join(" ", jvmFlags));
    Files.writeString(Path.of("target", "bad-input-catalogue.txt"), head + report, StandardCharsets.UTF_8);
    System.out.print(head);

    assertThat(bad).as("bad inputs").hasSizeGreaterThanOrEqualTo(150);
    assertThat(good).as("good configs").hasSizeGreaterThanOrEqualTo(15);
  }
}
