package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlsWarmupTest {
  @Test
  void aVerbThatReachesAProvider_startsALowPriorityDaemonThatEnds() throws InterruptedException {
    Thread t = TlsWarmup.startFor(List.of("--verbose", "status", "soen-job-1")).orElseThrow();

    assertThat(t.getName()).isEqualTo("soen-tls-warmup");
    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    t.join();
    assertThat(t.isAlive()).isFalse();
  }

  @Test
  void localVerbs_startNothing() {
    assertThat(TlsWarmup.startFor(List.of("list"))).isEmpty();
    assertThat(TlsWarmup.startFor(List.of("--version"))).isEmpty();
    assertThat(TlsWarmup.startFor(List.of("config", "show"))).isEmpty();
    assertThat(TlsWarmup.startFor(List.of())).isEmpty();
  }
}
