package org.soen.cloud.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code soen-cloud download JOB [DIR]}. */
@Command(name = "download", mixinStandardHelpOptions = true, description = "Copy a job's artifacts into DIR.")
final class DownloadCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "JOB", description = "The job name.")
  String job;

  @Parameters(index = "1", arity = "0..1", paramLabel = "DIR", description = "Target folder (default: $SOEN_HOME/jobs/JOB/artifacts).")
  Path dir;

  @Override
  int execute() {
    Path target = artifactsFolder(job, dir);
    if (java.nio.file.Files.exists(target) && !java.nio.file.Files.isDirectory(target)) {
      throw usage("DIR: " + target + " exists and is not a folder");
    }
    try (CloudTrainer trainer = trainer()) {
      JobHandle handle = journalHandle(trainer, job);
      List<Path> files = trainer.download(handle, target);
      if (out().json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", job);
        m.put("directory", target.toString());
        m.put("files", files.stream().map(Path::toString).collect(Collectors.toList()));
        out().json(m);
      } else {
        files.forEach(f -> out().info("  " + f));
        out().line(files.size() + (files.size() == 1 ? " file" : " files") + " in " + target);
      }
      return ExitCodes.OK;
    }
  }
}
