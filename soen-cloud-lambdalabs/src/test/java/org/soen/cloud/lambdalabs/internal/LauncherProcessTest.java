package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.internal.FileJobJournal;
import org.soen.cloud.testkit.ManualClock;

class LauncherProcessTest {
  @TempDir Path tmp;

  @Test
  void isGone_whenThisProcess_isFalse() {
    LauncherProcess self = LauncherProcess.current();
    assertThat(self.isGone(LauncherProcess.Probe.LOCAL)).isFalse();
    assertThat(LauncherProcess.of(self.entries())).contains(self);
  }

  @Test
  void isGone_whenTheProcessExited_isTrue() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    LauncherProcess exited = new LauncherProcess(p.pid(), Instant.parse("2026-01-01T00:00:00Z"), "here");
    assertThat(exited.isGone(LauncherProcess.Probe.LOCAL)).isTrue();
  }

  @Test
  void isGone_whenThePidWasReusedByALaterProcess_isTrue() {
    LauncherProcess self = LauncherProcess.current();
    LauncherProcess earlier = new LauncherProcess(self.pid(), self.started().minusSeconds(60), self.host());
    assertThat(earlier.isGone(LauncherProcess.Probe.LOCAL)).isTrue();
  }

  @Test
  void owner_isMadeOnceAndKeptBesideTheJobs() {
    ManualClock clock = ManualClock.create();
    String first = new FileJobJournal(tmp.resolve("a/jobs"), clock, r -> null).owner();
    assertThat(first).matches("[0-9a-f]{16}");
    assertThat(new FileJobJournal(tmp.resolve("a/jobs"), clock, r -> null).owner()).isEqualTo(first);
    assertThat(new FileJobJournal(tmp.resolve("b/jobs"), clock, r -> null).owner()).isNotEqualTo(first);
    assertThat(tmp.resolve("a/jobs/owner-id")).hasContent(first);
  }

  @Test
  void owner_whenTheFileIsDamaged_failsSayingWhatToDo() throws Exception {
    Files.createDirectories(tmp.resolve("jobs"));
    Files.writeString(tmp.resolve("jobs/owner-id"), "not an id");
    assertThatThrownBy(() -> new FileJobJournal(tmp.resolve("jobs"), ManualClock.create(), r -> null).owner())
        .isInstanceOf(SoenCloudException.class)
        .hasMessage("the journal's identity file " + tmp.resolve("jobs/owner-id") + " holds \"not an id\", not 16 hex"
            + " digits; restore it from a backup, or delete it to give this journal a new identity (instances launched"
            + " under the old one then count as someone else's)");
  }
}
