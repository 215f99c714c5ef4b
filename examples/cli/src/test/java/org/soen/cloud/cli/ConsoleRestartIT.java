package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console keeps no job state of its own: a job submitted through one console keeps running when
 * that console ends, and the next console on the same home lists it, streams its log from the first
 * line (epoch metrics included) and stops it.
 */
class ConsoleRestartIT {
  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The SSE lines of {@code job} up to the first that contains {@code until}. */
  private static List<String> eventsUntil(ConsoleHarness console, String job, String until, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console.base() + "/api/jobs/" + job + "/events"))
        .header("Cookie", console.cookie()).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<Stream<String>> r = console.http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
    List<String> seen = new ArrayList<>();
    try (Stream<String> lines = r.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        seen.add(line);
        if (line.contains(until)) {
          return seen;
        }
      }
    }
    throw new AssertionError("the stream ended before " + until + ": " + seen);
  }

  @Test
  @DisplayName("a job outlives its console; the next console lists it, replays its log and metrics, and stops it")
  void job_outlivesTheConsole_andTheNextOneFollowsAndStopsIt() throws Exception {
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"));
    String job;
    try (ConsoleHarness first = ConsoleHarness.start(dir, env)) {
      ConsoleHarness.write(first.work.resolve("train.yaml"), """
          cloud:
            provider: local
            experiment: restart
            command: [sh, -c, 'i=1; while [ $i -le 900 ]; do echo "epoch $i/900 loss=0.$i"; i=$((i+1)); sleep 0.2; done']
            instance:
              max_runtime_hours: 0.25
          """);
      HttpResponse<String> submitted = first.post("/api/submit", "{\"path\": \"train.yaml\"}");
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
      job = JSON.readTree(submitted.body()).at("/job/id").asText();
      assertThat(eventsUntil(first, job, "epoch 2/900")).anyMatch(l -> l.equals("event: metrics"));
      assertThat(first.stop()).isZero();
    }

    try (ConsoleHarness second = ConsoleHarness.start(dir, env)) {
      JsonNode jobs = JSON.readTree(second.get("/api/jobs").body()).get("jobs");
      assertThat(jobs).anySatisfy(j -> {
        assertThat(j.get("job_id").asText()).isEqualTo(job);
        assertThat(j.get("state").asText()).isEqualTo("RUNNING");
      });
      List<String> replayed = eventsUntil(second, job, "epoch 4/900");
      assertThat(replayed).anyMatch(l -> l.contains("epoch 1/900")).anyMatch(l -> l.equals("event: metrics"));
      // A browser that lost the connection comes back with the last id it saw and gets what followed it.
      List<String> resumed = eventsUntil(second, job, "id: ", "Last-Event-ID", "5");
      assertThat(resumed.get(resumed.size() - 1)).isEqualTo("id: 6");

      HttpResponse<String> stopped = second.post("/api/jobs/" + job + "/stop", "{}");
      assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
      assertThat(JSON.readTree(stopped.body()).get("state").asText()).isEqualTo("STOPPED");
    }
  }
}
