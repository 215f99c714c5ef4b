package org.soen.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.JobHandle;

/**
 * The Submit tab's endpoints. A training YAML named by its path on this machine is read as a
 * training config and nothing else, with the choices of the form on top as the command line's flags
 * would be ({@code --provider}, {@code --instance-type}, {@code --spot}, ...): {@code check}
 * validates and estimates it (problems reported exactly as the CLI reports them), {@code submit}
 * also submits it.
 */
final class ConsoleSubmit {
  /** Form field to the setting it overrides, keyed by the path under {@code cloud.}. */
  private static final Map<String, String> FIELDS = Map.of(
      "provider", "provider",
      "instance_type", "instance.instance_type",
      "use_spot", "instance.use_spot",
      "max_runtime_hours", "instance.max_runtime_hours",
      "max_cost_usd", "max_cost_usd");

  private final CloudTrainer trainer;
  private final ConsoleJobs jobs;
  private final Path workingDirectory;

  ConsoleSubmit(CloudTrainer trainer, ConsoleJobs jobs, Path workingDirectory) {
    this.trainer = trainer;
    this.jobs = jobs;
    this.workingDirectory = workingDirectory;
  }

  /** {@code POST /api/check}: the config's problems, or its summary and the estimate across providers. */
  void check(ConsoleCall call) throws IOException {
    Checked checked = load(call.body());
    call.json(200, checked.view());
  }

  /** {@code POST /api/submit}: as {@code check}, then submits; answers the job's handle. */
  void submit(ConsoleCall call) throws IOException {
    Checked checked = load(call.body());
    JobHandle job = trainer.submit(checked.config());
    jobs.follow(job.id());
    Map<String, Object> m = checked.view();
    m.put("job", Views.handle(job));
    call.json(200, m);
  }

  private Checked load(JsonNode body) {
    String given = ConsoleCall.text(body, "path").orElseThrow(() -> new IllegalArgumentException(
        "path: give the path of a training YAML on this machine, e.g. examples/quickstart/train.yaml"));
    Path file = workingDirectory.resolve(given).normalize();
    Map<String, String> overrides = new LinkedHashMap<>();
    FIELDS.forEach((field, key) -> ConsoleCall.text(body, field).ifPresent(v -> overrides.put(key, v)));
    CloudConfig config = trainer.resolveConfig(file, overrides).config();
    CostEstimate estimate = trainer.estimate(config);
    trainer.validate(config);
    return new Checked(file, config, estimate);
  }

  /** A config that passed every check of a submission, and its estimate. */
  private record Checked(Path file, CloudConfig config, CostEstimate estimate) {
    Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", file.toString());
      m.put("provider", config.provider());
      m.put("instance_type", estimate.instanceType());
      m.put("use_spot", config.instance().useSpot());
      m.put("max_runtime_hours", Views.hours(config.instance().maxRuntime()));
      m.put("estimate", Views.estimate(estimate));
      return m;
    }
  }
}
