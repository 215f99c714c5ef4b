package org.soen.examples.quickstart;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostReport;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobFailedException;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.PhaseCost;

/**
 * The quickstart: load {@code train.yaml}, estimate, submit to the {@code local} provider, stream
 * the epochs, report the cost next to what the cloud would charge, and bring the model back.
 */
public final class Quickstart {
  private final PrintStream out;

  Quickstart(PrintStream out) {
    this.out = out;
  }

  /** {@code Quickstart [train.yaml] [artifact folder]}. */
  public static void main(String[] args) {
    Path yaml = Path.of(args.length > 0 ? args[0] : "train.yaml");
    Path artifacts = Path.of(args.length > 1 ? args[1] : "target/quickstart-artifacts");
    Quickstart quickstart = new Quickstart(System.out);
    try (CloudTrainer trainer = CloudTrainer.builder()
        .listener(quickstart::onEvent)
        .pollInterval(Duration.ofMillis(200))
        .build()) {
      quickstart.run(trainer, yaml, artifacts);
    }
  }

  JobStatus run(CloudTrainer trainer, Path yaml, Path artifactDir) {
    CloudConfig config = trainer.loadConfig(yaml);
    CostEstimate estimate = trainer.estimate(config);
    JobHandle job = trainer.submit(config);
    printSummary(config, estimate, job);

    JobStatus done = trainer.await(job);
    out.println();
    out.println("  Final state: " + done.state() + done.message().map(m -> " (" + m + ")").orElse(""));
    trainer.costReport(job).ifPresent(this::printCost);
    List<Path> files = trainer.download(job, artifactDir);
    out.println("  Artifacts in " + artifactDir.toAbsolutePath().normalize() + ":");
    files.forEach(f -> out.println("    " + artifactDir.toAbsolutePath().normalize().relativize(f.toAbsolutePath().normalize())));
    if (done.state() != JobState.COMPLETED) {
      throw new JobFailedException(done);
    }
    return done;
  }

  private void printSummary(CloudConfig config, CostEstimate estimate, JobHandle job) {
    String line = "=".repeat(64);
    out.println(line);
    out.println("  Job submitted: " + job.id());
    out.println(line);
    out.println("  Provider: " + job.provider());
    out.println("  Instance: " + config.instance().instanceType().orElse("local") + " x "
        + config.instance().instanceCount());
    out.println("  Staging:  " + job.stagingUri().orElse("-"));
    out.println("  Estimate: " + estimate.totalUsd().map(t -> "$" + t).orElse("price unknown") + " here; the same "
        + estimate.hours().toPlainString() + " h elsewhere:");
    for (CostEstimate c : estimate.comparisons()) {
      out.println("            " + c.provider() + " " + c.instanceType() + " "
          + c.onDemandTotalUsd().map(t -> "$" + t).orElse("price unknown") + c.spotTotalUsd().map(s -> " (spot $" + s + ")").orElse(""));
    }
    out.println();
    out.println("  Monitor with:");
    out.println("    soen-cloud status " + job.id());
    out.println("    soen-cloud logs " + job.id() + " -f");
    out.println(line);
  }

  private void printCost(CostReport report) {
    out.println("  Cost:        $" + report.totalUsd() + " (" + report.source() + ", "
        + seconds(report.billable()) + ")");
    for (PhaseCost p : report.phases()) {
      out.println("    " + String.format(Locale.ROOT, "%-9s", p.phase()) + seconds(p.duration()) + "  $" + p.usd());
    }
    for (CostEstimate c : report.comparisons()) {
      out.println("    on " + c.provider() + " " + c.instanceType() + c.onDemandHourlyUsd()
          .map(h -> " at $" + h + "/h this run would cost $" + c.onDemandTotalUsd().orElseThrow())
          .orElse(": price unknown"));
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  void onEvent(JobEvent event) {
    switch (event.kind()) {
      case STATE -> out.println("  [" + event.state().orElseThrow() + "] " + event.message());
      case LOG -> out.println("  | " + event.message());
      case NOTICE -> out.println("  note: " + event.message());
      case PROGRESS -> out.println("  " + event.message());
      case METRICS -> { }
    }
  }
}
