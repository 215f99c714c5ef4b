package org.soen.cloud.testkit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.testkit.internal.DataFiles;
import org.soen.cloud.testkit.internal.FakeArtifacts;
import org.soen.cloud.testkit.internal.FakeCost;
import org.soen.cloud.testkit.internal.FakePersona;
import org.soen.cloud.testkit.internal.StagedSecrets;

/**
 * What a {@link FakeTrainingBackend} remembers: the scripted outcomes, the submissions and the jobs
 * they made, behind one lock. Every trainer and stand-in of the fake shares it.
 */
final class FakeLedger {
  private final String id;
  private final Clock clock;
  private final PricingCatalog pricing;
  private final Object lock = new Object();
  private final Deque<FakeJob> script = new ArrayDeque<>();
  private final Deque<RecordedSubmission> untaken = new ArrayDeque<>();
  private final List<RecordedSubmission> submissions = new ArrayList<>();
  private final Map<String, FakeRun> runs = new LinkedHashMap<>();
  private FakeJob fallback;
  private boolean closed;

  FakeLedger(String id, Clock clock, PricingCatalog pricing) {
    this.id = id;
    this.clock = clock;
    this.pricing = pricing;
  }

  void enqueue(FakeJob outcome) {
    synchronized (lock) {
      script.addLast(outcome);
    }
  }

  void setFallback(FakeJob outcome) {
    synchronized (lock) {
      fallback = outcome;
    }
  }

  int scriptedOutcomesLeft() {
    synchronized (lock) {
      return script.size();
    }
  }

  RecordedSubmission takeSubmission() {
    synchronized (lock) {
      RecordedSubmission s = untaken.pollFirst();
      if (s == null) {
        throw new IllegalStateException("FakeTrainingBackend[" + id + "] has no submission to take: "
            + submissions.size() + " received, all taken");
      }
      return s;
    }
  }

  List<RecordedSubmission> submissions() {
    synchronized (lock) {
      return List.copyOf(submissions);
    }
  }

  int statusCalls(String jobId) {
    synchronized (lock) {
      return run(jobId).statusCalls();
    }
  }

  int stopCalls(String jobId) {
    synchronized (lock) {
      return run(jobId).stopCalls();
    }
  }

  /** Records {@code request} as {@code p} received it and starts its scripted outcome. */
  JobHandle submit(FakePersona p, SubmitRequest request, JobListener events) {
    FakeRun run;
    synchronized (lock) {
      requireOpen();
      CloudConfig config = request.config();
      if (runs.containsKey(request.jobName())) {
        throw new IllegalStateException("FakeTrainingBackend[" + id + "]: job "
            + request.jobName() + " was submitted twice; a provider must never launch a job twice");
      }
      FakeJob outcome = script.isEmpty() ? fallback : script.pollFirst();
      if (outcome == null) {
        throw new IllegalStateException("FakeTrainingBackend[" + id + "]: nothing scripted for"
            + " submission #" + submissions.size() + " (job " + request.jobName() + "); call"
            + " fake.enqueue(FakeJob.completesAfterPolls(1)) or another FakeJob before submitting");
      }
      StagedSecrets.requireNone("FakeTrainingBackend[" + id + "]", request);
      List<String> data = DataFiles.list(config);
      long bytes = DataFiles.bytes(config, data);
      SoenCloudException rejection = outcome.rejection().orElse(null);
      RecordedSubmission recorded = new RecordedSubmission(submissions.size(), request, data,
          bytes, rejection == null ? null : rejection.getClass().getSimpleName() + ": "
              + rejection.getMessage());
      submissions.add(recorded);
      untaken.addLast(recorded);
      if (rejection != null) {
        throw rejection;
      }
      JobHandle handle = JobHandle.builder()
          .id(request.jobName())
          .provider(p.id())
          .submittedAt(request.submittedAt())
          .providerJobId("fake-" + recorded.sequence())
          .stagingUri("fake://" + config.project() + "/" + config.experiment() + "/"
              + request.jobName() + "/")
          .putDetails("instance_type", config.instance().instanceType()
              .orElse(p.defaultInstanceType()))
          .putDetails("data_files", Integer.toString(data.size()))
          .putDetails("data_bytes", Long.toString(bytes))
          .build();
      run = new FakeRun(handle, config, outcome, clock.instant());
      runs.put(handle.id(), run);
    }
    if (events != null) {
      long bytes = Long.parseLong(run.handle.details().get("data_bytes"));
      events.onEvent(JobEvent.builder().jobId(run.handle.id()).at(clock.instant())
          .kind(JobEvent.Kind.PROGRESS).bytesDone(bytes).bytesTotal(bytes)
          .message("staged the training config and " + run.handle.details().get("data_files")
              + " data files (" + bytes + " bytes) on the fake provider " + p.id()).build());
    }
    return run.handle;
  }

  JobHandle attach(JobHandle handle) {
    synchronized (lock) {
      requireOpen();
      return run(handle.id()).handle;
    }
  }

  JobStatus status(JobHandle handle) {
    synchronized (lock) {
      requireOpen();
      return run(handle.id()).poll(clock.instant());
    }
  }

  List<JobStatus> list(int limit) {
    synchronized (lock) {
      requireOpen();
      List<JobStatus> out = new ArrayList<>();
      runs.values().forEach(r -> out.add(0, r.snapshot(clock.instant())));
      return List.copyOf(out.subList(0, Math.max(0, Math.min(limit, out.size()))));
    }
  }

  JobStatus stop(JobHandle handle) {
    synchronized (lock) {
      requireOpen();
      return run(handle.id()).stop(clock.instant());
    }
  }

  LogPage logs(JobHandle handle, String cursor) {
    synchronized (lock) {
      requireOpen();
      FakeRun run = run(handle.id());
      List<LogLine> lines = run.visibleLines(clock.instant());
      int from = parseCursor(cursor, lines.size());
      boolean complete = run.state().isTerminal();
      return LogPage.of(lines.subList(from, lines.size()), Integer.toString(lines.size()),
          complete);
    }
  }

  List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    Map<String, byte[]> files;
    List<String> globs;
    synchronized (lock) {
      requireOpen();
      FakeRun run = run(handle.id());
      if (!run.state().isTerminal()) {
        throw new NotFoundException("job " + handle.id() + " has no artifacts yet: it is "
            + run.state() + "; await it first");
      }
      files = run.state() == JobState.COMPLETED ? run.script.artifacts() : Map.of();
      globs = run.config.artifacts();
    }
    return FakeArtifacts.write(handle.id(), files, globs, targetDirectory);
  }

  /** The cost report of an ended job, priced by the persona its handle names. */
  Optional<CostReport> costReport(JobHandle handle, Function<String, FakePersona> personas) {
    synchronized (lock) {
      requireOpen();
      FakeRun run = run(handle.id());
      if (!run.state().isTerminal()) {
        return Optional.empty();
      }
      FakePersona p = personas.apply(run.handle.provider());
      String type = run.config.instance().instanceType().orElse(p.defaultInstanceType());
      InstancePrice price = p.ownPrice(type).or(() -> pricing.find(p.id(), type))
          .orElseThrow(() -> new SoenCloudException("no price known for " + type + " on " + p.id()));
      LinkedHashMap<String, Duration> phases = new LinkedHashMap<>();
      phases.put("startup", run.timeIn(JobState.PROVISIONING).plus(run.timeIn(JobState.STAGING)));
      phases.put("training", run.timeIn(JobState.RUNNING));
      phases.put("download", run.timeIn(JobState.COLLECTING).plus(run.timeIn(JobState.STOPPING)));
      return Optional.of(FakeCost.report(handle.id(), p.id(),
          run.config.instance().instanceCount(), price, run.config.instance().useSpot(), phases));
    }
  }

  void close() {
    synchronized (lock) {
      closed = true;
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "FakeTrainingBackend[" + id + ", " + runs.size() + " jobs, " + script.size()
          + " scripted outcomes left]";
    }
  }

  private FakeRun run(String jobId) {
    FakeRun run = runs.get(jobId);
    if (run == null) {
      throw new NotFoundException("FakeTrainingBackend[" + id + "] has no job " + jobId
          + "; it knows " + runs.keySet());
    }
    return run;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("FakeTrainingBackend[" + id + "] is closed");
    }
  }

  private static int parseCursor(String cursor, int size) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      int from = Integer.parseInt(cursor);
      if (from >= 0 && from <= size) {
        return from;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("log cursor \"" + cursor + "\" is not one this fake gave"
        + " out; pass \"\" or the cursor of the previous page");
  }
}
