package org.soen.cloud.internal;

import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

/**
 * Provider {@code local}: the same lifecycle as the cloud providers, as a child process on this
 * machine. The embedded default, for trying a config, the quickstart and CI.
 */
public final class LocalBackendProvider implements TrainingBackendProvider {
  /** The provider id. */
  public static final String ID = "local";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "a child process on this machine (no account, no cost)";
  }

  @Override
  public String defaultInstanceType() {
    return "local";
  }

  @Override
  public TrainingBackend create(BackendContext context) {
    return new LocalBackend(context);
  }
}
