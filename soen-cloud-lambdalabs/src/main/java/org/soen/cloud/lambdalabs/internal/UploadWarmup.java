package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.KeyAgreement;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the dataset upload's code while the instance boots, so that the upload itself does not run
 * cold: a fresh JVM would otherwise interpret and JIT-compile the tar, file-reading and cipher code
 * during the first seconds of the upload, on the CPUs the upload needs.
 *
 * <p>On one low-priority daemon thread it loads the SSH client's classes, runs the key exchange's
 * curve once, then streams a generated sample folder (in a new temporary folder, deleted
 * afterwards) through {@link TarStream} into the cipher the session will prefer
 * ({@link SshRunner#preferAesGcm}), packet by packet, and drops the result. It never reads the
 * dataset, the SSH key or any setting, and never touches the instance. It ends at its byte or time
 * budget, or at {@link #stop()}, which the upload calls first and which returns once the thread has
 * ended; a failure only ends the warm-up.
 */
final class UploadWarmup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UploadWarmup.class);
  /** Payload bytes per SSH packet, as OpenSSH's channel packets carry them. */
  static final int PACKET = 32 * 1024;
  /** The sample folder: image-like files and their label files, as a YOLO dataset holds them. */
  private static final int SAMPLE_FILES = 96;
  private static final int SAMPLE_FILE_BYTES = 104 * 1024;

  /** How much the warm-up may do: bytes through the tar and cipher code, and wall time. */
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

  /** Payload bytes encrypted so far. */
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

  /** Ends the warm-up and returns once its thread has ended (it looks after every packet). */
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
    try {
      SecureRandom random = new SecureRandom();
      List<NamedFactory<Cipher>> ciphers = SshRunner.preferAesGcm(SshClient.setUpDefaultClient().getCipherFactories());
      checkBudget();
      keyExchange();
      checkBudget();
      sample = Files.createTempDirectory(tempParent, "soen-upload-warmup");
      writeSample(sample);
      TarStream tar = TarStream.of(sample);
      Sealer sealer = new Sealer(ciphers.get(0).create(), random);
      while (true) {
        tar.writeTo(sealer, done -> {});
      }
    } catch (Stopped e) {
      LOG.debug("upload warm-up ended after {} MiB in {} ms", bytes.get() >> 20, (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception | LinkageError e) {
      LOG.debug("upload warm-up failed; the upload runs without it", e);
    } finally {
      delete(sample);
    }
  }

  /** The curve the key exchange prefers (curve25519-sha256), once each way. */
  private static void keyExchange() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
    KeyPair a = g.generateKeyPair();
    KeyPair b = g.generateKeyPair();
    KeyAgreement k = KeyAgreement.getInstance("X25519");
    k.init(a.getPrivate());
    k.doPhase(b.getPublic(), true);
    k.generateSecret();
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

  /**
   * Encrypts what is written in packets as the SSH session does (the 4-byte length as associated
   * data, the payload in place, room for the tag) and drops it; closing it does nothing, so that
   * every pass of the tar stream can use it.
   */
  private final class Sealer extends OutputStream {
    private final Cipher cipher;
    private final byte[] packet;
    private int fill = 4;

    Sealer(Cipher cipher, SecureRandom random) throws Exception {
      this.cipher = cipher;
      this.packet = new byte[4 + PACKET + cipher.getAuthenticationTagSize() + cipher.getCipherBlockSize()];
      byte[] key = new byte[cipher.getKdfSize()];
      byte[] iv = new byte[cipher.getIVSize()];
      random.nextBytes(key);
      random.nextBytes(iv);
      cipher.init(Cipher.Mode.Encrypt, key, iv);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        checkBudget();
        int n = Math.min(len, 4 + PACKET - fill);
        System.arraycopy(b, off, packet, fill, n);
        fill += n;
        off += n;
        len -= n;
        if (fill == 4 + PACKET) {
          seal();
        }
      }
    }

    private void seal() throws IOException {
      int len = fill - 4;
      try {
        cipher.updateWithAAD(packet, 0, 4, len);
      } catch (Exception e) {
        throw new IOException("cipher failed in the warm-up", e);
      }
      bytes.addAndGet(len);
      fill = 4;
    }

    @Override
    public void close() {
      // kept open for the next pass
    }
  }
}
