package org.soen.cloud.lambdalabs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.soen.cloud.spi.JobRecord;

/**
 * Whether a job that has not ended was abandoned by its launcher. On the launcher's own host the
 * recorded process decides at once: gone (no such pid, or a pid reused by a process started at
 * another time) means abandoned, alive means driven. From another host only the heartbeat can
 * tell: silent for {@link #OTHER_HOST_SILENCE} means abandoned.
 */
final class Abandonment {
  /**
   * How long a launcher on another host may leave its heartbeat unrefreshed before its job counts
   * as abandoned. The driver beats every minute at each check (see {@link LambdaJob#BEAT}); ten
   * minutes allows for a long SSH action between two checks and for clocks that differ a little.
   */
  static final Duration OTHER_HOST_SILENCE = Duration.ofMinutes(10);

  private final LauncherProcess.Probe probe;
  private final String localHost;

  Abandonment(LauncherProcess.Probe probe, String localHost) {
    this.probe = probe;
    this.localHost = localHost;
  }

  /** Why {@code r}'s launcher counts as gone at {@code now}, or empty while it may still drive the job. */
  Optional<String> why(JobRecord r, Instant now) {
    Optional<LauncherProcess> launcher = LauncherProcess.of(r.providerState());
    if (launcher.isPresent() && launcher.get().host().equals(localHost)) {
      return launcher.get().isGone(probe)
          ? Optional.of("its launcher (" + launcher.get() + ", job " + r.id() + ") is gone")
          : Optional.empty();
    }
    Instant beat = Optional.ofNullable(r.providerState().get(Keys.HEARTBEAT)).map(Instant::parse)
        .filter(b -> b.isAfter(r.updatedAt())).orElse(r.updatedAt());
    if (Duration.between(beat, now).compareTo(OTHER_HOST_SILENCE) < 0) {
      return Optional.empty();
    }
    return Optional.of("its launcher" + launcher.map(l -> " (" + l + ")").orElse("") + " has not updated job "
        + r.id() + " since " + beat + ", more than " + OTHER_HOST_SILENCE.toMinutes() + " minutes");
  }
}
