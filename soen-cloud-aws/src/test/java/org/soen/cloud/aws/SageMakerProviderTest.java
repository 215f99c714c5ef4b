package org.soen.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.soen.cloud.spi.TrainingBackendProvider;

class SageMakerProviderTest {
  @Test
  void serviceLoader_findsTheSagemakerProvider() {
    assertThat(ServiceLoader.load(TrainingBackendProvider.class).stream().map(ServiceLoader.Provider::get))
        .filteredOn(p -> p.id().equals("sagemaker"))
        .singleElement()
        .satisfies(p -> {
          assertThat(p).isInstanceOf(SageMakerProvider.class);
          assertThat(p.defaultInstanceType()).isEqualTo("ml.g5.xlarge");
          assertThat(p.description()).startsWith("AWS SageMaker training jobs");
        });
  }
}
