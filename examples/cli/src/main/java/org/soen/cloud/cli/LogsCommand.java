package org.soen.cloud.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import org.soen.cloud.LogLine;
import org.soen.cloud.LogPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code soen-cloud logs JOB [-f]}. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a job's log; -f follows it until the job ends.")
final class LogsCommand extends BaseCommand {
  @Parameters(paramLabel = "JOB", description = "The job name.")
  String job;

  @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until the job ends.")
  boolean follow;

  @Override
  int execute() throws Exception {
    List<Map<String, Object>> collected = new ArrayList<>();
    try (CloudTrainer trainer = trainer()) {
      JobHandle handle = journalHandle(trainer, job);
      String cursor = "";
      boolean complete;
      boolean drained = false;
      while (true) {
        LogPage page = trainer.logs(handle, cursor);
        for (LogLine line : page.lines()) {
          if (out().json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", line.at().toString());
            m.put("stream", line.stream());
            m.put("message", line.message());
            collected.add(m);
          } else {
            out().out().println(line.message());
          }
        }
        cursor = page.cursor();
        complete = page.complete();
        if (complete || (!follow && page.lines().isEmpty())) {
          break;
        }
        if (page.lines().isEmpty()) {
          if (!drained && trainer.status(handle).state().isTerminal()) {
            // The job ended: read what is left once more, then stop.
            drained = true;
            continue;
          }
          if (drained) {
            break;
          }
          try {
            ctx.sleeper().sleep(ctx.pollInterval());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
          }
        }
      }
      if (out().json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", job);
        m.put("lines", collected);
        m.put("complete", complete);
        out().json(m);
      }
      return ExitCodes.OK;
    }
  }
}
