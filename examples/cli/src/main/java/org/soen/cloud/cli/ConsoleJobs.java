package org.soen.cloud.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobStatus;
import org.soen.cloud.SoenCloudException;

/**
 * The Jobs tab's endpoints: every job of the journal, one job with its cost report, its live
 * events (server-sent events), stop, attach and download. A job is followed with
 * {@link CloudTrainer#await}, as {@code attach} follows it, in one background task per job, whose
 * events {@link ConsoleFeeds} keeps; nothing of a job's state lives only in the console, so a
 * restarted console finds every job in the journal and follows it again from its first log line.
 */
final class ConsoleJobs {
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final CloudTrainer trainer;
  private final ConsoleFeeds feeds;
  private final ExecutorService executor;
  private final Path home;
  private final Map<String, Future<?>> followers = new ConcurrentHashMap<>();

  ConsoleJobs(CloudTrainer trainer, ConsoleFeeds feeds, ExecutorService executor, Path home) {
    this.trainer = trainer;
    this.feeds = feeds;
    this.executor = executor;
    this.home = home;
  }

  /**
   * {@code GET /api/jobs}: every job of the journal, newest first, with its state, times, provider
   * and cost (so far, or its report once ended). With {@code ?provider=P}, that provider's jobs,
   * the team's in its account among them ({@link CloudTrainer#list(String)}); without it no
   * provider's account is asked.
   */
  void list(ConsoleCall call) throws IOException {
    Optional<String> provider = call.query("provider");
    List<JobStatus> statuses = provider.isPresent() ? trainer.list(provider.get()) : trainer.list();
    List<Map<String, Object>> jobs = statuses.stream().map(s -> {
      Map<String, Object> m = Views.status(s);
      if (!s.foreign()) {
        journalHandle(s.jobId()).ifPresent(h -> {
          m.put("submitted_at", h.submittedAt().toString());
          costs(h, s, m);
        });
      }
      return m;
    }).collect(Collectors.toList());
    Map<String, Object> m = new LinkedHashMap<>();
    provider.ifPresent(p -> m.put("provider", p));
    m.put("jobs", jobs);
    m.put("providers", trainer.operations().providerIds());
    call.json(200, m);
  }

  private Optional<JobHandle> journalHandle(String jobId) {
    try {
      return Optional.of(trainer.handle(jobId));
    } catch (SoenCloudException e) {
      return Optional.empty();
    }
  }

  /** {@code GET /api/jobs/ID}: the handle, the current status, and its cost so far or its cost report. */
  void show(ConsoleCall call) throws IOException {
    JobHandle handle = handle(call.pathPart(1));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", Views.handle(handle));
    JobStatus status = trainer.status(handle);
    m.put("status", Views.status(status));
    costs(handle, status, m);
    call.json(200, m);
  }

  /**
   * Puts in {@code m} a running job's cost so far beside its budget as {@code cost_so_far}, or an
   * ended job's cost report as {@code cost} once there is one; a cost that cannot be read is left
   * out, and {@code cost_unavailable} says why.
   */
  private void costs(JobHandle handle, JobStatus status, Map<String, Object> m) {
    try {
      if (status.state().isTerminal()) {
        trainer.costReport(handle).ifPresent(r -> m.put("cost", Views.cost(r)));
      } else {
        m.put("cost_so_far", Views.costSoFar(trainer.costSoFar(handle)));
      }
    } catch (SoenCloudException e) {
      m.put("cost_unavailable", e.getMessage());
    }
  }

  /** {@code POST /api/jobs/ID/stop}: stops the job, waiting as {@code soen-cloud stop} does. */
  void stop(ConsoleCall call) throws IOException {
    JobStatus status = trainer.stop(handle(call.pathPart(1)));
    call.json(200, Views.status(status));
  }

  /** {@code POST /api/jobs/ID/attach}: takes over a job whose launcher died, and follows it. */
  void attach(ConsoleCall call) throws IOException {
    JobHandle attached = trainer.attach(trainer.adopt(call.pathPart(1)));
    follow(attached.id());
    call.json(200, Views.handle(attached));
  }

  /**
   * {@code POST /api/jobs/ID/download}: copies the artifacts to {@code $SOEN_HOME/jobs/ID/artifacts},
   * as {@code download} does without {@code -o}.
   */
  void download(ConsoleCall call) throws IOException {
    String id = call.pathPart(1);
    Path target = BaseCommand.defaultArtifacts(home, handle(id).id());
    List<Path> files = trainer.download(handle(id), target);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", id);
    m.put("directory", target.toString());
    m.put("files", files.stream().map(Path::toString).collect(Collectors.toList()));
    call.json(200, m);
  }

  /**
   * {@code GET /api/jobs/ID/events}: the job's events as server-sent events, from the first (or
   * after {@code Last-Event-ID} when the browser reconnects) until the job has ended.
   */
  void events(ConsoleCall call) throws IOException {
    String id = handle(call.pathPart(1)).id();
    follow(id);
    long after = lastEventId(call);
    ConsoleFeeds.Feed feed = feeds.feed(id);
    call.exchange().getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    call.exchange().getResponseHeaders().set("Cache-Control", "no-store");
    call.exchange().sendResponseHeaders(200, 0);
    try (OutputStream out = call.exchange().getResponseBody()) {
      while (true) {
        List<ConsoleFeeds.Entry> entries = feed.after(after, HEARTBEAT);
        StringBuilder b = new StringBuilder();
        for (ConsoleFeeds.Entry e : entries) {
          b.append("id: ").append(e.id()).append('\n').append("event: ").append(e.kind()).append('\n')
              .append("data: ").append(Output.jsonText(e.data()).replace("\n", "")).append("\n\n");
          after = e.id();
        }
        if (entries.isEmpty()) {
          b.append(": still here\n\n");
        }
        out.write(call.redactor().redact(b.toString()).getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (entries.isEmpty() && feed.ended()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException gone) {
      // The page was closed or reloaded; it reconnects with the last id it saw.
    }
  }

  private static long lastEventId(ConsoleCall call) {
    String last = call.exchange().getRequestHeaders().getFirst("Last-Event-ID");
    try {
      return last == null ? 0 : Long.parseLong(last.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Follows {@code id} in the background unless it is followed already. */
  void follow(String id) {
    ConsoleFeeds.Feed feed = feeds.feed(id);
    followers.compute(id, (key, running) -> {
      if (running != null && !(running.isDone() && failed(feed))) {
        return running;
      }
      feed.reopen();
      return executor.submit(() -> followToEnd(key, feed));
    });
  }

  private static boolean failed(ConsoleFeeds.Feed feed) {
    List<ConsoleFeeds.Entry> all = feed.all();
    return !all.isEmpty() && all.get(all.size() - 1).kind().equals("failed");
  }

  private void followToEnd(String id, ConsoleFeeds.Feed feed) {
    try {
      JobStatus last = trainer.await(trainer.handle(id));
      feed.end(last.state().isTerminal() ? "end" : "failed", Views.status(last));
    } catch (RuntimeException e) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("message", "stopped following " + id + ": " + e.getMessage() + " (reload the page to follow it again)");
      feed.end("failed", m);
    }
  }

  private JobHandle handle(String id) {
    try {
      return trainer.handle(id);
    } catch (org.soen.cloud.NotFoundException e) {
      throw new UnknownJobException(e);
    }
  }
}
