package org.soen.cloud.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CostReport;
import org.soen.cloud.InstancePrice;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogPage;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.Setting;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;
import org.soen.cloud.testkit.internal.FakePersona;

/**
 * One trainer's view of a {@link FakeTrainingBackend} as one of its personas: its own id, checks
 * and settings, the fake's shared jobs, and the trainer's event sink. Closing it leaves the fake and
 * its jobs alone.
 */
final class FakeSession implements TrainingBackend {
  private final FakeTrainingBackend fake;
  private final FakePersona persona;
  private final JobListener events;

  private FakeSession(FakeTrainingBackend fake, FakePersona persona, JobListener events) {
    this.fake = fake;
    this.persona = persona;
    this.events = events;
  }

  /** The provider handed to trainers: sessions of {@code fake} as {@code persona}. */
  static TrainingBackendProvider provider(FakeTrainingBackend fake, FakePersona persona) {
    return new TrainingBackendProvider() {
      @Override
      public String id() {
        return persona.id();
      }

      @Override
      public String description() {
        return "in-memory fake for tests (soen-cloud-testkit)";
      }

      @Override
      public String defaultInstanceType() {
        return persona.defaultInstanceType();
      }

      @Override
      public List<Setting<?>> settings() {
        return persona.settings();
      }

      @Override
      public TrainingBackend create(BackendContext context) {
        return new FakeSession(fake, persona, context.events());
      }
    };
  }

  @Override
  public List<ConfigProblem> validate(CloudConfig config) {
    return persona.validate(config);
  }

  @Override
  public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
    return persona.ownPrice(instanceType);
  }

  @Override
  public JobHandle submit(SubmitRequest request) {
    return fake.ledger().submit(persona, request, events);
  }

  @Override
  public JobHandle attach(JobHandle handle) {
    return fake.attach(handle);
  }

  @Override
  public JobStatus status(JobHandle handle) {
    return fake.status(handle);
  }

  @Override
  public List<JobStatus> list(int limit) {
    return fake.list(limit);
  }

  @Override
  public JobStatus stop(JobHandle handle) {
    return fake.stop(handle);
  }

  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    return fake.logs(handle, cursor);
  }

  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    return fake.downloadArtifacts(handle, targetDirectory);
  }

  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    return fake.costReport(handle);
  }

  @Override
  public List<PreflightCheck> doctor(CloudConfig config) {
    return persona.doctor();
  }

  @Override
  public void close() {
    // the fake outlives the trainers that use it
  }
}
