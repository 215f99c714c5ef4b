package org.soen.cloud.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.spi.TrainingBackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers a trainer knows: explicit ones, then those {@link ServiceLoader} finds. An
 * explicit provider wins over a discovered one with its id; two of either kind with one id are an
 * error; a provider that fails to load is reported and skipped, never fatal for the others.
 */
final class Providers {
  private static final Logger LOG = LoggerFactory.getLogger(Providers.class);
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private final Map<String, TrainingBackendProvider> byId;
  private final List<String> loadFailures;

  private Providers(Map<String, TrainingBackendProvider> byId, List<String> loadFailures) {
    this.byId = byId;
    this.loadFailures = loadFailures;
  }

  static Providers of(List<TrainingBackendProvider> explicit, boolean discover, ClassLoader loader) {
    Map<String, TrainingBackendProvider> byId = new TreeMap<>();
    for (TrainingBackendProvider p : explicit) {
      checkId(p);
      TrainingBackendProvider before = byId.putIfAbsent(p.id(), p);
      if (before != null) {
        throw duplicate(p.id(), before, p, "passed to CloudTrainer.builder().provider(...) twice");
      }
    }
    List<String> failures = new ArrayList<>();
    if (discover) {
      Map<String, TrainingBackendProvider> found = new LinkedHashMap<>();
      ClassLoader cl = loader != null ? loader : Thread.currentThread().getContextClassLoader();
      Iterator<TrainingBackendProvider> it = ServiceLoader.load(TrainingBackendProvider.class, cl).iterator();
      while (true) {
        TrainingBackendProvider p;
        try {
          if (!it.hasNext()) {
            break;
          }
          p = it.next();
        } catch (ServiceConfigurationError e) {
          failures.add(e.getMessage());
          LOG.warn("a soen-cloud provider failed to load and is skipped: {}", e.getMessage());
          continue;
        }
        checkId(p);
        TrainingBackendProvider before = found.putIfAbsent(p.id(), p);
        if (before != null && before.getClass() != p.getClass()) {
          throw duplicate(p.id(), before, p,
              "both are registered in META-INF/services/" + TrainingBackendProvider.class.getName()
                  + "; remove one of the jars from the class path");
        }
      }
      found.forEach(byId::putIfAbsent);
    }
    return new Providers(byId, List.copyOf(failures));
  }

  TrainingBackendProvider get(String id) {
    TrainingBackendProvider p = byId.get(id);
    if (p == null) {
      throw unknown(id);
    }
    return p;
  }

  boolean has(String id) {
    return byId.containsKey(id);
  }

  /** Each provider's declared settings, by id. */
  Map<String, List<org.soen.cloud.Setting<?>>> settings() {
    Map<String, List<org.soen.cloud.Setting<?>>> out = new java.util.TreeMap<>();
    byId.forEach((id, p) -> out.put(id, p.settings()));
    return out;
  }

  List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  ConfigurationException unknown(String id) {
    String known = byId.isEmpty() ? "none (add soen-cloud-aws or soen-cloud-lambdalabs to the class path)"
        : String.join(", ", byId.keySet());
    String failed = loadFailures.isEmpty() ? "" : "; providers that failed to load: " + String.join("; ", loadFailures);
    return new ConfigurationException("cloud.provider", "unknown provider \"" + id + "\"; known providers: " + known
        + org.soen.cloud.spi.DidYouMean.suggest(id, byId.keySet()) + failed);
  }

  private static void checkId(TrainingBackendProvider p) {
    if (p.id() == null || !ID.matcher(p.id()).matches()) {
      throw new ConfigurationException("cloud.provider", "provider " + p.getClass().getName() + " has the id \""
          + p.id() + "\"; ids are 1-32 lowercase letters, digits and dashes");
    }
  }

  private static ConfigurationException duplicate(String id, TrainingBackendProvider a,
      TrainingBackendProvider b, String how) {
    return new ConfigurationException("cloud.provider", "two providers claim the id \"" + id + "\": "
        + a.getClass().getName() + " and " + b.getClass().getName() + "; " + how);
  }
}
