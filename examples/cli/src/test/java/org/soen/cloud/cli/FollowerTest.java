package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobState;

/** Progress bars and colours only on a terminal; events of other jobs are ignored. */
class FollowerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private Follower follower(boolean terminal, String... flags) {
    GlobalOptions options = new GlobalOptions();
    for (String f : flags) {
      switch (f) {
        case "--quiet" -> options.quiet = true;
        case "--verbose" -> options.verbose = true;
        default -> options.noColour = f.equals("--no-color");
      }
    }
    CliContext ctx = CliContext.builder().out(new PrintStream(bytes, true, StandardCharsets.UTF_8))
        .err(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .environment(Map.of()).workingDirectory(Path.of(".")).terminal(terminal).build();
    Follower f = new Follower(new Output(ctx, options));
    f.follow("job-1");
    return f;
  }

  private static JobEvent progress(long done, long total, int second) {
    return JobEvent.builder().jobId("job-1").at(T0.plusSeconds(second)).kind(JobEvent.Kind.PROGRESS)
        .bytesDone(done).bytesTotal(total).build();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void progress_onATerminal_drawsABarWithRateAndEta() {
    Follower f = follower(true);
    f.onEvent(progress(0, 4 * 1024 * 1024, 0));
    f.onEvent(progress(1024 * 1024, 4 * 1024 * 1024, 1));
    f.onEvent(progress(4 * 1024 * 1024, 4 * 1024 * 1024, 4));

    assertThat(printed()).contains("\r  [######                  ]  25% 1.0 MiB/4.0 MiB  1.0 MiB/s  ETA 0:00:03")
        .contains("[########################] 100% 4.0 MiB/4.0 MiB").endsWith("\n");
  }

  @Test
  void progress_atTheEnd_showsTheWholeTransfersAverageRateOnce() {
    Follower f = follower(true);
    f.onEvent(progress(0, 4 * 1024 * 1024, 0));
    f.onEvent(progress(3 * 1024 * 1024, 4 * 1024 * 1024, 1));
    f.onEvent(progress(4 * 1024 * 1024, 4 * 1024 * 1024, 8));
    f.onEvent(progress(4 * 1024 * 1024, 4 * 1024 * 1024, 8));

    assertThat(printed()).endsWith("\r  [########################] 100% 4.0 MiB/4.0 MiB  avg 512.0 KiB/s in 0:00:08\n")
        .doesNotContain("0 B/s").containsOnlyOnce("100%");
  }

  @Test
  void progress_whenOnlyTheEndIsReported_showsNoRate() {
    Follower f = follower(true);
    f.onEvent(progress(1024, 1024, 3));

    assertThat(printed()).isEqualTo("\r  [########################] 100% 1.0 KiB/1.0 KiB\n");
  }

  @Test
  void pause_holdsLinesBackUntilResume() {
    Follower f = follower(false);
    f.pause();
    f.onEvent(JobEvent.builder().jobId("job-1").at(T0).kind(JobEvent.Kind.LOG).message("held").build());
    f.onEvent(progress(1024, 4096, 1));
    String whilePaused = printed();
    f.resume();

    assertThat(whilePaused).isEmpty();
    assertThat(printed()).isEqualTo("  | held\n");
  }

  @Test
  void stateChanges_whenQuiet_areNotPrinted() {
    follower(false, "--quiet").onEvent(JobEvent.builder().jobId("job-1").at(T0).kind(JobEvent.Kind.STATE)
        .state(JobState.RUNNING).message("running").build());

    assertThat(printed()).isEmpty();
  }

  @Test
  void progress_offATerminal_printsNothing() {
    Follower f = follower(false);
    f.onEvent(progress(1024, 4096, 1));

    assertThat(printed()).isEmpty();
  }

  @Test
  void stateChange_isColouredOnlyOnATerminalWithoutNoColor() {
    follower(true).onEvent(JobEvent.builder().jobId("job-1").at(T0).kind(JobEvent.Kind.STATE)
        .state(JobState.COMPLETED).message("done").build());
    String coloured = printed();
    bytes.reset();
    follower(true, "--no-color").onEvent(JobEvent.builder().jobId("job-1").at(T0).kind(JobEvent.Kind.STATE)
        .state(JobState.COMPLETED).message("done").build());

    assertThat(coloured).contains("\u001b[32mCOMPLETED\u001b[0m");
    assertThat(printed()).isEqualTo("==> COMPLETED  done\n");
  }

  @Test
  void events_ofOtherJobs_andLogsWhenQuiet_areNotPrinted() {
    Follower f = follower(false, "--quiet");
    f.onEvent(JobEvent.builder().jobId("job-2").at(T0).kind(JobEvent.Kind.STATE).state(JobState.RUNNING).build());
    f.onEvent(JobEvent.builder().jobId("job-1").at(T0).kind(JobEvent.Kind.LOG).message("hello").build());

    assertThat(printed()).isEmpty();
  }

  @Test
  void metrics_areKeptForTheReportAndPrintedWhenVerbose() {
    Follower f = follower(false, "--verbose");
    f.onEvent(JobEvent.builder().jobId("job-1").at(T0).kind(JobEvent.Kind.METRICS).epoch(2)
        .putMetrics("loss", 0.25).build());

    assertThat(printed()).contains("epoch 2  loss=0.2500");
    assertThat(f.lastMetrics()).containsEntry("epoch", 2).containsEntry("loss", 0.25);
  }
}
