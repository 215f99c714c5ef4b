package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class UploadWarmupTest {
  @TempDir Path tmp;

  /**
   * Whether a warm-up's own thread, or its throwaway server's reader, is alive (MINA's threads are
   * compared as a whole in the test below: fake instances run MINA servers too).
   */
  static boolean anyWarmupThread() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .anyMatch(n -> n.startsWith("soen-upload-warmup"));
  }

  static java.util.List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void stop_withBudgetLeft_endsTheThreadBeforeReturningAndDeletesTheSample() throws Exception {
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(Long.MAX_VALUE, Duration.ofHours(1)), tmp);

    w.stop();

    assertThat(w.running()).isFalse();
    assertThat(anyWarmupThread()).isFalse();
    try (var left = Files.list(tmp)) {
      assertThat(left).as("the sample folder is gone").isEmpty();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void run_withByteBudget_sealsThatManyBytesOfTarThenEndsByItself() throws Exception {
    long budget = 3L << 20;
    java.util.List<String> before = threadNames();
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(budget, Duration.ofHours(1)), tmp);

    w.awaitEnd();

    assertThat(w.bytesWarmed()).as("whole tar blocks up to the budget").isBetween(budget, budget + (64 << 10));
    assertThat(w.running()).isFalse();
    assertThat(threadNames()).as("no thread of the warm-up, its server or its client is left").isEqualTo(before);
    try (var left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void stop_calledAgainOrByClose_returnsAtOnce() {
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(1, Duration.ofHours(1)), tmp);
    w.stop();

    w.stop();
    w.close();

    assertThat(w.running()).isFalse();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void start_withUnwritableTempFolder_endsQuietly() {
    Path missing = tmp.resolve("no/such/folder");

    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(Long.MAX_VALUE, Duration.ofHours(1)), missing);
    w.stop();

    assertThat(w.running()).isFalse();
    assertThat(w.bytesWarmed()).isZero();
    assertThat(missing).doesNotExist();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void start_runsOnALowPriorityDaemonThread() {
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(Long.MAX_VALUE, Duration.ofHours(1)), tmp);
    try {
      Thread t = Thread.getAllStackTraces().keySet().stream().filter(x -> x.getName().equals("soen-upload-warmup"))
          .findFirst().orElse(null);
      assertThat(t).as("running until stopped").isNotNull();
      assertThat(t.isDaemon()).as("never keeps the JVM alive").isTrue();
      assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    } finally {
      w.stop();
    }
  }
}
