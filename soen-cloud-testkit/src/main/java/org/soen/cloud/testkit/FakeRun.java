package org.soen.cloud.testkit;

import java.time.Duration;
import java.time.Instant;
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
    return snapshot(now);
  }

  /** Stop at {@code now}; a no-op once the job has ended. */
  JobStatus stop(Instant now) {
    stopCalls++;
    if (!state.isTerminal() && stoppingPollsLeft < 0) {
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

  /** The log lines visible now: every scripted line once the job has run. */
  List<LogLine> visibleLines() {
    if (startedAt == null) {
      return List.of();
    }
    return script.logLines().stream().map(l -> LogLine.of(startedAt, "stdout", l)).toList();
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
