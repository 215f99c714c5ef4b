package org.soen.cloud.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soen-cloud attach JOB}. */
@Command(name = "attach", mixinStandardHelpOptions = true,
    description = {"Take over a job whose submitting process died and follow it to the end.",
        "A soen-cloud job that this journal does not hold (see `list --provider P`) is adopted into it first.",
        "Works as train does (client-driven providers resume where they stopped). Ctrl-C stops the job."})
final class AttachCommand extends PricedCommand {
  @Parameters(paramLabel = "JOB", description = "The job name.")
  String job;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where artifacts go (default: $SOEN_HOME/jobs/JOB/artifacts).")
  Path output;

  @Override
  int execute() {
    Follower follower = new Follower(out());
    follower.follow(job);
    try (CloudTrainer trainer = trainer(follower)) {
      JobHandle handle = adopt(trainer, job);
      out().info("Attached to " + handle.id() + " on " + handle.provider());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("job", Views.handle(handle));
      Path artifacts = artifactsFolder(handle.id(), output);
      return new JobRunner(ctx, out(), follower).follow(trainer, handle, artifacts, result);
    }
  }

  /** The job from the journal, or adopted into it from a provider's account (a teammate's job, say). */
  private static JobHandle adopt(CloudTrainer trainer, String job) {
    try {
      return trainer.attach(trainer.adopt(job));
    } catch (org.soen.cloud.NotFoundException e) {
      throw new UnknownJobException(e);
    }
  }
}
