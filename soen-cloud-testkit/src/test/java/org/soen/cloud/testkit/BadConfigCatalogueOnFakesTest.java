package org.soen.cloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.soen.cloud.BadConfigCatalogueTest;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.InstancePrice;

/**
 * The api module's bad-config catalogue ({@code soen-cloud-api}'s {@code BadConfigCatalogueTest},
 * shared through its test-jar) run with fakes standing in for its
 * providers: a {@link FakeTrainingBackend} with id {@code recording} priced like the catalogue's
 * recording provider, one with id {@code sagemaker} and one with id {@code local} (an explicit
 * provider wins over the discovered real one). Every case is refused with the same key
 * path, message and position, nothing reaches a fake, and no journal entry is written.
 */
class BadConfigCatalogueOnFakesTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.soen.cloud.BadConfigCatalogueTest#catalogue")
  void badConfig_isRefusedByTheFakesAsByTheRealTrainer(BadConfigCatalogueTest.Case c) {
    ManualClock clock = ManualClock.create();
    FakeTrainingBackend recording = FakeTrainingBackend.builder().id("recording").clock(clock)
        .instanceType(InstancePrice.builder().provider("recording").instanceType("rec.small")
            .gpu("none").onDemandHourlyUsd(new BigDecimal("2.00"))
            .spotHourlyUsd(new BigDecimal("0.50")).source("test").asOf(LocalDate.of(2026, 1, 1))
            .build())
        .settings(BadConfigCatalogueTest.recordingSettings())
        .build();
    FakeTrainingBackend sagemaker = FakeTrainingBackend.builder().id("sagemaker").clock(clock)
        .build();
    FakeTrainingBackend local = FakeTrainingBackend.builder().id("local").clock(clock).build();
    recording.setFallback(FakeJob.completesAfterPolls(0));
    local.setFallback(FakeJob.completesAfterPolls(0));
    sagemaker.setFallback(FakeJob.completesAfterPolls(0));
    Path file = c.file().apply(dir);
    try (CloudTrainer trainer = CloudTrainer.builder().home(dir.resolve("home")).environment(c.env())
        .clock(clock).sleeper(clock)
        .provider(recording.provider()).provider(sagemaker.provider()).provider(local.provider())
        .build()) {
      ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
          () -> trainer.submit(file));

      assertThat(e).as("a ConfigurationException").isNotNull();
      assertThat(e.problems()).as("the catalogue's problem is among those found")
          .anySatisfy(p -> {
            assertThat(p.keyPath()).isEqualTo(c.keyPath());
            assertThat(p.message()).contains(c.messagePart());
            if (c.line() != null) {
              assertThat(p.line()).contains(c.line());
              assertThat(p.column()).isPresent();
            }
          });
      assertThat(recording.submissions()).isEmpty();
      assertThat(sagemaker.submissions()).isEmpty();
      assertThat(local.submissions()).isEmpty();
      assertThat(dir.resolve("home/jobs")).doesNotExist();
    }
  }
}
