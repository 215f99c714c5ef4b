package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.TransferException;

class KeptOutputsTest {
  private static final String T1 = "2026-12-05T01:00:00Z";
  private static final String T2 = "2026-12-05T01:00:01Z";

  @TempDir
  Path tmp;

  private KeptOutputs kept() {
    return new KeptOutputs(tmp.resolve("job"));
  }

  private void keepLog(String... lines) throws IOException {
    Files.createDirectories(tmp.resolve("job"));
    Files.writeString(tmp.resolve("job/run.log"), String.join("\n", lines) + "\n");
  }

  @Test
  void logs_whenNothingKeptYet_isAnEmptyPageThatKeepsTheCursor() {
    LogPage page = kept().logs("3", false);

    assertThat(page.lines()).isEmpty();
    assertThat(page.cursor()).isEqualTo("3");
    assertThat(page.complete()).isFalse();
  }

  @Test
  void logs_pagesByLineFromTheCursor_skippingMalformedLines() throws IOException {
    keepLog("stdout\t" + T1 + "\tepoch 1", "not a kept line", "stderr\t" + T2 + "\twarn\twith a tab");

    LogPage first = kept().logs("", false);
    assertThat(first.lines()).extracting(LogLine::stream, LogLine::message)
        .containsExactly(Tuple.tuple("stdout", "epoch 1"),
            Tuple.tuple("stderr", "warn\twith a tab"));
    assertThat(first.lines().get(1).at()).isEqualTo(Instant.parse(T2));
    assertThat(first.cursor()).isEqualTo("3");

    LogPage rest = kept().logs(first.cursor(), true);
    assertThat(rest.lines()).isEmpty();
    assertThat(rest.cursor()).isEqualTo("3");
    assertThat(rest.complete()).isTrue();
  }

  @Test
  void copyArtifacts_copiesEachListedPathUnderTheTarget() throws IOException {
    Files.createDirectories(tmp.resolve("job/artifacts/model"));
    Files.writeString(tmp.resolve("job/artifacts/model/weights.bin"), "w");
    Files.writeString(tmp.resolve("job/artifacts/metrics.json"), "{}");
    Path target = tmp.resolve("out");

    List<Path> copied = kept().copyArtifacts("model/weights.bin\n\nmetrics.json\n", target);

    assertThat(copied).containsExactly(target.toAbsolutePath().resolve("model/weights.bin"),
        target.toAbsolutePath().resolve("metrics.json"));
    assertThat(target.resolve("model/weights.bin")).hasContent("w");
    assertThat(target.resolve("metrics.json")).hasContent("{}");
  }

  @Test
  void copyArtifacts_whenNothingListed_copiesNothing() {
    assertThat(kept().copyArtifacts("", tmp.resolve("out"))).isEmpty();
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void copyArtifacts_whenAPathLeavesTheTarget_isRefused() {
    TransferException e = catchThrowableOfType(TransferException.class,
        () -> kept().copyArtifacts("../escape.txt", tmp.resolve("out")));

    assertThat(e).hasMessageContaining("refusing to write ../escape.txt: it resolves outside");
  }

  @Test
  void copyArtifacts_whenAListedArtifactIsMissing_failsNamingIt() {
    TransferException e = catchThrowableOfType(TransferException.class,
        () -> kept().copyArtifacts("gone.bin", tmp.resolve("out")));

    assertThat(e).hasMessageStartingWith("cannot copy artifact gone.bin to " + tmp.resolve("out").toAbsolutePath()
        .resolve("gone.bin"));
  }
}
