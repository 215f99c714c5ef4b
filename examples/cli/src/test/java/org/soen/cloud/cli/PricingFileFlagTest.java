package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --pricing-file}: the command line's {@code CloudTrainer.builder().pricingFile}. */
class PricingFileFlagTest {
  private static final String HEADER = "provider,instance_type,gpu,on_demand_usd_per_hour,spot_usd_per_hour,source,as_of\n";

  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(dir);
  }

  @Test
  void pricing_withPricingFile_listsItsRowsBesideTheCatalog() {
    cli.writeFile("prices.csv", HEADER + "sagemaker,ml.p5.48xlarge,8x NVIDIA H100 80GB,55.04,,our AWS bill,2026-12-01\n");

    CliHarness.Result r = cli.run("pricing", "--provider", "sagemaker", "--pricing-file", "prices.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(0);
    assertThat(r.out()).contains("ml.p5.48xlarge").contains("$55.04").contains("our AWS bill").contains("2026-12-01")
        .contains("ml.g5.xlarge");
  }

  @Test
  void pricing_withoutPricingFile_saysHowToPriceAnUnlistedType() {
    CliHarness.Result r = cli.run("pricing", "--provider", "sagemaker");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(0);
    assertThat(r.out()).doesNotContain("ml.p5.48xlarge")
        .contains("An instance type not listed here has no known price unless its provider publishes one live")
        .contains("Give one with --pricing-file FILE");
  }

  @Test
  void train_withPricingFileThatDoesNotExist_exits2NamingTheFlagAndFile() {
    cli.writeConfig("train.yaml", "");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--estimate", "--pricing-file", "nope.csv");

    TrainCommandTest.assertBadUsage(r, "--pricing-file: " + cli.work.resolve("nope.csv")
        + " does not exist or is not a regular file; give a CSV file with the header provider,instance_type,gpu,"
        + "on_demand_usd_per_hour,spot_usd_per_hour,source,as_of");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void attachAndPricing_withPricingFileThatDoesNotExist_exit2NamingTheFlagAndFile() {
    String expected = "--pricing-file: " + cli.work.resolve("nope.csv") + " does not exist or is not a regular file";

    TrainCommandTest.assertBadUsage(cli.run("attach", "some-job", "--pricing-file", "nope.csv"), expected);
    TrainCommandTest.assertBadUsage(cli.run("pricing", "--pricing-file", "nope.csv"), expected);
  }

  @Test
  void train_withPricingFileWithABadRow_exits2NamingTheFileAndLine() {
    cli.writeConfig("train.yaml", "");
    cli.writeFile("prices.csv", HEADER + "sagemaker,ml.p5.48xlarge,8x H100,cheap,,our bill,2026-12-01\n");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--estimate", "--pricing-file", "prices.csv");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(cli.work.resolve("prices.csv").toString()).contains("2")
        .contains("prices must be decimal USD per hour, e.g. 1.29");
    assertThat(cli.fake.submissions()).isEmpty();
  }
}
