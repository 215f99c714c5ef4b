package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config save --json} and the console's "Save as Default" answer alike: the defaults file
 * ({@code $SOEN_HOME/cloud_config.yaml}) and the settings saved in it.
 */
class SavedDefaultsAnswerTest {
  private static final String BUCKET = "team-soen-training";

  @TempDir Path dir;

  @Test
  void configSaveJson_namesTheUserConfigFileAndTheSavedSettings() {
    CliHarness cli = new CliHarness(dir);
    cli.environment.put("SOEN_SM_BUCKET", BUCKET);

    CliHarness.Result r = cli.run("config", "save", "--json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.json().get("file").asText()).isEqualTo(cli.home.resolve("cloud_config.yaml").toString());
    assertThat(r.json().get("saved").get("aws.bucket").asText()).isEqualTo(BUCKET);
  }

  @Test
  void consoleSaveAsDefault_answersAsConfigSaveDoes() throws Exception {
    try (ConsoleHarness console = ConsoleHarness.start(dir,
        Map.of("SOEN_SM_BUCKET", BUCKET, "PATH", System.getenv("PATH")))) {
      JsonNode answer = new ObjectMapper().readTree(console.post("/api/defaults/effective", "{}").body());
      JsonNode settings = new ObjectMapper().readTree(console.get("/api/settings").body());

      assertThat(answer.get("file").asText()).isEqualTo(console.home.resolve("cloud_config.yaml").toString());
      assertThat(answer.get("saved").get("aws.bucket").asText()).isEqualTo(BUCKET);
      assertThat(settings.get("user_config").asText()).isEqualTo(answer.get("file").asText());
    }
  }
}
