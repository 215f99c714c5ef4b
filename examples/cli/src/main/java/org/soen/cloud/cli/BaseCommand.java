package org.soen.cloud.cli;

import java.util.concurrent.Callable;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobListener;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
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
      throw usage("--quiet and --verbose cannot be used together");
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
    return ctx.trainers().create(ctx.home(), ctx.environment(), listener);
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
