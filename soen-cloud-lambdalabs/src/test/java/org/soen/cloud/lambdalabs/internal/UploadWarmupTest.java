package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(Long.MAX_VALUE, Duration.ofHours(1)), tmp, Optional.empty());

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
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(budget, Duration.ofHours(1)), tmp, Optional.empty());

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
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(1, Duration.ofHours(1)), tmp, Optional.empty());
    w.stop();

    w.stop();
    w.close();

    assertThat(w.running()).isFalse();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void start_withUnwritableTempFolder_endsQuietly() {
    Path missing = tmp.resolve("no/such/folder");

    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(Long.MAX_VALUE, Duration.ofHours(1)), missing, Optional.empty());
    w.stop();

    assertThat(w.running()).isFalse();
    assertThat(w.bytesWarmed()).isZero();
    assertThat(missing).doesNotExist();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void start_runsOnALowPriorityDaemonThread() {
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(Long.MAX_VALUE, Duration.ofHours(1)), tmp, Optional.empty());
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

  private Path publicKeyFile(String algorithm, int bits) throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance(algorithm);
    g.initialize(bits);
    Path pub = tmp.resolve("keys/id_" + algorithm.toLowerCase() + ".pub");
    Files.createDirectories(pub.getParent());
    Files.writeString(pub, org.apache.sshd.common.config.keys.PublicKeyEntry.toString(g.generateKeyPair().getPublic())
        + " user@host\n");
    return pub;
  }

  @Test
  @org.junit.jupiter.api.DisplayName("the warm-up's client key has the type and size of the user's public key; Ed25519 without a readable one")
  void likeUserKey_followsThePublicKeysTypeAndSize() throws Exception {
    java.security.KeyPair ec = LoopbackSink.likeUserKey(Optional.of(publicKeyFile("EC", 384)));
    assertThat(org.apache.sshd.common.config.keys.KeyUtils.getKeyType(ec)).isEqualTo("ecdsa-sha2-nistp384");
    java.security.KeyPair rsa = LoopbackSink.likeUserKey(Optional.of(publicKeyFile("RSA", 2048)));
    assertThat(org.apache.sshd.common.config.keys.KeyUtils.getKeyType(rsa)).isEqualTo("ssh-rsa");
    assertThat(org.apache.sshd.common.config.keys.KeyUtils.getKeySize(rsa.getPublic())).isEqualTo(2048);
    Path garbage = Files.writeString(tmp.resolve("garbage.pub"), "not a key\n");
    for (Optional<Path> none : java.util.List.of(Optional.<Path>empty(), Optional.of(tmp.resolve("missing.pub")),
        Optional.of(garbage))) {
      assertThat(org.apache.sshd.common.config.keys.KeyUtils.getKeyType(LoopbackSink.likeUserKey(none))).as(none.toString())
          .isEqualTo("ssh-ed25519");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  @org.junit.jupiter.api.DisplayName("a warm-up keyed like an EC P-256 user key authenticates and streams its budget")
  void run_withEcUserKey_streamsItsBudget() throws Exception {
    Path pub = publicKeyFile("EC", 256);
    Path sample = Files.createDirectories(tmp.resolve("sample"));
    UploadWarmup w = UploadWarmup.start(new UploadWarmup.Budget(1L << 20, Duration.ofHours(1)), sample, Optional.of(pub));

    w.awaitEnd();

    assertThat(w.bytesWarmed()).isGreaterThanOrEqualTo(1L << 20);
  }
}
