package org.soen.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

class ProviderDiscoveryTest {
  @TempDir Path dir;

  /** A provider claiming the id "clash"; two subclasses make the discovery clash. */
  abstract static class Clash implements TrainingBackendProvider {
    @Override
    public String id() {
      return "clash";
    }

    @Override
    public String defaultInstanceType() {
      return "x";
    }

    @Override
    public TrainingBackend create(BackendContext context) {
      throw new UnsupportedOperationException("never created in this test");
    }
  }

  /** One claimant. */
  public static final class ClashA extends Clash {}

  /** The other claimant. */
  public static final class ClashB extends Clash {}

  private CloudTrainer.Builder builder() {
    return CloudTrainer.builder().home(dir).environment(Map.of());
  }

  @Test
  void serviceLoader_findsTheLocalProvider() {
    try (CloudTrainer trainer = builder().build()) {
      assertThat(trainer.operations().providerIds()).contains("local");
    }
  }

  @Test
  void unknownProvider_listsTheKnownOnes() {
    try (CloudTrainer trainer = builder().provider(new RecordingProvider()).build()) {
      CloudConfig config = CloudConfig.builder().provider("lambda-labs").build();
      assertThatThrownBy(() -> trainer.estimate(config)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("unknown provider \"lambda-labs\"; known providers: local, recording");
    }
  }

  @Test
  void twoExplicitProvidersWithOneId_areAnError() {
    assertThatThrownBy(() -> builder().provider(new RecordingProvider()).provider(new RecordingProvider()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("two providers claim the id \"recording\"");
  }

  @Test
  void twoDiscoveredProvidersWithOneId_areAnErrorThatSaysHowToFixIt() throws IOException {
    Path services = Files.createDirectories(dir.resolve("cp/META-INF/services"));
    Files.writeString(services.resolve(TrainingBackendProvider.class.getName()),
        ClashA.class.getName() + "\n" + ClashB.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()},
        getClass().getClassLoader())) {
      assertThatThrownBy(() -> builder().classLoader(loader).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("two providers claim the id \"clash\"")
          .hasMessageContaining("remove one of the jars from the class path");
    }
  }

  @Test
  void explicitProvider_winsOverADiscoveredOneWithItsId() {
    RecordingProvider mine = new RecordingProvider("local", true);
    try (CloudTrainer trainer = builder().provider(mine).build()) {
      trainer.estimate(CloudConfig.builder().provider("local").build());
      assertThat(mine.context).isNotNull();
    }
  }

  @Test
  void providerThatFailsToLoad_isSkippedAndNamedWhenAskedFor() throws IOException {
    Path services = Files.createDirectories(dir.resolve("bad/META-INF/services"));
    Files.writeString(services.resolve(TrainingBackendProvider.class.getName()), "org.example.Missing\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("bad").toUri().toURL()},
        getClass().getClassLoader());
        CloudTrainer trainer = builder().classLoader(loader).build()) {
      assertThat(trainer.operations().providerIds()).contains("local");
      assertThatThrownBy(() -> trainer.estimate(CloudConfig.builder().provider("missing").build()))
          .hasMessageContaining("providers that failed to load").hasMessageContaining("org.example.Missing");
    }
  }
}
