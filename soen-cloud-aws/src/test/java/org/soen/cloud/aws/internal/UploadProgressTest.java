package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.soen.cloud.JobEvent;
import org.soen.cloud.testkit.ManualClock;

class UploadProgressTest {
  private static final int THREADS = 8;
  private static final int FILES = 400;

  @RepeatedTest(20)
  @DisplayName("threads finishing files at once: progress never goes back and the last event has every byte and file")
  void concurrentFiles_progressIsMonotonicAndEndsComplete() throws Exception {
    long seed = System.nanoTime();
    System.out.println("UploadProgressTest seed " + seed);
    Random random = new Random(seed);
    long[] sizes = new long[FILES];
    boolean[] multipart = new boolean[FILES];
    long total = 0;
    for (int i = 0; i < FILES; i++) {
      sizes[i] = 1 + random.nextInt(100_000);
      multipart[i] = random.nextInt(4) == 0;
      total += sizes[i];
    }
    List<JobEvent> events = Collections.synchronizedList(new ArrayList<>());
    UploadProgress progress = new UploadProgress(events::add,
        ManualClock.startingAt(Instant.parse("2026-11-30T00:00:00Z")), "job", total, FILES);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < FILES; i++) {
        long size = sizes[i];
        boolean parts = multipart[i];
        futures.add(pool.submit(() -> {
          start.await();
          if (parts) {
            // a multipart file reports each part as it lands, then that it is done
            long half = size / 2;
            progress.bytes(half);
            progress.bytes(size - half);
            progress.fileDone(0);
          } else {
            progress.fileDone(size);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Long> done = events.stream().map(e -> e.bytesDone().orElseThrow()).toList();
    assertThat(done).as("seed %d", seed).isSorted();
    JobEvent last = events.get(events.size() - 1);
    assertThat(last.bytesDone()).as("seed %d", seed).contains(total);
    assertThat(last.message()).as("seed %d", seed).endsWith("(400 of 400 files)");
    assertThat(progress.done()).isEqualTo(total);
    // one event per whole percent at most, the first at 0 and one more for the last file
    assertThat(events).hasSizeLessThanOrEqualTo(102);
  }
}
