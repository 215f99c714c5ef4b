package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** Did-you-mean and contradicting flags work for options added to picocli's model at run time. */
class UsageErrorsTest {
  private static CommandLine programmatic() {
    CommandSpec spec = CommandSpec.create().name("train");
    spec.addOption(OptionSpec.builder("--max-wait-hours").type(String.class).paramLabel("HOURS").build());
    spec.addOption(OptionSpec.builder("--keep-alive").type(Boolean.class).negatable(true).build());
    spec.addOption(OptionSpec.builder("--hidden-knob").type(String.class).hidden(true).build());
    return new CommandLine(spec);
  }

  private static UsageException describe(String... args) {
    CommandLine cl = programmatic();
    ParameterException e = catchThrowableOfType(() -> cl.parseArgs(args), ParameterException.class);
    assertThat(e).as("picocli rejects the arguments").isNotNull();
    return UsageErrors.describe(e, args);
  }

  @Test
  void describe_misspeltProgrammaticFlag_suggestsIt() {
    UsageException e = describe("--max_wait_hours", "2");

    assertThat(e.code()).isEqualTo(ExitCodes.Code.USAGE_UNKNOWN_FLAG);
    assertThat(e).hasMessage("unknown option '--max_wait_hours'; did you mean --max-wait-hours?");
  }

  @Test
  void describe_misspeltNegatedProgrammaticFlag_suggestsTheNegatedForm() {
    UsageException e = describe("-no-keep_alive");

    assertThat(e).hasMessage("unknown option '-no-keep_alive'; did you mean --no-keep-alive?");
  }

  @Test
  void describe_hiddenFlag_isNeverSuggested() {
    UsageException e = describe("--hidden_knob", "x");

    assertThat(e).hasMessage("unknown option '--hidden_knob'");
  }

  @Test
  void describe_programmaticNegatableFlagGivenBothWays_isConflicting() {
    UsageException e = describe("--no-keep-alive", "--max-wait-hours", "2", "--keep-alive");

    assertThat(e.code()).isEqualTo(ExitCodes.Code.USAGE_CONFLICTING_FLAGS);
    assertThat(e).hasMessage("--no-keep-alive and --keep-alive cannot be used together; give one of them");
  }

  @Test
  void describe_valueFlagGivenTwice_isRepeated() {
    UsageException e = describe("--max-wait-hours=1", "--max-wait-hours", "2");

    assertThat(e.code()).isEqualTo(ExitCodes.Code.USAGE_REPEATED_FLAG);
    assertThat(e).hasMessage("--max-wait-hours was given twice; give it once");
  }

  @Test
  void describe_argumentToACommandWithoutParameters_isUnexpected() {
    UsageException e = describe("now");

    assertThat(e.code()).isEqualTo(ExitCodes.Code.USAGE_UNEXPECTED_ARGUMENT);
    assertThat(e).hasMessage("unexpected argument 'now': train takes no arguments, only options");
  }
}
