package org.soen.cloud.lambdalabs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.soen.cloud.spi.TrainingBackendProvider;

class LambdaLabsProviderTest {
  @Test
  void serviceLoader_findsTheLambdaLabsProvider() {
    List<TrainingBackendProvider> found = ServiceLoader.load(TrainingBackendProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("lambdalabs")).toList();
    assertThat(found).singleElement().isInstanceOf(LambdaLabsProvider.class);
    assertThat(found.get(0).defaultInstanceType()).isEqualTo("gpu_1x_a100_sxm4");
  }
}
