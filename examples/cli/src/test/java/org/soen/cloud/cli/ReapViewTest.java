package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.soen.cloud.ReapReport;

class ReapViewTest {
  @Test
  void reap_json_listsReleasedAndLeftRunningWithOwnerAndDeadline() {
    ReapReport r = ReapReport.builder().dryRun(false)
        .addReleased(ReapReport.Released.of("lambdalabs", "Lambda instance a1", "its launcher is gone"))
        .addLeftRunning(ReapReport.LeftRunning.of("lambdalabs", "Lambda instance b2", Optional.of("0123456789abcdef"),
            Optional.of(Instant.parse("2026-01-01T02:00:00Z")), "it belongs to someone else"))
        .build();

    Map<String, Object> json = Views.reap(r);

    assertThat(json).containsEntry("dry_run", false).doesNotContainKey("would_release");
    assertThat(json.get("released")).isEqualTo(List.of(Map.of("provider", "lambdalabs",
        "resource", "Lambda instance a1", "why", "its launcher is gone")));
    assertThat(json.get("left_running")).isEqualTo(List.of(Map.of("provider", "lambdalabs",
        "resource", "Lambda instance b2", "owner", "0123456789abcdef", "deadline", "2026-01-01T02:00:00Z",
        "why", "it belongs to someone else")));
  }

  @Test
  void released_line_saysWhatAndWhy() {
    assertThat(ReapCommand.released(ReapReport.Released.of("sagemaker", "secret s", "its job ended")))
        .isEqualTo("secret s: its job ended");
  }
}
