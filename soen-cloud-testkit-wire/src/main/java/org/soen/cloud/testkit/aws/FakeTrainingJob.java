package org.soen.cloud.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training job of {@link FakeTrainingJobs}, moving through SageMaker's status sequence as the
 * clock advances ({@link #advance}): it reads its channels from S3, logs epochs to one CloudWatch
 * stream per instance, writes {@code model.tar.gz}, and answers {@code DescribeTrainingJob}.
 */
final class FakeTrainingJob {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeLogs logs;
  private final S3Objects s3;
  final String name;
  final JsonNode request;
  final Instant createdAt;
  final String instanceType;
  final int instanceCount;
  final boolean spot;
  final long maxRuntime;
  final Duration training;
  final String failure;
  final List<String> streamNames = new ArrayList<>();
  final Map<String, Map<String, Long>> inputs = new LinkedHashMap<>();
  final List<ObjectNode> transitions = new ArrayList<>();
  String status = "InProgress";
  String secondary = "Starting";
  String failureReason;
  Instant phaseStart;
  Instant modifiedAt;
  Instant startedAt;
  Instant endedAt;
  Duration trained = Duration.ZERO;
  Duration billable = Duration.ZERO;
  Duration interrupted = Duration.ZERO;
  Instant lastEpochAt;
  int epoch;
  String resumedFrom;

  FakeTrainingJob(FakeLogs logs, S3Objects s3, String name, JsonNode request, Instant now, String type, int count,
      boolean spot, long maxRuntime, Duration training, String failure) {
    this.logs = logs;
    this.s3 = s3;
    this.name = name;
    this.request = request;
    this.createdAt = now;
    this.instanceType = type;
    this.instanceCount = count;
    this.spot = spot;
    this.maxRuntime = maxRuntime;
    this.training = training;
    this.failure = failure;
    enter("Starting", now, "Preparing the instances for training");
  }

  boolean terminal() {
    return !"InProgress".equals(status) && !"Stopping".equals(status);
  }

  void enter(String next, Instant at, String message) {
    if (!transitions.isEmpty()) {
      transitions.get(transitions.size() - 1).put("EndTime", FakeTrainingJobs.seconds(at));
    }
    secondary = next;
    phaseStart = at;
    modifiedAt = at;
    transitions.add(JSON.createObjectNode().put("Status", next).put("StartTime", FakeTrainingJobs.seconds(at)).put("StatusMessage", message));
  }

  Instant phaseEnd() {
    return switch (secondary) {
      case "Starting" -> phaseStart.plusSeconds(60);
      case "Downloading" -> phaseStart.plusSeconds(30);
      case "Training" -> phaseStart.plus(training.minus(trained));
      case "Uploading" -> phaseStart.plusSeconds(20);
      case "Interrupted" -> phaseStart.plusSeconds(120);
      case "Stopping" -> phaseStart.plusSeconds(10);
      default -> Instant.MAX;
    };
  }

  void advance(Instant now) {
    while (!terminal()) {
      if ("Training".equals(secondary)) {
        emitEpochs(now.isBefore(phaseEnd()) ? now : phaseEnd());
        Instant runtimeLimit = startedAt.plus(interrupted).plusSeconds(maxRuntime);
        if (!now.isBefore(runtimeLimit) && runtimeLimit.isBefore(phaseEnd())) {
          trained = trained.plus(Duration.between(phaseStart, runtimeLimit));
          finish(runtimeLimit, "Stopped", "MaxRuntimeExceeded", "Training job runtime exceeded MaxRuntimeInSeconds provided");
          return;
        }
        if (failure != null && !now.isBefore(phaseStart.plusSeconds(30))) {
          Instant at = phaseStart.plusSeconds(30);
          log(at, "Traceback (most recent call last): " + failure);
          trained = trained.plus(Duration.between(phaseStart, at));
          status = "Failed";
          failureReason = failure;
          enter("Failed", at, failure);
          endedAt = at;
          billable = Duration.between(startedAt, at).minus(interrupted);
          return;
        }
      }
      Instant end = phaseEnd();
      if (now.isBefore(end)) {
        return;
      }
      switch (secondary) {
        case "Starting" -> {
          if (startedAt == null) {
            startedAt = end;
          }
          enter("Downloading", end, "Downloading input data");
          download();
        }
        case "Downloading" -> {
          if (status.equals("Failed")) {
            return;
          }
          startTraining(end);
        }
        case "Training" -> {
          trained = training;
          log(end, "training finished after epoch " + epoch);
          enter("Uploading", end, "Uploading generated training model");
          writeModel();
        }
        case "Uploading" -> finish(end, "Completed", "Completed", "Training job completed");
        case "Interrupted" -> {
          interrupted = interrupted.plus(Duration.between(phaseStart, end));
          enter("Starting", end, "Restarting training after spot interruption");
        }
        case "Stopping" -> finish(end, "Stopped", "Stopped", "Training job stopped");
        default -> {
          return;
        }
      }
    }
  }

  void startTraining(Instant at) {
    enter("Training", at, "Training image download completed. Training in progress.");
    streamNames.clear();
    for (int i = 1; i <= instanceCount; i++) {
      String stream = name + "/algo-" + i + "-" + at.getEpochSecond();
      logs.createStream(stream);
      streamNames.add(stream);
    }
    String checkpoint = request.path("CheckpointConfig").path("S3Uri").asText("");
    resumedFrom = checkpoint.isEmpty() ? null : s3.latestCheckpoint(checkpoint);
    lastEpochAt = at;
    if (resumedFrom != null) {
      log(at, "resuming from checkpoint " + resumedFrom + " at epoch " + epoch);
    } else {
      trained = Duration.ZERO;
      epoch = 0;
      log(at, "starting training on " + instanceCount + " x " + instanceType);
    }
  }

  void emitEpochs(Instant until) {
    while (!lastEpochAt.plusSeconds(60).isAfter(until)) {
      lastEpochAt = lastEpochAt.plusSeconds(60);
      epoch++;
      log(lastEpochAt, "epoch " + epoch + " loss=" + String.format(Locale.ROOT, "%.4f", 1.0 / epoch));
    }
  }

  void log(Instant at, String message) {
    for (int i = 0; i < streamNames.size(); i++) {
      logs.append(streamNames.get(i), at.plusMillis(i), "[algo-" + (i + 1) + "] " + message);
    }
  }

  void interrupt(Instant at) {
    emitEpochs(at);
    trained = trained.plus(Duration.between(phaseStart, at));
    String checkpoint = request.path("CheckpointConfig").path("S3Uri").asText("");
    if (!checkpoint.isEmpty()) {
      s3.put(checkpoint, "checkpoint-epoch-" + epoch + ".pt", ("epoch=" + epoch).getBytes(StandardCharsets.UTF_8));
    }
    log(at, "spot instance reclaimed; checkpoint saved at epoch " + epoch);
    enter("Interrupted", at, "The spot instance was interrupted; training will restart when capacity is available");
  }

  void stop(Instant at) {
    if ("Training".equals(secondary)) {
      emitEpochs(at);
      trained = trained.plus(Duration.between(phaseStart, at));
    }
    status = "Stopping";
    enter("Stopping", at, "Stopping the training job");
  }

  void finish(Instant at, String finalStatus, String finalSecondary, String message) {
    status = finalStatus;
    enter(finalSecondary, at, message);
    endedAt = at;
    billable = startedAt == null ? Duration.ZERO : Duration.between(startedAt, at).minus(interrupted);
  }

  void download() {
    for (JsonNode channel : request.path("InputDataConfig")) {
      JsonNode source = channel.path("DataSource").path("S3DataSource");
      String uri = source.path("S3Uri").asText();
      Map<String, Long> files = new LinkedHashMap<>();
      try {
        if ("ManifestFile".equals(source.path("S3DataType").asText())) {
          JsonNode manifest = JSON.readTree(s3.read(uri));
          String prefix = manifest.get(0).path("prefix").asText();
          for (int i = 1; i < manifest.size(); i++) {
            files.put(manifest.get(i).asText(), (long) s3.read(prefix + manifest.get(i).asText()).length);
          }
        } else {
          files.putAll(s3.list(uri));
        }
      } catch (IOException | RuntimeException e) {
        status = "Failed";
        failureReason = "ClientError: Data download failed: could not read channel " + channel.path("ChannelName").asText()
            + " from " + uri + ": " + e.getMessage();
        enter("Failed", phaseStart, failureReason);
        endedAt = phaseStart;
        return;
      }
      if (files.isEmpty()) {
        status = "Failed";
        failureReason = "ClientError: No S3 objects found under S3 URL \"" + uri + "\" given in input data source.";
        enter("Failed", phaseStart, failureReason);
        endedAt = phaseStart;
        return;
      }
      inputs.put(channel.path("ChannelName").asText(), files);
    }
  }

  void writeModel() {
    String output = request.path("OutputDataConfig").path("S3OutputPath").asText();
    if (!output.endsWith("/")) {
      output += "/";
    }
    byte[] tar = S3Objects.tarGz(Map.of("model.pt", ("weights after epoch " + epoch).getBytes(StandardCharsets.UTF_8),
        "metrics.json", ("{\"epochs\":" + epoch + "}").getBytes(StandardCharsets.UTF_8)));
    s3.put(output + name + "/output/", "model.tar.gz", tar);
  }

  ObjectNode describe() {
    ObjectNode out = JSON.createObjectNode();
    out.put("TrainingJobName", name).put("TrainingJobArn", FakeTrainingJobs.arn(name)).put("TrainingJobStatus", status)
        .put("SecondaryStatus", secondary).put("CreationTime", FakeTrainingJobs.seconds(createdAt)).put("LastModifiedTime", FakeTrainingJobs.seconds(modifiedAt))
        .put("EnableManagedSpotTraining", spot).put("RoleArn", request.path("RoleArn").asText());
    out.set("AlgorithmSpecification", request.path("AlgorithmSpecification"));
    out.set("ResourceConfig", request.path("ResourceConfig"));
    out.set("StoppingCondition", request.path("StoppingCondition"));
    out.set("OutputDataConfig", request.path("OutputDataConfig"));
    out.set("InputDataConfig", request.path("InputDataConfig"));
    if (request.has("CheckpointConfig")) {
      out.set("CheckpointConfig", request.path("CheckpointConfig"));
    }
    if (failureReason != null) {
      out.put("FailureReason", failureReason);
    }
    if (startedAt != null) {
      out.put("TrainingStartTime", FakeTrainingJobs.seconds(startedAt));
    }
    if (endedAt != null) {
      out.put("TrainingEndTime", FakeTrainingJobs.seconds(endedAt));
      long total = startedAt == null ? 0 : Duration.between(startedAt, endedAt).toSeconds();
      out.put("TrainingTimeInSeconds", total);
      out.put("BillableTimeInSeconds", Math.max(spot ? 1 : 0, billable.toSeconds()));
      if ("Completed".equals(status) || "MaxRuntimeExceeded".equals(secondary)) {
        String output = request.path("OutputDataConfig").path("S3OutputPath").asText();
        out.putObject("ModelArtifacts").put("S3ModelArtifacts",
            (output.endsWith("/") ? output : output + "/") + name + "/output/model.tar.gz");
      }
    }
    ArrayNode t = out.putArray("SecondaryStatusTransitions");
    transitions.forEach(t::add);
    return out;
  }
}
