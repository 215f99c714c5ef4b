package org.soen.cloud;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

/** A provider that records every call, to prove what the trainer does and does not send. */
class RecordingProvider implements TrainingBackendProvider {
  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<SubmitRequest> submissions = new CopyOnWriteArrayList<>();
  private final String id;
  private final boolean livePrices;
  BackendContext context;

  RecordingProvider(String id, boolean livePrices) {
    this.id = id;
    this.livePrices = livePrices;
  }

  RecordingProvider() {
    this("recording", true);
  }

  @Override
  public String id() {
    return id;
  }

  /** A plug-in's own section, declared as any provider would. */
  static final Setting<String> ZONE = Setting.choice("recording.zone", "north", "south")
      .defaultValue("north").description("Where the recorder runs").build();
  static final Setting<String> PATTERN = Setting.regex("recording.metrics_pattern")
      .description("A pattern for epoch lines").build();
  static final Setting<String> REMOTE_DIR = Setting.text("recording.remote_dir").defaultValue("/srv/rec")
      .check(d -> d.startsWith("/") ? java.util.Optional.empty()
          : java.util.Optional.of("must be an absolute folder such as /srv/rec, was \"" + d + "\""))
      .description("Where runs live").build();
  static final Setting<java.net.URI> API_URL = Setting.uri("recording.api_url").env("RECORDING_API_URL")
      .userConfig("recording.api_url").defaultValue(java.net.URI.create("http://127.0.0.1:9/"))
      .description("The recorder's API").build();

  @Override
  public List<Setting<?>> settings() {
    return id.equals("recording") ? List.of(ZONE, PATTERN, REMOTE_DIR, API_URL) : List.of();
  }

  @Override
  public String defaultInstanceType() {
    return livePrices ? "rec.small" : "ml.g5.xlarge";
  }

  @Override
  public TrainingBackend create(BackendContext context) {
    this.context = context;
    return new TrainingBackend() {
      @Override
      public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
        if (!livePrices) {
          return Optional.empty();
        }
        return Optional.of(InstancePrice.builder().provider(id).instanceType(instanceType).gpu("none")
            .onDemandHourlyUsd(new java.math.BigDecimal("2.00")).spotHourlyUsd(new java.math.BigDecimal("0.50"))
            .source("test").asOf(java.time.LocalDate.of(2026, 1, 1)).build());
      }

      @Override
      public JobHandle submit(SubmitRequest request) {
        calls.add("submit");
        submissions.add(request);
        return JobHandle.builder().id(request.jobName()).provider(id).submittedAt(request.submittedAt())
            .providerJobId("rec-" + request.jobName()).build();
      }

      @Override
      public JobStatus status(JobHandle handle) {
        calls.add("status");
        return JobStatus.builder().jobId(handle.id()).provider(id).state(JobState.COMPLETED)
            .observedAt(context.clock().instant()).build();
      }

      @Override
      public JobStatus stop(JobHandle handle) {
        calls.add("stop");
        return status(handle);
      }

      @Override
      public LogPage logs(JobHandle handle, String cursor) {
        calls.add("logs");
        return LogPage.of(List.of(), cursor, true);
      }

      @Override
      public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
        calls.add("download");
        return List.of();
      }

      @Override
      public Optional<CostReport> costReport(JobHandle handle) {
        return Optional.empty();
      }

      @Override
      public void close() {
        calls.add("close");
      }
    };
  }
}
