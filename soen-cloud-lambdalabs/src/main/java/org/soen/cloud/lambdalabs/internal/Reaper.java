package org.soen.cloud.lambdalabs.internal;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.ReapReport;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;

/**
 * Finds the {@code soen-*} instances on every Lambda account this journal's jobs used and ends
 * those nobody will: its own instances whose job ended or whose launcher is gone (see
 * {@link Abandonment}), and any instance, whoever launched it, past its own deadline. Instances
 * of another journal (their {@value Provisioner#OWNER_TAG} tag) are listed with their owner and
 * deadline and left running: someone else's launcher drives them.
 *
 * <p>Each job's accounts are read from its stored configuration (API URL and key), so a job
 * launched against an API given only in its YAML is found there.
 */
final class Reaper {
  private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
  static final String NAME_PREFIX = "soen-";

  private final BackendContext ctx;
  private final LambdaClients clients;
  private final Predicate<String> drivenHere;
  private final Abandonment abandonment;

  Reaper(BackendContext ctx, LambdaClients clients, Predicate<String> drivenHere, Abandonment abandonment) {
    this.ctx = ctx;
    this.clients = clients;
    this.drivenHere = drivenHere;
    this.abandonment = abandonment;
  }

  /** A {@code soen-*} instance still up, seen through the client of the account it runs in. */
  private record Found(LambdaInstance instance, LambdaApi api) {
    String owner() {
      return instance.tags().get(Provisioner.OWNER_TAG);
    }

    Optional<Instant> deadline() {
      try {
        return Optional.ofNullable(instance.tags().get(Provisioner.DEADLINE_TAG)).map(Long::parseLong)
            .map(Instant::ofEpochSecond);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    String describe() {
      return "Lambda instance " + instance.id() + " (" + instance.name() + ", " + instance.instanceType() + " in "
          + instance.region() + ")";
    }

    String ownerAndDeadline() {
      return "owner " + Optional.ofNullable(owner()).orElse("unknown (no " + Provisioner.OWNER_TAG + " tag)")
          + ", deadline " + deadline().map(Instant::toString).orElse("none");
    }
  }

  /** Ends what nobody will end (unless {@code dryRun}); reports each instance ended or left to its owner. */
  ReapReport reap(boolean dryRun) {
    ReapReport.Builder out = ReapReport.builder().dryRun(dryRun);
    Instant now = ctx.clock().instant();
    String me = ctx.journal().owner();
    List<JobRecord> records = lambdaRecords();
    for (Found f : instances(records)) {
      LambdaInstance i = f.instance();
      Optional<JobRecord> r = records.stream()
          .filter(j -> i.id().equals(j.providerState().get(Keys.INSTANCE_ID)) || i.name().equals(j.id())).findFirst();
      boolean ours = f.owner() != null ? f.owner().equals(me) : r.isPresent();
      if (r.isPresent() && drivenHere.test(r.get().id())) {
        continue;
      }
      String why;
      if (f.deadline().isPresent() && !now.isBefore(f.deadline().get())) {
        why = "it is past its deadline " + f.deadline().get() + (ours ? "" : " (" + f.ownerAndDeadline() + ")");
      } else if (!ours) {
        out.addLeftRunning(ReapReport.LeftRunning.of(LambdaBackend.PROVIDER, f.describe(), Optional.ofNullable(f.owner()),
            f.deadline(), "it belongs to someone else"));
        continue;
      } else if (r.isEmpty()) {
        why = "this journal launched it but has no entry for it";
      } else if (LambdaBackend.isEnded(r.get())) {
        why = "its job " + r.get().id() + " ended " + LambdaBackend.stateOf(r.get());
      } else {
        Optional<String> gone = abandonment.why(r.get(), now);
        if (gone.isEmpty()) {
          continue;
        }
        why = gone.get();
      }
      out.addReleased(ReapReport.Released.of(LambdaBackend.PROVIDER, f.describe(), why));
      if (!dryRun) {
        terminate(f, r, why);
      }
    }
    return out.build();
  }

  /**
   * The {@code soen-*} instances of other journals, as {@code list} shows them: the team's view of
   * the account, each {@link JobStatus#foreign()} with its owner tag as {@link JobStatus#owner()}.
   */
  List<JobStatus> othersInstances() {
    String me = ctx.journal().owner();
    List<JobRecord> records = lambdaRecords();
    List<JobStatus> out = new ArrayList<>();
    Instant now = ctx.clock().instant();
    for (Found f : instances(records)) {
      LambdaInstance i = f.instance();
      boolean inJournal = records.stream()
          .anyMatch(j -> i.id().equals(j.providerState().get(Keys.INSTANCE_ID)) || i.name().equals(j.id()));
      if (me.equals(f.owner()) || (f.owner() == null && inJournal)) {
        continue;
      }
      JobStatus.Builder b = JobStatus.builder().jobId(i.name()).provider(LambdaBackend.PROVIDER)
          .state(i.status().equals("booting") ? JobState.PROVISIONING : JobState.RUNNING)
          .detail(i.status() + " / instance " + i.id() + ", deadline " + f.deadline().map(Instant::toString).orElse("none"))
          .foreign(true).observedAt(now);
      Optional.ofNullable(f.owner()).ifPresent(b::owner);
      out.add(b.build());
    }
    return out;
  }

  private void terminate(Found f, Optional<JobRecord> r, String why) {
    LambdaInstance i = f.instance();
    Provisioner.Terminated done = new Provisioner(f.api(), ctx.clock(), ctx.sleeper()).terminate(i.id());
    r.ifPresent(rec -> {
      Map<String, String> m = new HashMap<>(Map.of(Keys.T_TERMINATED, done.confirmedAt().toString(),
          Keys.INSTANCE_STATUS, done.status()));
      boolean ended = LambdaBackend.isEnded(rec);
      if (!ended) {
        m.put(Keys.OUTCOME, "failed");
        m.put(Keys.MESSAGE, "the reaper terminated instance " + i.id() + ": " + why);
      }
      ctx.journal().putProviderState(rec.id(), m);
      if (!ended) {
        ctx.journal().recordState(rec.id(), JobState.FAILED);
      }
    });
  }

  private List<JobRecord> lambdaRecords() {
    return ctx.journal().all().stream().filter(r -> r.handle().provider().equals(LambdaBackend.PROVIDER)).toList();
  }

  /**
   * Every {@code soen-*} instance that is up, on each account the journal's jobs used (their stored
   * API URL and key), each instance once; the default account (settings and environment of today)
   * stands in when no job's stored settings can be read. Without any API key nothing can be
   * listed: that fails only when a Lambda job of this journal has not ended. An account that cannot
   * be listed fails the whole only when it is the only one.
   */
  private List<Found> instances(List<JobRecord> records) {
    List<LambdaSettings> settings = new ArrayList<>();
    for (JobRecord r : records) {
      try {
        ctx.journal().config(r.id()).map(LambdaSettings::of).ifPresent(settings::add);
      } catch (SoenCloudException e) {
        LOG.debug("the stored configuration of {} cannot be read ({}); the default account stands in", r.id(),
            Errors.describe(e));
      }
    }
    if (settings.isEmpty()) {
      settings.add(LambdaSettings.defaults());
    }
    Map<String, LambdaApi> accounts = new LinkedHashMap<>();
    CredentialsException noKey = null;
    for (LambdaSettings s : settings) {
      try {
        URI url = clients.apiUrl(s);
        String key = clients.apiKey(s.apiKey());
        accounts.computeIfAbsent(url + "\n" + key, k -> clients.api(url, key));
      } catch (CredentialsException e) {
        noKey = noKey == null ? e : noKey;
      }
    }
    if (accounts.isEmpty() && noKey != null) {
      if (records.stream().anyMatch(r -> !LambdaBackend.isEnded(r))) {
        throw noKey;
      }
      return List.of();
    }
    List<Found> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (LambdaApi api : accounts.values()) {
      List<LambdaInstance> listed;
      try {
        listed = api.listInstances();
      } catch (SoenCloudException e) {
        if (accounts.size() == 1) {
          throw e;
        }
        LOG.warn("cannot list the Lambda instances of one of this journal's accounts: {}", Errors.describe(e));
        continue;
      }
      for (LambdaInstance i : listed) {
        if (i.name().startsWith(NAME_PREFIX) && !i.status().equals("terminated") && !i.status().equals("terminating")
            && seen.add(i.id())) {
          out.add(new Found(i, api));
        }
      }
    }
    return out;
  }
}
