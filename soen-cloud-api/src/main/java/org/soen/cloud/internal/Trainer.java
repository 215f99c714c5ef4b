package org.soen.cloud.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.CostEstimate;
import org.soen.cloud.CostReport;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobListener;
import org.soen.cloud.JobStatus;
import org.soen.cloud.LogPage;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.PricingCatalog;
import org.soen.cloud.ResolvedConfig;
import org.soen.cloud.spi.Sleeper;
import org.soen.cloud.spi.TrainingBackendProvider;

/** The implementation behind {@link org.soen.cloud.CloudTrainer}. */
public final class Trainer implements AutoCloseable {
  /** Everything the builder collected. */
  public record Settings(List<TrainingBackendProvider> providers, boolean discover,
      ClassLoader classLoader, Clock clock, Sleeper sleeper, Path home,
      Map<String, String> environment, List<JobListener> listeners, PricingCatalog pricing,
      Path pricingFile, Duration pollInterval) {}

  private Trainer() {}

  public static Trainer create(Settings settings) {
    throw new UnsupportedOperationException("being written");
  }

  public ResolvedConfig resolve(Optional<Path> yaml, Map<String, String> overrides) {
    throw new UnsupportedOperationException();
  }

  public CostEstimate estimate(CloudConfig config) {
    throw new UnsupportedOperationException();
  }

  public JobHandle submit(CloudConfig config) {
    throw new UnsupportedOperationException();
  }

  public JobStatus status(JobHandle job) {
    throw new UnsupportedOperationException();
  }

  public JobHandle handle(String jobId) {
    throw new UnsupportedOperationException();
  }

  public JobStatus await(JobHandle job, Duration timeout) {
    throw new UnsupportedOperationException();
  }

  public LogPage logs(JobHandle job, String cursor) {
    throw new UnsupportedOperationException();
  }

  public JobStatus stop(JobHandle job) {
    throw new UnsupportedOperationException();
  }

  public List<JobStatus> list() {
    throw new UnsupportedOperationException();
  }

  public JobHandle attach(JobHandle job) {
    throw new UnsupportedOperationException();
  }

  public List<Path> download(JobHandle job, Path directory) {
    throw new UnsupportedOperationException();
  }

  public Optional<CostReport> costReport(JobHandle job) {
    throw new UnsupportedOperationException();
  }

  public List<String> reap(boolean dryRun) {
    throw new UnsupportedOperationException();
  }

  public List<PreflightCheck> doctor(CloudConfig config) {
    throw new UnsupportedOperationException();
  }

  public PricingCatalog pricing() {
    throw new UnsupportedOperationException();
  }

  public Set<String> providerIds() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
