package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.soen.cloud.AccessDeniedException;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.QuotaException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.TransferException;
import org.soen.cloud.testkit.FakeJob;

/** How the command line reports errors: messages that say what to do, exit codes and stable --json codes. */
class CliErrorsTest {
  @TempDir Path dir;
  CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(dir);
    cli.writeConfig("train.yaml", "");
  }

  private static void assertUsage(CliHarness.Result r, String message) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains("error: " + message);
  }

  @Test
  void unknownVerb_closeToOne_exits2WithDidYouMean() {
    CliHarness.Result text = cli.run("trian");
    CliHarness.Result json = cli.run("trian", "--json");

    assertUsage(text, "unknown command 'trian'; did you mean train?");
    assertThat(text.err()).contains("Try 'soen-cloud --help' for the options.");
    assertThat(json.exitCode()).isEqualTo(2);
    assertThat(json.json().at("/error/code").asText()).isEqualTo("usage.unknown_command");
    assertThat(json.json().at("/error/message").asText()).isEqualTo("unknown command 'trian'; did you mean train?");
    assertThat(json.json().at("/exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void unknownVerb_closeToNone_exits2ListingTheVerbs() {
    CliHarness.Result r = cli.run("launch");

    assertUsage(r, "unknown command 'launch'; the commands are train, status, list");
  }

  @Test
  void unknownSubcommand_ofConfig_suggestsTheSubcommand() {
    CliHarness.Result r = cli.run("config", "shwo");

    assertUsage(r, "unknown config command 'shwo'; did you mean show?");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--instance_type", "-instance-type", "-instance_type", "--instance-typ", "--INSTANCE_TYPE"})
  void unknownFlag_closeToOne_namesItAndSuggestsTheFlag(String flag) {
    CliHarness.Result text = cli.run("train", "--config", "train.yaml", flag, "fake-gpu-1x");
    CliHarness.Result json = cli.run("train", "--config", "train.yaml", flag, "fake-gpu-1x", "--json");

    assertUsage(text, "unknown option '" + flag + "'; did you mean --instance-type?");
    assertThat(text.err()).contains("Try 'soen-cloud train --help' for the options.");
    assertThat(json.json().at("/error/code").asText()).isEqualTo("usage.unknown_flag");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void unknownFlag_withValueAfterEquals_namesOnlyTheFlag() {
    CliHarness.Result r = cli.run("train", "--config=train.yaml", "--max_cost_usd=20");

    assertUsage(r, "unknown option '--max_cost_usd'; did you mean --max-cost-usd?");
  }

  @Test
  void unknownFlag_negatedFormMisspelt_suggestsTheNegatedForm() {
    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--no_spot");

    assertUsage(r, "unknown option '--no_spot'; did you mean --no-spot?");
  }

  @Test
  void unknownFlag_onAJobVerb_suggestsAGlobalFlag() {
    CliHarness.Result r = cli.run("status", "soen-x-20260101000000-abcd", "--jsno");

    assertUsage(r, "unknown option '--jsno'; did you mean --json?");
  }

  @Test
  void unknownFlag_closeToNone_namesItWithoutSuggestion() {
    CliHarness.Result r = cli.run("list", "--frobnicate");

    assertUsage(r, "unknown option '--frobnicate'\n");
  }

  @Test
  void extraArgument_exits2SayingWhatTheVerbTakes() {
    CliHarness.Result r = cli.run("status", "a", "b", "--json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("usage.unexpected_argument");
    assertThat(r.json().at("/error/message").asText()).isEqualTo("unexpected argument 'b': soen-cloud status takes JOB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--spot,--no-spot", "--no-spot,--spot", "--spot=true,--no-spot"})
  void negatableFlag_givenBothWays_exits2NamingBoth(String flags) {
    String[] both = flags.split(",");
    String first = both[0].replace("=true", "");

    CliHarness.Result text = cli.run("train", "--config", "train.yaml", both[0], both[1]);
    CliHarness.Result json = cli.run("train", "--config", "train.yaml", both[0], both[1], "--json");

    assertUsage(text, first + " and " + both[1] + " cannot be used together; give one of them");
    assertThat(json.json().at("/error/code").asText()).isEqualTo("usage.conflicting_flags");
    assertThat(cli.fake.submissions()).isEmpty();
  }

  @Test
  void flag_givenTwice_exits2AsRepeated() {
    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--spot", "--spot", "--json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("usage.repeated_flag");
    assertThat(r.json().at("/error/message").asText()).isEqualTo("--spot was given twice; give it once");
  }

  @Test
  void quietAndVerbose_areConflictingFlags() {
    CliHarness.Result r = cli.run("list", "--quiet", "--verbose", "--json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("usage.conflicting_flags");
  }

  @Test
  void missingArgument_hasCodeMissing_andBadFlagValue_isAConfigProblemNamingTheFlag() {
    CliHarness.Result missing = cli.run("status", "--json");
    CliHarness.Result bad = cli.run("train", "--config", "train.yaml", "--max-cost-usd", "ten", "--json");

    assertThat(missing.json().at("/error/code").asText()).isEqualTo("usage.missing");
    assertThat(bad.json().at("/error/code").asText()).isEqualTo("config.invalid");
    assertThat(bad.json().at("/error/problems/0/code").asText()).isEqualTo("config.invalid_value");
    assertThat(bad.json().at("/error/problems/0/source").asText()).isEqualTo("--max-cost-usd");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "attach", "logs", "stop", "download"})
  void jobVerb_onAJobNotInTheJournal_exits2NamingTheJournalFolder(String verb) {
    String job = "soen-x-20260101000000-abcd";

    CliHarness.Result text = cli.run(verb, job);
    CliHarness.Result json = cli.run(verb, job, "--json");

    assertUsage(text, "no job named " + job + " in the journal " + cli.home.resolve("jobs"));
    assertThat(text.err()).contains("soen-cloud list");
    assertThat(json.exitCode()).isEqualTo(2);
    assertThat(json.json().at("/error/code").asText()).isEqualTo("job.not_found");
    assertThat(json.json().at("/exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void configErrors_carryATopLevelCodeAndOnePerProblem() {
    cli.writeConfig("train.yaml", "  instance:\n    max_runtime_hours: abc\n");

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    JsonNode error = r.json().at("/error");
    assertThat(error.at("/code").asText()).isEqualTo("config.invalid");
    assertThat(error.at("/problems/0/code").asText()).isEqualTo("config.invalid_value");
    assertThat(r.out()).doesNotContain("Exception");
  }

  @Test
  void configErrors_problemCodesAreThoseOfTheProblems() {
    cli.fake.enqueue(FakeJob.rejectsWith(() -> new ConfigurationException(List.of(
        ConfigProblem.builder().source("train.yaml").keyPath("cloud.bogus").message("unknown key")
            .code(ConfigProblem.CODE_UNKNOWN_KEY).build(),
        ConfigProblem.builder().source("flag").keyPath("cloud.region").message("not a region")
            .code(ConfigProblem.CODE_INVALID_VALUE).build()))));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.json().at("/error/code").asText()).isEqualTo("config.invalid");
    assertThat(r.json().at("/error/problems").findValuesAsText("code"))
        .containsExactly("config.unknown_key", "config.invalid_value");
    assertThat(r.err()).contains("error: invalid configuration (2 problems; nothing was submitted):")
        .contains("  train.yaml: cloud.bogus: unknown key");
  }

  static Stream<Arguments> providerFailures() {
    return Stream.of(
        Arguments.of((Supplier<SoenCloudException>) () -> new CredentialsException("no credentials"), "auth.credentials"),
        Arguments.of((Supplier<SoenCloudException>) () -> new AccessDeniedException("denied"), "auth.access_denied"),
        Arguments.of((Supplier<SoenCloudException>) () -> new CapacityException("no capacity"), "provider.capacity"),
        Arguments.of((Supplier<SoenCloudException>) () -> new QuotaException("over quota"), "provider.quota"),
        Arguments.of((Supplier<SoenCloudException>) () -> new TransferException("upload failed"), "transfer.failed"),
        Arguments.of((Supplier<SoenCloudException>) () -> new ProviderException("HTTP 500", 500, "r-1", true, null),
            "provider.error"));
  }

  @ParameterizedTest
  @MethodSource("providerFailures")
  void providerFailure_exits3WithItsCode(Supplier<SoenCloudException> failure, String code) {
    cli.fake.enqueue(FakeJob.rejectsWith(failure));

    CliHarness.Result r = cli.run("train", "--config", "train.yaml", "--json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.json().at("/error/code").asText()).isEqualTo(code);
    assertThat(r.json().at("/error/message").asText()).isEqualTo(failure.get().getMessage());
    assertThat(r.err()).contains("error: " + failure.get().getMessage());
  }

  @Test
  @DisplayName("an unexpected Java exception is reported as a bug with what to do, exit 3, no stack trace")
  void unexpectedException_withoutVerbose_saysWhatToDoWithoutStackTrace() {
    cli.trainerFailure = new IllegalArgumentException("index 7 out of range\nsecond line");

    CliHarness.Result text = cli.run("list");
    CliHarness.Result json = cli.run("list", "--json");

    assertThat(text.exitCode()).isEqualTo(3);
    assertThat(text.err()).isEqualTo("error: internal error in soen-cloud (IllegalArgumentException: index 7 out of range);"
        + " this is a bug, please report it with the output of the same command run with --verbose\n");
    assertThat(json.exitCode()).isEqualTo(3);
    assertThat(json.json().at("/error/code").asText()).isEqualTo("internal.error");
    assertThat(json.out() + json.err()).doesNotContain("java.lang.").doesNotContain("\tat ");
  }

  @Test
  void unexpectedException_withVerbose_printsTheStackTrace() {
    cli.trainerFailure = new IllegalStateException("broken", new ArithmeticException("cause"));

    CliHarness.Result r = cli.run("list", "--verbose");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("error: internal error in soen-cloud (IllegalStateException: broken);"
            + " this is a bug, please report it with the stack trace below")
        .contains("java.lang.IllegalStateException: broken")
        .contains("\tat org.soen.cloud.cli.")
        .contains("Caused by: java.lang.ArithmeticException: cause");
  }
}
