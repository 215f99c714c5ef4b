package org.soen.cloud.lambdalabs.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.lambdalabs.TerminatePolicy;

/**
 * The life of one job's instance: launched in a region with capacity (or found again by its name
 * after a launcher died before it learned the id), waited for until it is active with an IP, and
 * terminated with the termination confirmed, after the job's own SSH session is closed.
 */
final class InstanceLifecycle {
  private static final List<String> GONE = List.of("preempted", "terminated", "terminating", "unhealthy");

  private final LambdaApi api;
  private final Provisioner provisioner;
  private final Ledger ledger;
  private final JobSpec spec;
  private final JobControl control;
  private final RemoteSession session;
  private final Autodown autodown;

  InstanceLifecycle(LambdaApi api, Provisioner provisioner, Ledger ledger, JobSpec spec, JobControl control,
      RemoteSession session, Autodown autodown) {
    this.api = api;
    this.provisioner = provisioner;
    this.ledger = ledger;
    this.spec = spec;
    this.control = control;
    this.session = session;
    this.autodown = autodown;
  }

  /** The {@code LAUNCH} step. */
  void launch() {
    if (ledger.get(Keys.INSTANCE_ID).isPresent()) {
      return;
    }
    String name = ledger.jobId();
    // A launcher killed after the launch but before journaling it finds its instance by name.
    Optional<LambdaInstance> existing = ledger.get(Keys.INSTANCE_NAME).flatMap(provisioner::findOurs);
    if (existing.isPresent()) {
      LambdaInstance i = existing.get();
      ledger.put(Map.of(Keys.INSTANCE_ID, i.id(), Keys.REGION, i.region(), Keys.PRICE_CENTS,
          Integer.toString(i.priceCentsPerHour()), Keys.T_LAUNCH, ledger.get(Keys.T_LAUNCH_REQUESTED).orElseGet(ledger::now)));
      ledger.notice("found instance " + i.id() + " launched for this job by the launcher before");
      return;
    }
    List<InstanceTypeInfo> types = api.instanceTypes();
    InstanceTypeInfo type = types.stream().filter(t -> t.name().equals(spec.instanceType())).findFirst()
        .orElseThrow(() -> new ConfigurationException("instance.instance_type", "Lambda Cloud has no instance type "
            + spec.instanceType() + "; known: " + types.stream().map(InstanceTypeInfo::name).sorted().toList()));
    List<String> regions = spec.region() != null ? List.of(spec.region()) : type.regionsWithCapacity();
    if (regions.isEmpty() || (spec.region() != null && !type.regionsWithCapacity().contains(spec.region()))) {
      throw new CapacityException("Lambda Cloud has no capacity for " + spec.instanceType()
          + (spec.region() != null ? " in " + spec.region() : " in any region") + " right now; "
          + LambdaApi.regionsSummary(types)
          + ". Choose one of those (cloud.instance.instance_type, cloud.lambda.region) or try again later.");
    }
    Deadline deadline = Deadline.of(spec, ledger.instant(), type.priceCentsPerHour());
    Map<String, String> tags = new LinkedHashMap<>(spec.tags());
    tags.put(Provisioner.JOB_TAG, name);
    tags.put(Provisioner.OWNER_TAG, ledger.owner());
    tags.put(Provisioner.DEADLINE_TAG, deadline.tagValue());
    ledger.put(Map.of(Keys.INSTANCE_NAME, name, Keys.INSTANCE_TYPE, spec.instanceType(),
        Keys.DEADLINE, deadline.at().toString(), Keys.DEADLINE_WHY, deadline.why()));
    CapacityException last = null;
    for (String region : regions) {
      try {
        Provisioner.Launched l = provisioner.launch(region, spec.instanceType(), spec.sshKeyName(), name, tags,
            at -> ledger.put(Map.of(Keys.T_LAUNCH_REQUESTED, at.toString())));
        ledger.put(Map.of(Keys.INSTANCE_ID, l.instanceId(), Keys.REGION, region, Keys.PRICE_CENTS,
            Integer.toString(type.priceCentsPerHour()), Keys.T_LAUNCH, l.requestedAt().toString(), Keys.INSTANCE_STATUS, "booting"));
        ledger.notice((l.adopted() ? "found instance " + l.instanceId() + " by its name after an unclear launch answer: "
            : "launched ") + spec.instanceType() + " instance " + l.instanceId() + " in " + region + " ($"
            + BigDecimal.valueOf(type.priceCentsPerHour()).movePointLeft(2) + "/h)");
        return;
      } catch (CapacityException e) {
        last = e;
        ledger.notice("no capacity for " + spec.instanceType() + " in " + region + "; trying the next region");
      }
    }
    List<InstanceTypeInfo> now = api.instanceTypes();
    throw new CapacityException("Lambda Cloud has no capacity for " + spec.instanceType() + " in " + regions
        + " right now; " + LambdaApi.regionsSummary(now) + ".", last);
  }

  /** The {@code BOOT} step: waits until the instance is active with an IP. */
  void awaitBoot() {
    String id = ledger.require(Keys.INSTANCE_ID);
    Instant deadline = Instant.parse(ledger.require(Keys.T_LAUNCH)).plusSeconds(spec.bootTimeoutSeconds());
    while (true) {
      control.checkStop();
      LambdaInstance i = api.instance(id);
      ledger.put(Map.of(Keys.INSTANCE_STATUS, i.status()));
      if (i.status().equals("active") && i.ip().isPresent()) {
        ledger.put(Map.of(Keys.IP, i.ip().get(), Keys.SSH_PORT, Integer.toString(i.sshPort()), Keys.T_ACTIVE, ledger.now()));
        return;
      }
      if (GONE.contains(i.status())) {
        throw new ProviderException("instance " + i.id() + " is " + i.status() + " on Lambda Cloud", null);
      }
      if (!ledger.instant().isBefore(deadline)) {
        throw new ProviderException("instance " + id + " did not become active with an IP within "
            + Duration.ofSeconds(spec.bootTimeoutSeconds()).toMinutes() + " minutes (status " + i.status()
            + "); raise cloud.lambda.boot_timeout_minutes for large types", null);
      }
      control.sleep(LambdaJob.POLL);
    }
  }

  /** The {@code TERMINATE} step: terminates unless {@code cloud.lambda.terminate} is {@code never}. */
  void terminateStep() {
    if (TerminatePolicy.valueOf(spec.terminate()) == TerminatePolicy.NEVER) {
      autodown.keep();
      ledger.notice("instance " + ledger.get(Keys.INSTANCE_ID).orElse("?") + " is left running (cloud.lambda.terminate: never)");
    } else {
      terminateAndConfirm(ledger.require(Keys.INSTANCE_ID));
    }
  }

  /**
   * After a failure, a stop or a limit: terminates the instance ({@code terminate}) or says that it
   * is left running; a failure to terminate is told, not thrown.
   */
  void teardown(boolean terminate) {
    Optional<String> id = ledger.get(Keys.INSTANCE_ID);
    // No id but a name: the launch may have created an instance whose id never arrived.
    if ((id.isEmpty() && ledger.get(Keys.INSTANCE_NAME).isEmpty()) || ledger.get(Keys.T_TERMINATED).isPresent()) {
      return;
    }
    String which = id.map(i -> "instance " + i).orElse("the instance named " + ledger.jobId());
    if (!terminate) {
      id.ifPresent(i -> autodown.keep());
      id.ifPresent(i -> ledger.notice(which + " is left running (cloud.lambda.terminate: " + spec.terminate().toLowerCase()
          + "); it bills until you terminate it or run `soen-cloud reap`"));
      return;
    }
    try {
      terminateOwnInstance();
    } catch (RuntimeException e) {
      ledger.notice("could not terminate " + which + ": " + Errors.describe(e)
          + "; run `soen-cloud reap` or terminate it in the Lambda console");
    }
  }

  /** Terminates this job's instance, found by its journaled id or else by its name, and confirms it. */
  void terminateOwnInstance() {
    Optional<String> id = ledger.get(Keys.INSTANCE_ID)
        .or(() -> ledger.get(Keys.INSTANCE_NAME).flatMap(provisioner::findOurs).map(LambdaInstance::id));
    id.ifPresent(this::terminateAndConfirm);
  }

  private void terminateAndConfirm(String id) {
    // Our own session goes first: one still open when the machine goes away ends in a connection
    // reset, which the SSH client reports as a warning although nothing went wrong.
    session.close();
    Provisioner.Terminated t = provisioner.terminate(id);
    ledger.put(Map.of(Keys.INSTANCE_STATUS, t.status(), Keys.T_TERMINATED, t.confirmedAt().toString()));
    ledger.notice("terminated instance " + id);
  }
}
