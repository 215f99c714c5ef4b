package org.soen.cloud.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.NotFoundException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every verb shares: the context, the global options and the output. */
abstract class BaseCommand implements Callable<Integer> {
  @Mixin GlobalOptions global = new GlobalOptions();

  @Spec CommandSpec spec;

  CliContext ctx;

  private Output output;

  @Override
  public final Integer call() throws Exception {
    if (global.quiet && global.verbose) {
      throw usage(ExitCodes.Code.USAGE_CONFLICTING_FLAGS, "--quiet and --verbose cannot be used together");
    }
    return execute();
  }

  abstract int execute() throws Exception;

  Output out() {
    if (output == null) {
      output = new Output(ctx, global);
    }
    return output;
  }

  CloudTrainer trainer() {
    return trainer(event -> { });
  }

  CloudTrainer trainer(JobListener listener) {
    return ctx.trainers().create(ctx.home(), ctx.environment(), listener, pricingFile());
  }

  /** The user's pricing file ({@code --pricing-file}) for verbs that price; none for the others. */
  java.util.Optional<java.nio.file.Path> pricingFile() {
    return java.util.Optional.empty();
  }

  /**
   * The journal's handle of {@code job}. A name the journal does not hold is bad usage (exit 2),
   * told apart here from a provider's "not found" for a job the journal does know.
   */
  JobHandle journalHandle(CloudTrainer trainer, String job) {
    try {
      return trainer.handle(job);
    } catch (NotFoundException e) {
      throw new UnknownJobException(e);
    }
  }

  /**
   * Where a job's artifacts go: {@code given} (relative to the working folder) when the user named
   * a folder, else the job's own folder in the soen home, {@code $SOEN_HOME/jobs/<job>/artifacts},
   * so that they never land in whatever folder the command happens to run from.
   */
  Path artifactsFolder(String jobId, Path given) {
    return given != null ? ctx.workingDirectory().resolve(given) : defaultArtifacts(ctx.home(), jobId);
  }

  /** Where a job's artifacts go unless told otherwise: its own folder under {@code $SOEN_HOME}. */
  static Path defaultArtifacts(Path home, String jobId) {
    return home.resolve("jobs").resolve(jobId).resolve("artifacts");
  }

  /** {@code --provider P} must name one of {@code known}; else a usage error with a did-you-mean. */
  void requireProvider(String provider, java.util.Collection<String> known) {
    if (provider != null && !known.contains(provider)) {
      throw usage("--provider: unknown provider '" + provider + "'"
          + org.soen.cloud.spi.DidYouMean.suggest(provider, known) + "; known: "
          + String.join(", ", new java.util.TreeSet<>(known)));
    }
  }

  /** A usage error ({@code usage.invalid_value}) for this command. */
  UsageException usage(String message) {
    return usage(ExitCodes.Code.USAGE_INVALID_VALUE, message);
  }

  /** A usage error with one of the {@code usage.*} codes. */
  UsageException usage(ExitCodes.Code code, String message) {
    return new UsageException(spec.commandLine(), code, message);
  }
}
