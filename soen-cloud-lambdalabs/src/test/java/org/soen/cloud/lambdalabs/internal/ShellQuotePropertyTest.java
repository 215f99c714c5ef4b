package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ShellQuotePropertyTest {
  private static final String NASTY = " '\"`$\\;|&<>(){}[]*?!#~=%\n\t^aZ9-_./é";

  private static Gen<String> nastyStrings() {
    return strings().betweenCodePoints(32, 0x7e).ofLengthBetween(0, 20)
        .zip(Generate.pick(List.of("", "'", "$(id)", "`id`", "a b", "\"", "\\", "; rm -rf x", "\n", "é", "'\\''")),
            (a, b) -> a + b)
        .zip(Generate.pick(List.of(NASTY.split(""))), (a, b) -> b + a + b);
  }

  private static String echoThroughSh(String... args) throws IOException, InterruptedException {
    StringBuilder cmd = new StringBuilder("printf '%s\\0'");
    for (String a : args) {
      cmd.append(' ').append(Shell.quote(a));
    }
    Process p = new ProcessBuilder("/bin/sh", "-c", cmd.toString()).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    p.waitFor();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void quote_whenReadBackBySh_givesTheSameArgument() {
    qt().withExamples(150).forAll(nastyStrings(), nastyStrings()).checkAssert((a, b) -> {
      try {
        assertThat(echoThroughSh(a, b)).isEqualTo(a + "\0" + b + "\0");
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void quote_whenArgumentHoldsNul_refuses() {
    assertThatThrownBy(() -> Shell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a shell argument cannot hold a NUL character");
  }
}
