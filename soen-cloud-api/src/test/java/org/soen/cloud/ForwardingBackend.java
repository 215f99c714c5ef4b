package org.soen.cloud;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.soen.cloud.spi.SubmitRequest;
import org.soen.cloud.spi.TrainingBackend;

/** Forwards every call, for tests that intercept one. */
class ForwardingBackend implements TrainingBackend {
  private final TrainingBackend delegate;

  ForwardingBackend(TrainingBackend delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<InstancePrice> livePrice(CloudConfig config, String instanceType) {
    return delegate.livePrice(config, instanceType);
  }

  @Override
  public JobHandle submit(SubmitRequest request) {
    return delegate.submit(request);
  }

  @Override
  public JobStatus status(JobHandle handle) {
    return delegate.status(handle);
  }

  @Override
  public JobStatus stop(JobHandle handle) {
    return delegate.stop(handle);
  }

  @Override
  public LogPage logs(JobHandle handle, String cursor) {
    return delegate.logs(handle, cursor);
  }

  @Override
  public List<Path> downloadArtifacts(JobHandle handle, Path targetDirectory) {
    return delegate.downloadArtifacts(handle, targetDirectory);
  }

  @Override
  public Optional<CostReport> costReport(JobHandle handle) {
    return delegate.costReport(handle);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
