package org.soen.cloud.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostReport;
import org.soen.cloud.CostSoFar;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobStatus;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.ReapReport;
import org.soen.cloud.SettingOrigin;

/** The {@code --json} shapes: snake_case keys, ISO-8601 times, seconds for durations, USD as numbers. */
final class Views {
  private Views() {}

  static Map<String, Object> handle(JobHandle h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", h.id());
    m.put("provider", h.provider());
    m.put("submitted_at", h.submittedAt().toString());
    h.providerJobId().ifPresent(v -> m.put("provider_job_id", v));
    h.stagingUri().ifPresent(v -> m.put("staging_uri", v));
    h.region().ifPresent(v -> m.put("region", v));
    h.consoleUrl().ifPresent(v -> m.put("console_url", v));
    m.put("details", new LinkedHashMap<>(h.details()));
    return m;
  }

  static Map<String, Object> status(JobStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", s.jobId());
    m.put("provider", s.provider());
    m.put("state", s.state().name());
    m.put("terminal", s.state().isTerminal());
    m.put("detail", s.detail());
    s.message().ifPresent(v -> m.put("message", v));
    s.exitCode().ifPresent(v -> m.put("exit_code", v));
    m.put("observed_at", s.observedAt().toString());
    s.startedAt().ifPresent(v -> m.put("started_at", v.toString()));
    s.endedAt().ifPresent(v -> m.put("ended_at", v.toString()));
    if (s.foreign()) {
      m.put("foreign", true);
      s.owner().ifPresent(v -> m.put("owner", v));
    }
    return m;
  }

  /** How a job not in this journal is marked, in words. */
  static final String FOREIGN = "a teammate's, another machine's, or from a lost journal";

  /** Who owns the job, for the table: this journal, or the owning journal's identity. */
  static String owner(JobStatus s) {
    return !s.foreign() ? "this journal" : s.owner().orElse("unknown (untagged)");
  }

  static Map<String, Object> estimate(CostEstimate e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", e.provider());
    m.put("instance_type", e.instanceType());
    m.put("instance_count", e.instanceCount());
    m.put("price_known", e.priceKnown());
    e.missingPrice().ifPresent(v -> m.put("missing_price", v));
    e.onDemandHourlyUsd().ifPresent(v -> m.put("on_demand_hourly_usd", v));
    e.spotHourlyUsd().ifPresent(v -> m.put("spot_hourly_usd", v));
    m.put("hours", e.hours());
    m.put("hours_basis", e.hoursBasis().name().toLowerCase(java.util.Locale.ROOT));
    e.onDemandTotalUsd().ifPresent(v -> m.put("on_demand_total_usd", v));
    e.spotTotalUsd().ifPresent(v -> m.put("spot_total_usd", v));
    e.totalUsd().ifPresent(v -> m.put("total_usd", v));
    e.budgetUsd().ifPresent(v -> m.put("budget_usd", v));
    e.priceSource().ifPresent(v -> m.put("price_source", v));
    e.priceDate().ifPresent(v -> m.put("price_date", v.toString()));
    if (!e.comparisons().isEmpty()) {
      m.put("comparisons", e.comparisons().stream().map(Views::estimate).collect(Collectors.toList()));
    }
    return m;
  }

  /** {@code $1.01/h -> $2.02}, or {@code price unknown} for an estimate without a price. */
  static String hourlyAndTotal(CostEstimate e) {
    return e.priceKnown() ? Output.hourly(e.onDemandHourlyUsd().orElseThrow()) + "/h -> "
        + Output.usd(e.totalUsd().orElseThrow()) : "price unknown";
  }

  static Map<String, Object> cost(CostReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", r.jobId());
    m.put("provider", r.provider());
    m.put("instance_type", r.instanceType());
    m.put("instance_count", r.instanceCount());
    m.put("hourly_usd", r.hourlyUsd());
    m.put("billable_seconds", r.billable().getSeconds());
    m.put("phases", r.phases().stream().map(p -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("phase", p.phase());
      pm.put("seconds", p.duration().getSeconds());
      pm.put("usd", p.usd());
      return pm;
    }).collect(Collectors.toList()));
    m.put("total_usd", r.totalUsd());
    r.spotSavingsUsd().ifPresent(v -> m.put("spot_savings_usd", v));
    m.put("source", r.source());
    if (!r.comparisons().isEmpty()) {
      m.put("comparisons", r.comparisons().stream().map(Views::estimate).collect(Collectors.toList()));
    }
    return m;
  }

  static Map<String, Object> costSoFar(CostSoFar c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", c.jobId());
    m.put("instance_type", c.instanceType());
    m.put("instance_count", c.instanceCount());
    m.put("as_of", c.asOf().toString());
    m.put("elapsed_seconds", c.elapsed().getSeconds());
    m.put("price_known", c.priceKnown());
    c.hourlyUsd().ifPresent(v -> m.put("hourly_usd", v));
    c.totalUsd().ifPresent(v -> m.put("total_usd", v));
    c.budgetUsd().ifPresent(v -> m.put("budget_usd", v));
    c.priceSource().ifPresent(v -> m.put("price_source", v));
    c.priceDate().ifPresent(v -> m.put("price_date", v.toString()));
    c.missingPrice().ifPresent(v -> m.put("missing_price", v));
    return m;
  }

  static Map<String, Object> price(InstancePrice p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", p.provider());
    m.put("instance_type", p.instanceType());
    m.put("gpu", p.gpu());
    m.put("on_demand_usd_per_hour", p.onDemandHourlyUsd());
    p.spotHourlyUsd().ifPresent(v -> m.put("spot_usd_per_hour", v));
    m.put("source", p.source());
    m.put("as_of", p.asOf().toString());
    return m;
  }

  static Map<String, Object> check(PreflightCheck c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("passed", c.passed());
    m.put("detail", c.detail());
    c.fix().ifPresent(v -> m.put("fix", v));
    return m;
  }

  static Map<String, Object> reap(ReapReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dry_run", r.dryRun());
    m.put(r.dryRun() ? "would_release" : "released", r.released().stream().map(x -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("provider", x.provider());
      e.put("resource", x.resource());
      e.put("why", x.why());
      return e;
    }).toList());
    m.put("left_running", r.leftRunning().stream().map(x -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("provider", x.provider());
      e.put("resource", x.resource());
      x.owner().ifPresent(v -> e.put("owner", v));
      x.deadline().ifPresent(v -> e.put("deadline", v.toString()));
      e.put("why", x.why());
      return e;
    }).toList());
    return m;
  }

  static Map<String, Object> origin(SettingOrigin o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", o.key());
    m.put("value", o.displayValue());
    m.put("layer", o.layer().name().toLowerCase(java.util.Locale.ROOT));
    o.where().ifPresent(v -> m.put("where", v));
    return m;
  }

  /** {@code {"file", "saved"}}: the defaults file written and the settings saved in it. */
  static Map<String, Object> saved(Path file, Map<String, String> saved) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file.toString());
    m.put("saved", saved);
    return m;
  }

  static Map<String, Object> problem(ConfigProblem p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", p.source());
    m.put("key_path", p.keyPath());
    p.line().ifPresent(v -> m.put("line", v));
    p.column().ifPresent(v -> m.put("column", v));
    m.put("code", p.code());
    m.put("message", p.message());
    return m;
  }

  /**
   * {@code {"error": {"code", "message", "problems"?}, "exit_code"}}: {@code code} is the stable
   * error code of {@link ExitCodes.Code}, each problem carries its {@link ConfigProblem#code()}.
   */
  static Map<String, Object> error(String code, String message, List<ConfigProblem> problems, int exitCode) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    if (!problems.isEmpty()) {
      e.put("problems", problems.stream().map(Views::problem).collect(Collectors.toList()));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", e);
    m.put("exit_code", exitCode);
    return m;
  }

  static BigDecimal hours(java.time.Duration d) {
    return BigDecimal.valueOf(d.getSeconds()).divide(BigDecimal.valueOf(3600), 4, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros();
  }
}
