package org.soen.cloud.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogLine;

/**
 * One job inside a {@link FakeTrainingBackend}: its script and how far it got. Guarded by the
 * fake's lock.
 */
final class FakeRun {
  final JobHandle handle;
  final CloudConfig config;
  final FakeJob script;
  private final Map<JobState, Duration> timeIn = new EnumMap<>(JobState.class);
  private int phase;
  private int pollsInPhase;
  private Instant phaseStart;
  private JobState state;
  private String detail;
  private String message;
  private Integer exitCode;
  private Instant startedAt;
  private Instant endedAt;
  private int statusCalls;
  private int stopCalls;
  private int stoppingPollsLeft = -1;
  private final List<LogLine> released = new ArrayList<>();

  FakeRun(JobHandle handle, CloudConfig config, FakeJob script, Instant now) {
    this.handle = handle;
    this.config = config;
    this.script = script;
    enter(0, now);
  }

  /** One status poll at {@code now}: moves through every phase that ended, then reports. */
  JobStatus poll(Instant now) {
    statusCalls++;
    if (stoppingPollsLeft >= 0) {
      if (stoppingPollsLeft == 0) {
        finishStop(now);
      } else {
        stoppingPollsLeft--;
      }
      return snapshot(now);
    }
    while (!state.isTerminal() && phase < script.phases().size()) {
      FakeJob.Phase p = script.phases().get(phase);
      boolean last = phase == script.phases().size() - 1;
      if (last && script.ending() == FakeJob.Ending.NEVER) {
        break;
      }
      Instant end;
      if (p.pollCounted()) {
        if (pollsInPhase < p.polls()) {
          break;
        }
        end = now;
      } else {
        end = phaseStart.plus(p.duration());
        if (now.isBefore(end)) {
          break;
        }
      }
      enter(phase + 1, end);
    }
    pollsInPhase++;
    release(now);
    return snapshot(now);
  }

  /** Stop at {@code now}; a no-op once the job has ended. */
  JobStatus stop(Instant now) {
    stopCalls++;
    if (!state.isTerminal() && stoppingPollsLeft < 0) {
      release(now);
      leave(now);
      phaseStart = now;
      if (script.stopPolls() > 0) {
        state = JobState.STOPPING;
        detail = "Stopping";
        stoppingPollsLeft = script.stopPolls();
      } else {
        finishStop(now);
      }
    }
    return snapshot(now);
  }

  private void finishStop(Instant now) {
    if (state == JobState.STOPPING) {
      leave(now);
    }
    stoppingPollsLeft = -1;
    state = JobState.STOPPED;
    detail = "Stopped";
    message = "stopped on request";
    endedAt = now;
  }

  JobStatus snapshot(Instant now) {
    JobStatus.Builder b = JobStatus.builder()
        .jobId(handle.id())
        .provider(handle.provider())
        .state(state)
        .detail(detail)
        .observedAt(now)
        .message(Optional.ofNullable(message))
        .exitCode(Optional.ofNullable(exitCode))
        .startedAt(Optional.ofNullable(startedAt))
        .endedAt(Optional.ofNullable(endedAt));
    return b.build();
  }

  /**
   * The log lines visible at {@code now}. Lines appear as training progresses: each RUNNING phase
   * weighs the same, and within one the share of its polls or of its duration gone by decides how
   * many lines are out. A completed or failed job has printed every line; a stopped one keeps what
   * it had; one that runs until stopped prints everything when it starts.
   */
  List<LogLine> visibleLines(Instant now) {
    release(now);
    return List.copyOf(released);
  }

  private void release(Instant now) {
    List<String> lines = script.logLines();
    if (startedAt == null || released.size() == lines.size() || state == JobState.STOPPED
        || stoppingPollsLeft >= 0) {
      return;
    }
    int target;
    if (state == JobState.COMPLETED || state == JobState.FAILED
        || script.ending() == FakeJob.Ending.NEVER) {
      target = lines.size();
    } else {
      target = (int) Math.floor(lines.size() * progress(now));
    }
    while (released.size() < target) {
      released.add(LogLine.of(now, "stdout", lines.get(released.size())));
    }
  }

  /** How far through its RUNNING phases the job is, from 0 to 1. */
  private double progress(Instant now) {
    List<FakeJob.Phase> phases = script.phases();
    int runningPhases = 0;
    double done = 0;
    for (int i = 0; i < phases.size(); i++) {
      FakeJob.Phase p = phases.get(i);
      if (p.state() != JobState.RUNNING) {
        continue;
      }
      runningPhases++;
      if (i < phase) {
        done += 1;
      } else if (i == phase) {
        if (p.pollCounted()) {
          done += p.polls() == 0 ? 1 : Math.min(1.0, (double) pollsInPhase / p.polls());
        } else {
          done += Math.min(1.0, (double) Duration.between(phaseStart, now).toMillis()
              / Math.max(1, p.duration().toMillis()));
        }
      }
    }
    return runningPhases == 0 ? 1 : done / runningPhases;
  }

  JobState state() {
    return state;
  }

  Optional<Instant> endedAt() {
    return Optional.ofNullable(endedAt);
  }

  Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  /** Time spent in {@code s}, closed phases only (the job must have ended for a full count). */
  Duration timeIn(JobState s) {
    return timeIn.getOrDefault(s, Duration.ZERO);
  }

  int statusCalls() {
    return statusCalls;
  }

  int stopCalls() {
    return stopCalls;
  }

  private void enter(int index, Instant at) {
    if (state != null) {
      leave(at);
    }
    phase = index;
    pollsInPhase = 0;
    phaseStart = at;
    if (index < script.phases().size()) {
      FakeJob.Phase p = script.phases().get(index);
      state = p.state();
      detail = p.detail();
      if (state == JobState.RUNNING && startedAt == null) {
        startedAt = at;
      }
      return;
    }
    endedAt = at;
    if (script.ending() == FakeJob.Ending.FAILED) {
      state = JobState.FAILED;
      detail = "Failed";
      message = script.failureReason().orElse("failed");
      exitCode = script.exitCode();
    } else {
      state = JobState.COMPLETED;
      detail = "Completed";
      exitCode = 0;
    }
  }

  private void leave(Instant at) {
    timeIn.merge(state, Duration.between(phaseStart, at), Duration::plus);
  }
}
