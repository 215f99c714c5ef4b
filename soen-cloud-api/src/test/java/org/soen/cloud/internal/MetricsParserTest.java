package org.soen.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsParserTest {
  @Test
  void parse_keyEqualsValueLine_givesEpochAndMetrics() {
    assertThat(MetricsParser.parse("epoch 3/20 loss=0.4123 accuracy=0.91")).hasValueSatisfying(m -> {
      assertThat(m.epoch()).isEqualTo(3);
      assertThat(m.values()).isEqualTo(Map.of("loss", 0.4123, "accuracy", 0.91));
    });
  }

  @Test
  void parse_colonStyleLine_givesEpochAndMetrics() {
    assertThat(MetricsParser.parse("Epoch 12: train_loss: 1.5e-3, val/acc: 0.75")).hasValueSatisfying(m -> {
      assertThat(m.epoch()).isEqualTo(12);
      assertThat(m.values()).containsEntry("train_loss", 0.0015).containsEntry("val/acc", 0.75);
    });
  }

  @Test
  void parse_lineWithoutEpochOrMetrics_givesNothing() {
    assertThat(MetricsParser.parse("loss=0.3")).isEmpty();
    assertThat(MetricsParser.parse("starting epoch 3")).isEmpty();
  }

  @Test
  void parse_manyMetrics_keepsTheLinesOrderSoReportsReadTheSameEveryRun() {
    assertThat(MetricsParser.parse("epoch 4/9 zeta=1 loss=0.5 acc=0.9 map50=0.41 lr=0.001 box_loss=2"))
        .hasValueSatisfying(m -> assertThat(m.values().toString())
            .isEqualTo("{zeta=1.0, loss=0.5, acc=0.9, map50=0.41, lr=0.001, box_loss=2.0}"));
  }
}
