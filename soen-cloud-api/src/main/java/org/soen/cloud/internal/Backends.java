package org.soen.cloud.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.ProviderException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.TrainingBackend;

/**
 * The trainer's backends: one per provider, made on first use with the trainer's context, called
 * so that whatever a provider throws reaches the caller as a {@link SoenCloudException}, and closed
 * together.
 */
final class Backends implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private final Providers providers;
  private final BackendContext context;
  private final Map<String, TrainingBackend> made = new ConcurrentHashMap<>();

  Backends(Providers providers, BackendContext context) {
    this.providers = providers;
    this.context = context;
  }

  /** The backend of {@code providerId}, made on first use; an unknown id fails listing the known ones. */
  TrainingBackend get(String providerId) {
    var provider = providers.get(providerId);
    return made.computeIfAbsent(providerId, id -> provider.create(context));
  }

  /** {@code action} on the backend of {@code provider}, its failures translated. */
  <T> T call(String provider, Function<TrainingBackend, T> action) {
    try {
      return action.apply(get(provider));
    } catch (RuntimeException e) {
      throw translate(provider, e);
    }
  }

  /** {@code e} as the caller sees it: a {@link SoenCloudException} as it is, anything else as a provider failure. */
  static SoenCloudException translate(String provider, RuntimeException e) {
    if (e instanceof SoenCloudException s) {
      return s;
    }
    return new ProviderException("provider " + provider + " failed: " + e, e);
  }

  @Override
  public void close() {
    for (TrainingBackend b : made.values()) {
      try {
        b.close();
      } catch (RuntimeException e) {
        LOG.warn("closing a backend failed", e);
      }
    }
    made.clear();
  }
}
