package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.soen.cloud.ConfigProblem;

/** Every error code a script can see in a --json error is documented in this module's README. */
class ErrorCodesDocumentedTest {
  private static String errorsSection() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("## Errors and exit codes");
    assertThat(start).as("README has an 'Errors and exit codes' section").isNotNegative();
    int next = readme.indexOf("\n## ", start + 1);
    return next < 0 ? readme.substring(start) : readme.substring(start, next);
  }

  @Test
  void everyCodeInTheTable_isDocumentedWithItsExitCode() throws IOException {
    String section = errorsSection();

    for (ExitCodes.Code code : ExitCodes.Code.values()) {
      assertThat(section).as("README documents " + code.id())
          .contains("| `" + code.id() + "` | " + code.exitCode() + " |");
    }
  }

  @Test
  void everyConfigProblemCode_isDocumented() throws IOException, IllegalAccessException {
    String section = errorsSection();
    List<String> codes = new ArrayList<>();
    for (Field f : ConfigProblem.class.getFields()) {
      if (f.getName().startsWith("CODE_") && Modifier.isStatic(f.getModifiers())) {
        codes.add((String) f.get(null));
      }
    }

    assertThat(codes).isNotEmpty();
    codes.forEach(c -> assertThat(section).as("README documents " + c).contains("`" + c + "`"));
  }

  @Test
  void codes_areUniqueAndNeverAJavaName() {
    List<String> ids = Arrays.stream(ExitCodes.Code.values()).map(ExitCodes.Code::id).toList();

    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z]+(\\.[a-z_]+)?"));
  }
}
