package org.soen.cloud.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.JobHandle;
import org.soen.cloud.SoenCloudException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code soen-cloud train}: validate, estimate, submit, follow, report. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Validate, estimate, submit and follow a training job to the end.",
        "Prints phases, progress, the job's log, epoch metrics, the final state, the cost and the artifacts.",
        "Ctrl-C stops the job (nothing paid is left running) and exits 130."})
final class TrainCommand extends PricedCommand {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The training YAML with a cloud: section.")
  Path config;

  @Option(names = "--estimate", description = "Print the cost estimate and submit nothing.")
  boolean estimateOnly;

  @Option(names = "--detach", description = "Return once the job runs on its own (on Lambda: once the training command started on the instance); follow later with attach or logs -f.")
  boolean detach;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Where artifacts go (default: $SOEN_HOME/jobs/<job id>/artifacts).")
  Path output;

  @Override
  int execute() {
    Path file = ctx.workingDirectory().resolve(config);
    if (estimateOnly && detach) {
      throw usage(ExitCodes.Code.USAGE_CONFLICTING_FLAGS,
          "--estimate submits nothing, so it cannot be combined with --detach");
    }
    Map<String, String> overrides = SettingFlags.overrides(spec);
    Follower follower = new Follower(out());
    Map<String, Object> result = new LinkedHashMap<>();
    try (CloudTrainer trainer = trainer(follower)) {
      CloudConfig cloud = trainer.resolveConfig(file, overrides).config();
      if (!estimateOnly) {
        // Every check of the submission first: a config that cannot be submitted reaches no
        // provider, not even for a price.
        trainer.validate(cloud);
      }
      CostEstimate estimate = trainer.estimate(cloud);
      result.put("estimate", Views.estimate(estimate));
      if (estimateOnly) {
        result.put("submitted", false);
        if (out().json()) {
          out().json(result);
        } else {
          printEstimate(estimate, cloud);
          out().line("Nothing was submitted (--estimate).");
        }
        return ExitCodes.OK;
      }
      reapFirst(trainer);
      JobHandle job = trainer.submit(cloud);
      follower.follow(job.id());
      result.put("submitted", true);
      result.put("job", Views.handle(job));
      Path artifacts = artifactsFolder(job.id(), output);
      if (out().quiet()) {
        out().line("Job:         " + job.id());
      } else {
        printSummary(job, cloud, estimate, artifacts);
      }
      if (detach) {
        if (out().json()) {
          out().json(result);
        }
        return ExitCodes.OK;
      }
      return new JobRunner(ctx, out(), follower).follow(trainer, job, artifacts, result);
    }
  }

  /** Releases what dead launchers left running before spending more (design section 5). */
  private void reapFirst(CloudTrainer trainer) {
    try {
      List<String> reaped = trainer.operations().reap(false).released().stream().map(ReapCommand::released).toList();
      if (!reaped.isEmpty()) {
        out().info("Released what earlier runs left behind: " + String.join(", ", reaped));
      }
    } catch (SoenCloudException e) {
      out().warn("could not check for leftovers of earlier runs: " + e.getMessage()
          + " (run `soen-cloud reap --dry-run` to see them)");
    }
  }

  private void printEstimate(CostEstimate e, CloudConfig cloud) {
    Output o = out();
    o.line(o.bold("Cost estimate") + " for " + e.provider() + " " + e.instanceType()
        + (e.instanceCount() > 1 ? " x" + e.instanceCount() : ""));
    String basis = switch (e.hoursBasis()) {
      case EXPECTED -> "expected duration";
      case MAX_RUNTIME -> "max runtime";
      case BUDGET -> "what max_cost_usd allows";
    };
    o.line("  Hours:      " + e.hours().stripTrailingZeros().toPlainString() + " (" + basis + ")");
    if (!e.priceKnown()) {
      o.line("  Price:      " + o.bold("unknown") + " - " + e.missingPrice().orElseThrow());
      o.line("  This run:   cost unknown; the job can still be submitted (max_cost_usd needs a price)");
      return;
    }
    o.line("  On-demand:  " + Output.hourly(e.onDemandHourlyUsd().orElseThrow()) + "/h -> "
        + Output.usd(e.onDemandTotalUsd().orElseThrow()));
    if (e.spotHourlyUsd().isPresent()) {
      o.line("  Spot:       " + Output.hourly(e.spotHourlyUsd().get()) + "/h -> "
          + Output.usd(e.spotTotalUsd().orElseThrow()));
    }
    o.line("  This run:   " + o.bold(Output.usd(e.totalUsd().orElseThrow()))
        + (cloud.instance().useSpot() && e.spotHourlyUsd().isPresent() ? " (spot)" : " (on-demand)"));
    e.budgetUsd().ifPresent(b -> o.line("  Budget:     " + Output.usd(b)));
    o.line("  Prices:     " + e.priceSource().orElseThrow() + ", as of " + e.priceDate().orElseThrow());
    for (CostEstimate c : e.comparisons()) {
      o.line("  On " + c.provider() + " " + c.instanceType() + ": " + Views.hourlyAndTotal(c));
    }
  }

  /** The source document's summary block. */
  private void printSummary(JobHandle job, CloudConfig cloud, CostEstimate e, Path artifacts) {
    Output o = out();
    String rule = "=".repeat(60);
    o.line(rule);
    o.line("  Cloud job submitted: " + o.bold(job.id()));
    o.line(rule);
    o.line("  Provider: " + job.provider());
    o.line("  Instance: " + e.instanceType() + (e.instanceCount() > 1 ? " x" + e.instanceCount() : "")
        + (cloud.instance().useSpot() ? " (spot)" : ""));
    o.line("  Backend:  " + cloud.framework().configName());
    job.region().ifPresent(r -> o.line("  Region:   " + r));
    if (e.priceKnown()) {
      BigDecimal onDemand = e.onDemandHourlyUsd().orElseThrow();
      o.line("  Estimate: " + Output.usd(e.totalUsd().orElseThrow()) + " at most (" + Output.hourly(
          cloud.instance().useSpot() ? e.spotHourlyUsd().orElse(onDemand) : onDemand) + "/h)");
    } else {
      o.line("  Estimate: unknown (no price for " + e.instanceType() + "; give one with " + PricingOptions.FLAG + ")");
    }
    job.stagingUri().ifPresent(s -> o.line("  Staging:  " + s));
    o.line("  Artifacts: " + artifacts + (detach ? " (once `soen-cloud attach " + job.id()
        + (output != null ? " -o " + artifacts : "") + "` collects them)" : ""));
    job.consoleUrl().ifPresent(c -> {
      o.line("");
      o.line("  Console:  " + c);
    });
    o.line("");
    o.line("  Monitor with:");
    o.line("    soen-cloud status " + job.id());
    o.line("    soen-cloud logs -f " + job.id());
    o.line("    soen-cloud stop " + job.id());
    o.line(rule);
  }
}
