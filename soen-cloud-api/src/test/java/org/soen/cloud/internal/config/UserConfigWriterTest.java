package org.soen.cloud.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.Setting;

class UserConfigWriterTest {
  private static final SettingsRegistry REGISTRY = SettingsRegistry.of(Map.of());

  @TempDir
  Path tmp;

  @Test
  void write_whenFileExists_replacesItKeepingThePreviousAsBakAndNoTemporaryFile() throws IOException {
    Setting<?> project = REGISTRY.find("project").orElseThrow();
    Path file = tmp.resolve("home/cloud_config.yaml");
    UserConfigWriter writer = new UserConfigWriter(REGISTRY, file);

    writer.write(Map.of(project, "alpha"));
    String first = Files.readString(file);
    assertThat(writer.write(Map.of(project, "beta"))).isEqualTo(file);

    assertThat(first).contains("project: alpha");
    assertThat(Files.readString(file)).contains("project: beta").doesNotContain("alpha");
    assertThat(Files.readString(tmp.resolve("home/cloud_config.yaml.bak"))).isEqualTo(first);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("cloud_config.yaml", "cloud_config.yaml.bak");
    }
  }
}
