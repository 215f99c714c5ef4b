package org.soen.cloud.testkit.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.soen.cloud.Setting;
import org.soen.cloud.spi.TrainingBackendProvider;
import org.soen.cloud.testkit.FakeTrainingBackend;

/**
 * The providers through which one fake stands in for whatever provider a test's config names: its
 * own id ({@code fake}), the built-in ids ({@code local}, {@code sagemaker}, {@code lambdalabs})
 * and every provider {@link ServiceLoader} finds on the test class path. A provider found there
 * lends its declared settings, so a config written for it is read as strictly as the real one
 * reads it; nothing else of the real provider runs. Not API.
 */
public final class StandIns {
  /** The ids a config names most often: the default provider and the bundled ones. */
  static final List<String> BUILT_IN = List.of("local", "sagemaker", "lambdalabs");

  private StandIns() {}

  /** One provider per id, each a view of {@code fake}. */
  public static List<TrainingBackendProvider> of(FakeTrainingBackend fake) {
    Map<String, List<Setting<?>>> ids = new LinkedHashMap<>();
    BUILT_IN.forEach(id -> ids.put(id, List.of()));
    discovered().forEach(p -> ids.put(p.id(), p.settings()));
    List<TrainingBackendProvider> out = new ArrayList<>();
    out.add(fake.provider());
    ids.forEach((id, settings) -> {
      if (!id.equals(fake.id())) {
        out.add(fake.standIn(id, settings));
      }
    });
    return out;
  }

  private static List<TrainingBackendProvider> discovered() {
    List<TrainingBackendProvider> out = new ArrayList<>();
    Iterator<TrainingBackendProvider> it = ServiceLoader.load(TrainingBackendProvider.class,
        Thread.currentThread().getContextClassLoader()).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return out;
        }
        out.add(it.next());
      } catch (ServiceConfigurationError e) {
        // a provider that cannot load is one the test cannot mean; the trainer lists the others
      }
    }
  }
}
