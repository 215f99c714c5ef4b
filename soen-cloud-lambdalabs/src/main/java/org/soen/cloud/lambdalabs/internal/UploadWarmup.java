package org.soen.cloud.lambdalabs.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the dataset upload's code while the instance boots, so that the upload itself does not run
 * cold: a fresh JVM would otherwise interpret and JIT-compile the tar, file-reading and cipher code
 * during the first seconds of the upload, on the CPUs the upload needs.
 *
 * <p>On one low-priority daemon thread it starts a throwaway SSH server inside this JVM
 * ({@link LoopbackSink}: 127.0.0.1 only, keys made in memory, input dropped, nothing run), connects
 * to it with {@link SshRunner} (the key exchange, host-key check and cipher the upload's session
 * will use) and streams a generated sample folder (in a new temporary folder, deleted afterwards)
 * through {@link TarStream} into exec channels, as the upload does, until its budget is spent. It
 * never reads the dataset, the SSH key or any setting, and never touches the instance. It ends at
 * its byte or time budget, or at {@link #stop()}, which the upload calls first and which returns
 * once the thread and both ends of the throwaway connection have ended (within one tar block, or
 * the throwaway connection's set-up); a failure only ends the warm-up.
 */
final class UploadWarmup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UploadWarmup.class);
  /** The sample folder: image-like files and their label files, as a YOLO dataset holds them. */
  private static final int SAMPLE_FILES = 96;
  private static final int SAMPLE_FILE_BYTES = 104 * 1024;

  /** How much the warm-up may do: tar bytes through the SSH channel, and wall time. */
  record Budget(long bytes, Duration time) {
    /** Enough for the JIT to compile the upload path (measured with benchmarks/ssh.sh). */
    static final Budget DEFAULT = new Budget(256L << 20, Duration.ofSeconds(20));
  }

  /** Thrown inside the warm-up thread to end it; never leaves it. */
  private static final class Stopped extends IOException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("warm-up stopped");
    }
  }

  private final Budget budget;
  private final Path tempParent;
  private final Thread thread;
  private final AtomicLong bytes = new AtomicLong();
  private final long deadline;
  private volatile boolean stopRequested;

  private UploadWarmup(Budget budget, Path tempParent) {
    this.budget = budget;
    this.tempParent = tempParent;
    this.deadline = System.nanoTime() + budget.time().toNanos();
    this.thread = new Thread(this::run, "soen-upload-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
  }

  /** Starts warming up with {@code budget}, the sample folder made under {@code tempParent}. */
  static UploadWarmup start(Budget budget, Path tempParent) {
    UploadWarmup w = new UploadWarmup(budget, tempParent);
    w.thread.start();
    return w;
  }

  /** Starts warming up with the default budget in the JVM's temporary folder. */
  static UploadWarmup start() {
    return start(Budget.DEFAULT, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Tar bytes sent through the throwaway connection so far. */
  long bytesWarmed() {
    return bytes.get();
  }

  /** Whether the warm-up thread still runs. */
  boolean running() {
    return thread.isAlive();
  }

  /** Waits until the warm-up ends by itself (its budget spent or a failure). */
  void awaitEnd() throws InterruptedException {
    thread.join();
  }

  /** Ends the warm-up and returns once its thread has ended. */
  void stop() {
    stopRequested = true;
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void checkBudget() throws Stopped {
    if (stopRequested || bytes.get() >= budget.bytes() || System.nanoTime() - deadline >= 0) {
      throw new Stopped();
    }
  }

  private void run() {
    long t0 = System.nanoTime();
    Path sample = null;
    try (LoopbackSink sink = LoopbackSink.start(Duration.ofSeconds(30))) {
      checkBudget();
      sample = Files.createTempDirectory(tempParent, "soen-upload-warmup");
      writeSample(sample);
      SshRunner ssh = sink.client();
      while (true) {
        checkBudget();
        // scanned each pass, as the upload scans its dataset
        TarStream tar = TarStream.of(sample);
        ssh.execWriting("discard", remote -> {
          try {
            tar.writeTo(new Budgeted(remote), done -> {});
          } catch (Stopped e) {
            // ends this stream early; the loop ends the warm-up
          }
        }, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
      }
    } catch (Stopped e) {
      LOG.debug("upload warm-up ended after {} MiB in {} ms", bytes.get() >> 20, (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception | LinkageError e) {
      LOG.debug("upload warm-up failed; the upload runs without it", e);
    } finally {
      delete(sample);
    }
  }

  private void writeSample(Path dir) throws IOException {
    SplittableRandom random = new SplittableRandom();
    Path images = Files.createDirectories(dir.resolve("images"));
    Path labels = Files.createDirectories(dir.resolve("labels"));
    byte[] image = new byte[SAMPLE_FILE_BYTES];
    for (int i = 0; i < SAMPLE_FILES; i++) {
      checkBudget();
      random.nextBytes(image);
      Files.write(images.resolve(i + ".jpg"), image);
      Files.writeString(labels.resolve(i + ".txt"), "0 0.5 0.5 0.1 0.1\n");
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.debug("could not delete the upload warm-up's sample folder {}", dir, e);
    }
  }

  /** Passes writes on, counting them, until the budget is spent or the warm-up is stopped. */
  private final class Budgeted extends FilterOutputStream {
    Budgeted(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      checkBudget();
      out.write(b, off, len);
      bytes.addAndGet(len);
    }
  }
}
