package org.soen.cloud.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.CostReport;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.PhaseCost;
import org.soen.cloud.SoenCloudException;

/**
 * Follows a submitted or attached job to its end, the way {@code train} and {@code attach} do:
 * Ctrl-C stops the job (so no paid instance is left behind) and exits 130; the final state, the
 * epoch metrics, the cost report and the artifacts' folder are printed.
 */
final class JobRunner {
  private final CliContext ctx;
  private final Output out;
  private final Follower follower;

  JobRunner(CliContext ctx, Output out, Follower follower) {
    this.ctx = ctx;
    this.out = out;
    this.follower = follower;
  }

  /** Follows {@code job}; {@code result} receives the JSON fields; returns the exit code. */
  int follow(CloudTrainer trainer, JobHandle job, Path artifacts, Map<String, Object> result) {
    follower.follow(job.id());
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean detached = new AtomicBoolean();
    AtomicInteger presses = new AtomicInteger();
    Thread waiting = Thread.currentThread();
    // Done when the Ctrl-C action has finished stopping the job, so its report comes before ours.
    CountDownLatch stopReported = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<Thread> stopper = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<JobStatus> stoppedAs = new java.util.concurrent.atomic.AtomicReference<>();
    JobStatus last;
    try (CliContext.Registration hook = ctx.interrupts().register(() -> {
      int press = presses.incrementAndGet();
      if (press == 1 && ctx.terminal()) {
        // Only a person at a terminal is asked; a second Ctrl-C while asking means stop.
        String answer;
        follower.pause();
        try {
          answer = ctx.prompter().ask(System.lineSeparator() + "Ctrl-C: stop " + job.id()
              + " and terminate what it runs [S], or detach and leave it running [d]? ");
        } finally {
          follower.resume();
        }
        if (presses.get() == 1 && answer.trim().toLowerCase(Locale.ROOT).startsWith("d")) {
          detached.set(true);
          waiting.interrupt();
          return;
        }
      }
      if (!interrupted.compareAndSet(false, true)) {
        // A second Ctrl-C leaves the wait for the provider's grace period, never the teardown itself:
        // the stop request was sent, and both the stop's wait and the follow loop end at once.
        Thread first = stopper.get();
        if (first != null && stopReported.getCount() > 0) {
          ctx.err().println("Leaving while " + job.id() + " is still stopping; it bills until it has stopped."
              + " Check with `soen-cloud status " + job.id() + "`");
          first.interrupt();
          waiting.interrupt();
        }
        return;
      }
      try {
        stopper.set(Thread.currentThread());
        follower.resume(); // a second Ctrl-C while the question waits: the log flows again
        ctx.err().println();
        ctx.err().println("Interrupted: stopping " + job.id() + " so nothing is left running ...");
        JobStatus stopped = trainer.stop(job);
        stoppedAs.set(stopped);
        ctx.err().println((stopped.state().isTerminal() ? "Stopped " : "Still stopping ") + job.id() + ": "
            + stopped.state());
      } catch (RuntimeException e) {
        ctx.err().println("Could not stop " + job.id() + ": " + e.getMessage()
            + "; run `soen-cloud stop " + job.id() + "` and `soen-cloud reap`");
      } finally {
        stopReported.countDown();
      }
    })) {
      last = trainer.await(job);
    } catch (SoenCloudException e) {
      if (interrupted.get()) {
        // The follow loop was interrupted by a second Ctrl-C: wait for the stop's own report first.
        Thread.interrupted();
        awaitStopReport(stopReported);
        return interruptedExit(stoppedAs.get());
      }
      if (detached.get()) {
        Thread.interrupted();
        return detach(job, result);
      }
      throw e;
    }
    if (interrupted.get()) {
      awaitStopReport(stopReported);
    } else if (detached.get()) {
      Thread.interrupted();
      return detach(job, result);
    }
    result.put("status", Views.status(last));
    result.put("metrics", follower.metrics());
    if (interrupted.get()) {
      result.put("interrupted", true);
    }
    out.info("");
    if (!last.state().isTerminal()) {
      out.line("Job " + job.id() + " is still " + out.state(last.state()) + " after the await limit; "
          + "follow it with `soen-cloud attach " + job.id() + "` or stop it with `soen-cloud stop " + job.id() + "`");
      if (out.json()) {
        out.json(result);
      }
      return ExitCodes.JOB_FAILED;
    }
    out.line("Final state: " + out.state(last.state())
        + last.exitCode().map(c -> " (exit code " + c + ")").orElse("")
        + last.message().map(m -> " " + m).orElse(""));
    Map<String, Object> lastMetrics = follower.lastMetrics();
    if (!lastMetrics.isEmpty()) {
      out.info("Last epoch:  " + lastMetrics.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("  ")));
    }
    costReport(trainer, job).ifPresent(r -> {
      result.put("cost", Views.cost(r));
      if (!out.quiet()) {
        printCost(r);
      }
    });
    if (last.state() == JobState.COMPLETED) {
      List<Path> files = trainer.download(job, artifacts);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("directory", artifacts.toString());
      a.put("files", files.stream().map(Path::toString).collect(Collectors.toList()));
      result.put("artifacts", a);
      out.info("Artifacts:   " + artifacts + " (" + files.size() + (files.size() == 1 ? " file)" : " files)"));
    } else if (last.state() == JobState.FAILED) {
      out.info("Logs:        soen-cloud logs " + job.id());
    }
    if (out.json()) {
      out.json(result);
    }
    return interrupted.get() ? interruptedExit(stoppedAs.get()) : ExitCodes.of(last.state());
  }

  private int detach(JobHandle job, Map<String, Object> result) {
    result.put("detached", true);
    out.line("");
    out.line("Detached from " + job.id() + "; it keeps running (and billing). Follow it with `soen-cloud attach "
        + job.id() + "`, end it with `soen-cloud stop " + job.id() + "`.");
    if (out.json()) {
      out.json(result);
    }
    return ExitCodes.OK;
  }

  /** 130 once nothing bills; 1 when the user left while the job was still stopping. */
  private static int interruptedExit(JobStatus stopped) {
    return stopped == null || stopped.state().isTerminal() ? ExitCodes.INTERRUPTED : ExitCodes.JOB_FAILED;
  }

  private static void awaitStopReport(CountDownLatch stopReported) {
    try {
      stopReported.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Optional<CostReport> costReport(CloudTrainer trainer, JobHandle job) {
    try {
      return trainer.costReport(job);
    } catch (SoenCloudException e) {
      out.warn("no cost report for " + job.id() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private void printCost(CostReport r) {
    out.line("Cost:        " + Output.usd(r.totalUsd()) + "  (" + r.instanceType()
        + (r.instanceCount() > 1 ? " x" + r.instanceCount() : "") + ", " + Output.duration(r.billable())
        + " billable at " + Output.hourly(r.hourlyUsd()) + "/h; " + r.source() + ")");
    for (PhaseCost p : r.phases()) {
      out.line(String.format("  %-10s %9s  %s", p.phase(), Output.duration(p.duration()), Output.usd(p.usd())));
    }
    r.spotSavingsUsd().ifPresent(s -> out.line("  spot saved " + Output.usd(s)));
    r.comparisons().forEach(c -> out.line("  on " + c.provider() + " " + c.instanceType() + ": "
        + Views.hourlyAndTotal(c)));
  }
}
