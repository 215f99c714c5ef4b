package org.soen.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReapReportTest {
  static final ReapReport.Released GONE = ReapReport.Released.of("lambdalabs", "Lambda instance a1", "its launcher is gone");
  static final ReapReport.LeftRunning THEIRS = ReapReport.LeftRunning.of("lambdalabs", "Lambda instance b2",
      Optional.of("0123456789abcdef"), Optional.of(Instant.parse("2026-01-01T02:00:00Z")), "it belongs to someone else");

  @Test
  void plus_joinsReleasedAndLeftRunningInOrder() {
    ReapReport first = ReapReport.builder().dryRun(false).addReleased(GONE).build();
    ReapReport second = ReapReport.builder().dryRun(false).addLeftRunning(THEIRS)
        .addReleased(ReapReport.Released.of("sagemaker", "secret s", "its job ended")).build();

    ReapReport both = first.plus(second);

    assertThat(both.dryRun()).isFalse();
    assertThat(both.released()).extracting(ReapReport.Released::provider).containsExactly("lambdalabs", "sagemaker");
    assertThat(both.leftRunning()).containsExactly(THEIRS);
  }

  @Test
  void plus_whenDryRunDiffers_isRefusedNamingTheField() {
    assertThatThrownBy(() -> ReapReport.empty(true).plus(ReapReport.empty(false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dryRun must be the same in both reports, was true and false");
  }

  @Test
  void empty_hasNothing() {
    assertThat(ReapReport.empty(true).released()).isEmpty();
    assertThat(ReapReport.empty(true).leftRunning()).isEmpty();
    assertThat(ReapReport.empty(true).dryRun()).isTrue();
  }
}
