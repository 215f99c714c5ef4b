package org.soen.cloud.lambdalabs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.Sleeper;

/**
 * Launches and terminates instances so that no answer, however unclear, leaves a second instance
 * billing or a termination unconfirmed.
 *
 * <p>A launch whose answer does not prove that nothing was created (no answer, a timeout, a
 * dropped connection, a 5xx, a success without exactly one id) is reconciled before any retry:
 * the instances are listed and one carrying the launch's name, or its {@value #JOB_TAG} tag, is
 * adopted. Only when a few looks find none is the launch sent again. A termination is confirmed
 * by reading the instance back: {@code terminated}, {@code terminating} or gone.
 */
final class Provisioner {
  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
  /** The tag naming the job an instance was launched for. */
  static final String JOB_TAG = "soen-job";
  /** The tag naming the journal that launched an instance ({@code JobJournal.owner()}): who may reap it early. */
  static final String OWNER_TAG = "soen-owner";
  /** The tag holding an instance's {@link Deadline}, in seconds since the epoch: after it anyone may reap it. */
  static final String DEADLINE_TAG = "soen-deadline";
  static final int MAX_LAUNCH_ATTEMPTS = 3;
  /** How many times an uncertain launch is looked for, {@link #LOOK_PAUSE} apart, before it counts as not made. */
  static final int LOOKS = 3;
  static final Duration LOOK_PAUSE = Duration.ofSeconds(5);
  static final int MAX_TERMINATE_REQUESTS = 3;
  static final Duration TERMINATE_TIMEOUT = Duration.ofMinutes(10);
  static final Duration POLL = Duration.ofSeconds(10);
  private static final List<String> ENDED = List.of("terminated", "terminating", "gone");

  private final LambdaApi api;
  private final Clock clock;
  private final Sleeper sleeper;

  Provisioner(LambdaApi api, Clock clock, Sleeper sleeper) {
    this.api = api;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * A launched (or adopted) instance.
   *
   * @param requestedAt when the launch that made it was requested: the first request whose answer
   *     was unclear when one was, else the request that was answered with the instance's id
   * @param adopted whether it was found by name after an unclear answer rather than named by one
   */
  record Launched(String instanceId, Instant requestedAt, boolean adopted) {}

  /**
   * Launches one instance named {@code name}. {@code requested} gets the moment of each launch
   * request sent while no unclear answer is pending, for the caller to keep: a launcher killed
   * before it learns the id finds the instance by name and still knows when it was asked for.
   * A refusal (capacity, quota, invalid parameters) is thrown as translated: it proves that no
   * instance was created.
   */
  Launched launch(String region, String type, String sshKeyName, String name, Map<String, String> tags,
      Consumer<Instant> requested) {
    Instant firstUnclear = null;
    LambdaApi.UncertainLaunch last = null;
    for (int attempt = 1; attempt <= MAX_LAUNCH_ATTEMPTS; attempt++) {
      Instant[] sentAt = {null};
      boolean fresh = firstUnclear == null;
      try {
        String id = api.launchOnce(region, type, sshKeyName, name, tags, t -> {
          sentAt[0] = t;
          if (fresh) {
            requested.accept(t);
          }
        });
        return new Launched(id, fresh ? sentAt[0] : firstUnclear, false);
      } catch (LambdaApi.UncertainLaunch unclear) {
        last = unclear;
        if (firstUnclear == null) {
          firstUnclear = sentAt[0] != null ? sentAt[0] : clock.instant();
        }
        LOG.info("the launch of {} may have created an instance ({}); looking for it before trying again", name,
            unclear.getMessage());
        Optional<LambdaInstance> found = lookFor(name);
        if (found.isPresent()) {
          LOG.info("adopting instance {}, found by the name {} after an unclear launch answer", found.get().id(), name);
          return new Launched(found.get().id(), firstUnclear, true);
        }
      }
    }
    throw new ProviderException("launching " + name + " failed: " + last.getMessage() + "; after "
        + MAX_LAUNCH_ATTEMPTS + " attempts no instance named " + name + " exists, so none bills", last);
  }

  /** The running instance launched under {@code name}: by its name, or by its {@value #JOB_TAG} tag. */
  Optional<LambdaInstance> findOurs(String name) {
    return api.listInstances().stream()
        .filter(i -> i.name().equals(name) || name.equals(i.tags().get(JOB_TAG)))
        .filter(i -> !ENDED.contains(i.status()))
        .findFirst();
  }

  /** The instance launched under {@code name}, looked for a few times, {@link #LOOK_PAUSE} apart. */
  Optional<LambdaInstance> lookFor(String name) {
    for (int look = 1; ; look++) {
      Optional<LambdaInstance> found;
      try {
        found = findOurs(name);
      } catch (SoenCloudException e) {
        throw new ProviderException("the launch of " + name + " got an unclear answer, and listing the instances to"
            + " find out whether it created one failed: " + Errors.describe(e) + "; run `soen-cloud reap` once"
            + " Lambda Cloud answers again, or check the Lambda console for an instance named " + name, e);
      }
      if (found.isPresent() || look >= LOOKS) {
        return found;
      }
      sleep(LOOK_PAUSE);
    }
  }

  /**
   * A confirmed termination.
   *
   * @param status what the instance read back as: {@code terminated}, {@code terminating} or {@code gone}
   * @param confirmedAt when it was read back so
   */
  record Terminated(String status, Instant confirmedAt) {}

  /**
   * Asks to terminate {@code id} and reads it back until it is {@code terminated},
   * {@code terminating} or gone, asking again (a few times) while a request failed and the
   * instance still runs.
   */
  Terminated terminate(String id) {
    int asked = 0;
    SoenCloudException failed = ask(id);
    asked++;
    Instant deadline = clock.instant().plus(TERMINATE_TIMEOUT);
    while (true) {
      String status;
      try {
        status = api.instance(id).status();
      } catch (NotFoundException e) {
        status = "gone";
      }
      if (ENDED.contains(status)) {
        return new Terminated(status, clock.instant());
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new ProviderException("instance " + id + " is still " + status + " " + TERMINATE_TIMEOUT.toMinutes()
            + " minutes after it was asked to terminate" + (failed != null ? " (the last request failed: "
            + Errors.describe(failed) + ")" : "") + "; terminate it in the Lambda console", failed);
      }
      if (failed != null && asked < MAX_TERMINATE_REQUESTS) {
        failed = ask(id);
        asked++;
      }
      sleep(POLL);
    }
  }

  /** One terminate request; the failure when it failed in a way that leaves the outcome open. */
  private SoenCloudException ask(String id) {
    try {
      api.terminate(id);
      return null;
    } catch (NotFoundException gone) {
      return null;
    } catch (ProviderException e) {
      LOG.debug("terminating {} failed ({}); reading it back", id, Errors.describe(e));
      return e;
    }
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SoenCloudException("interrupted while waiting for Lambda Cloud", e);
    }
  }
}
