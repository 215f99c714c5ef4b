package org.soen.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobNamesPropertyTest {
  private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("2099-12-31T23:59:59Z");

  @Test
  void everyName_matchesSageMakersPatternAndKeepsTimestampAndSuffix() {
    qt().withExamples(5_000).forAll(
            strings().allPossible().ofLengthBetween(0, 200),
            longs().between(START.getEpochSecond(), END.getEpochSecond()),
            longs().all())
        .checkAssert((experiment, seconds, seed) -> {
          Instant at = Instant.ofEpochSecond(seconds);
          String name = new JobNames(new Random(seed)).next(experiment, at, n -> false);
          assertThat(name).matches(JobNames.VALID).hasSizeLessThanOrEqualTo(63).startsWith("soen-");
          String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
              .withZone(java.time.ZoneOffset.UTC).format(at);
          assertThat(name).matches(".*-" + stamp + "-[a-z0-9]{4}$");
        });
  }

  @Test
  void hundredThousandDraws_inTheSameSecond_neverCollide() {
    long seed = System.nanoTime();
    System.out.println("JobNamesPropertyTest seed=" + seed);
    JobNames names = new JobNames(new Random(seed));
    Set<String> taken = new HashSet<>();
    Instant now = Instant.parse("2026-11-22T12:00:00Z");
    for (int i = 0; i < 100_000; i++) {
      String name = names.next("mnist", now, taken::contains);
      assertThat(taken.add(name)).as("seed %d draw %d gave a duplicate %s", seed, i, name).isTrue();
    }
    assertThat(taken).hasSize(100_000);
  }

  @Test
  void longExperiment_isCutButTheSuffixNeverIs() {
    String name = new JobNames(new Random(1)).next("a".repeat(100), Instant.parse("2026-01-02T03:04:05Z"), n -> false);
    assertThat(name).hasSize(63).contains("-20260102030405-");
    assertThat(name.substring(name.length() - 4)).matches("[a-z0-9]{4}");
  }

  @Test
  void experimentWithoutUsableCharacters_becomesJob() {
    String name = new JobNames(new Random(1)).next("ÄÖÜ!!", Instant.parse("2026-01-02T03:04:05Z"), n -> false);
    assertThat(name).startsWith("soen-job-20260102030405-");
  }
}
