package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One key on a terminal that can be switched to character mode; a line otherwise. */
class KeyPrompterTest {
  private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
  private final List<String> modes = new ArrayList<>();

  private KeyPrompter prompter(String typed, boolean canSwitch) {
    KeyPrompter.KeyMode mode = () -> {
      if (!canSwitch) {
        return Optional.empty();
      }
      modes.add("character");
      return Optional.of(() -> modes.add("restored"));
    };
    return new KeyPrompter(new PrintStream(shown, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), mode, StandardCharsets.UTF_8);
  }

  @Test
  void ask_inCharacterMode_takesOneKeyWithoutEnterAndRestoresTheMode() {
    KeyPrompter p = prompter("dX", true);

    assertThat(p.ask("Stop [S] or detach [d]? ")).isEqualTo("d");
    assertThat(modes).containsExactly("character", "restored");
    assertThat(shown.toString(StandardCharsets.UTF_8)).isEqualTo("Stop [S] or detach [d]? " + System.lineSeparator());
  }

  @Test
  void ask_inCharacterMode_enterIsTheEmptyAnswer() {
    assertThat(prompter("\r", true).ask("? ")).isEmpty();
    assertThat(prompter("\n", true).ask("? ")).isEmpty();
    assertThat(prompter("", true).ask("? ")).as("end of input").isEmpty();
  }

  @Test
  void ask_whenTheModeCannotBeSwitched_readsALine() {
    KeyPrompter p = prompter("detach\r\nrest", false);

    assertThat(p.ask("? ")).isEqualTo("detach");
    assertThat(modes).isEmpty();
    assertThat(shown.toString(StandardCharsets.UTF_8)).isEqualTo("? ");
  }
}
