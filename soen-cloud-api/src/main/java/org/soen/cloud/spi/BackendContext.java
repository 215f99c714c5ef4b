package org.soen.cloud.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.immutables.value.Value;
import org.soen.cloud.JobListener;
import org.soen.cloud.PricingCatalog;

/** What a {@link TrainingBackendProvider} gets to build a backend; owned by the trainer. */
@Value.Immutable
public abstract class BackendContext {
  BackendContext() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The clock for timestamps, deadlines and cost accrual. */
  public abstract Clock clock();

  /** How to wait between polls. */
  public abstract Sleeper sleeper();

  /** The journal shared by every backend of the trainer. */
  public abstract JobJournal journal();

  /** Where to send job events (progress, log lines, notices). */
  public abstract JobListener events();

  /** The pricing catalog in force. */
  public abstract PricingCatalog pricing();

  /** The environment to read fallbacks and credentials from (the process's, or a test's); masked in {@code toString}. */
  @Value.Redacted
  public abstract Map<String, String> environment();

  /** The soen home folder ({@code ~/.soen} or {@code SOEN_HOME}). */
  public abstract Path home();

  /** Builds {@link BackendContext} values. */
  public static final class Builder extends ImmutableBackendContext.Builder {
    Builder() {}
  }
}
