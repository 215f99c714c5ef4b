package org.soen.cloud.aws.internal;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobListener;

/**
 * The progress of one upload, shared by its threads: a PROGRESS event at each new whole percent
 * and one when the last file is done, in order and never going back.
 */
final class UploadProgress {
  private final JobListener events;
  private final Clock clock;
  private final String jobId;
  private final long total;
  private final int files;
  private final AtomicLong done = new AtomicLong();
  private final AtomicInteger filesDone = new AtomicInteger();
  private int lastPercent = -1;
  private long lastDone;

  UploadProgress(JobListener events, Clock clock, String jobId, long total, int files) {
    this.events = events;
    this.clock = clock;
    this.jobId = jobId;
    this.total = total;
    this.files = files;
    report(0, 0);
  }

  /** {@code n} more bytes of a file still in flight. */
  void bytes(long n) {
    report(done.addAndGet(n), filesDone.get());
  }

  /**
   * A file is uploaded, with {@code bytes} not yet counted. Its bytes are added before it is
   * counted as done, so the thread that counts the last file sees every byte.
   */
  void fileDone(long bytes) {
    done.addAndGet(bytes);
    int counted = filesDone.incrementAndGet();
    report(done.get(), counted);
  }

  /** The bytes uploaded so far. */
  long done() {
    return done.get();
  }

  private synchronized void report(long bytesDone, int counted) {
    long shown = Math.max(bytesDone, lastDone);
    int percent = total == 0 ? 100 : (int) (shown * 100 / total);
    if (percent > lastPercent || counted == files) {
      lastPercent = percent;
      lastDone = shown;
      events.onEvent(JobEvent.builder().jobId(jobId).at(clock.instant()).kind(JobEvent.Kind.PROGRESS)
          .bytesDone(shown).bytesTotal(total)
          .message(String.format(Locale.ROOT, "uploading data: %s of %s (%d of %d files)", mib(shown), mib(total),
              counted, files))
          .build());
    }
  }

  /** {@code bytes} as MiB with one decimal, as the events show sizes. */
  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
