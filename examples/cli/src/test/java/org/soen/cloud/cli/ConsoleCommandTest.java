package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code soen-cloud console}'s options: a port out of range is bad usage, a taken port a clear error. */
class ConsoleCommandTest {
  @TempDir Path dir;

  @Test
  void console_withPortOutOfRange_exits2NamingTheRange() {
    CliHarness.Result r = new CliHarness(dir).run("console", "--no-browser", "--port", "70000");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--port must be between 1 and 65535 (or left out for a free port), was 70000");
  }

  @Test
  void console_onATakenPort_failsNamingThePortAndWhatToDo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliHarness.Result r = new CliHarness(dir).run("console", "--no-browser", "--port",
          String.valueOf(taken.getLocalPort()));

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
      assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("choose another --port, or leave it out for a free one");
      assertThat(r.out()).doesNotContain("token=");
    }
  }
}
