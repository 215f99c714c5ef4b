package org.soen.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricingCatalogTest {
  @TempDir Path dir;

  @Test
  void bundled_coversTheSourceDocumentsInstanceTypes() {
    PricingCatalog catalog = PricingCatalog.bundled();
    assertThat(catalog.instanceTypes("sagemaker"))
        .contains("ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.4xlarge", "ml.g5.12xlarge");
    assertThat(catalog.instanceTypes("lambdalabs")).contains("gpu_1x_a100_sxm4", "gpu_1x_h100_pcie");
    assertThat(catalog.find("sagemaker", "ml.g5.xlarge")).hasValueSatisfying(p -> {
      assertThat(p.onDemandHourlyUsd()).isEqualByComparingTo("1.01");
      assertThat(p.spotHourlyUsd()).isPresent();
      assertThat(p.source()).isNotBlank();
    });
    assertThat(catalog.entries()).allSatisfy(p -> assertThat(p.asOf()).isNotNull());
  }

  @Test
  void overrideFile_replacesAndAddsRows() throws IOException {
    Path file = dir.resolve("prices.csv");
    Files.writeString(file, "provider,instance_type,gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of\n"
        + "sagemaker,ml.g5.xlarge,1x A10G,1.41,0.42,our negotiated rate,2026-10-01\n"
        + "sagemaker,ml.p4d.24xlarge,8x A100,37.69,,AWS price list,2026-10-01\n");
    PricingCatalog catalog = PricingCatalog.bundled().withOverrides(file);
    assertThat(catalog.find("sagemaker", "ml.g5.xlarge").orElseThrow().source()).isEqualTo("our negotiated rate");
    assertThat(catalog.find("sagemaker", "ml.p4d.24xlarge").orElseThrow().spotHourlyUsd()).isEmpty();
    assertThat(catalog.find("lambdalabs", "gpu_1x_a100_sxm4")).isPresent();
  }

  @Test
  void overrideFile_withBadRows_namesEachLine() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "provider,instance_type,gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of\n"
        + "sagemaker,ml.x,gpu,cheap,,src,2026-01-01\n"
        + "sagemaker,ml.y,gpu,1.0,,src,yesterday\n"
        + "too,few\n");
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> PricingCatalog.bundled().withOverrides(file));
    assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(
        java.util.Optional.of(2), java.util.Optional.of(3), java.util.Optional.of(4));
    assertThat(e.getMessage()).contains("prices must be decimal USD per hour").contains("as_of must be a date")
        .contains("expected 7 comma-separated columns");
  }
}
