package org.soen.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;

/** The README's quickstart, run as a test so it cannot rot. */
class QuickstartTest {
  @TempDir Path dir;

  @Test
  void quickstart_trainsForRealAndBringsTheModelBack() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Quickstart quickstart = new Quickstart(out);
    JobStatus done;
    try (CloudTrainer trainer = CloudTrainer.builder().home(dir.resolve("home"))
        .environment(Map.of("SOEN_DEMO_PAUSE_MS", "0")).listener(quickstart::onEvent)
        .pollInterval(Duration.ofMillis(100)).build()) {
      done = quickstart.run(trainer, Path.of("train.yaml"), dir.resolve("artifacts"));
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(printed).contains("Job submitted: soen-logreg-").contains("Provider: local")
        .contains("| epoch 1/20 loss=0.6931").contains("| epoch 20/20 loss=")
        .contains("Final state: COMPLETED").contains("Cost:        $0.00")
        .contains("on sagemaker ml.g5.xlarge at $1.01/h");
    assertThat(dir.resolve("artifacts/model.txt")).content().contains("w1=").contains("b=");
    assertThat(dir.resolve("artifacts/metrics.csv")).content().startsWith("epoch,loss,accuracy");
    double finalAccuracy = Double.parseDouble(printed.replaceAll("(?s).*epoch 20/20 loss=[0-9.]+ accuracy=([0-9.]+).*", "$1"));
    assertThat(finalAccuracy).as("the model really learned").isGreaterThan(0.9);
  }
}
