package org.soen.examples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The project README's testkit example is {@link ReadmeExampleTest} as it is compiled and run here,
 * so the example a user copies runs as written.
 */
class ReadmeShowsTheTestkitExampleTest {
  private static final Path README = Path.of("../../README.md");
  private static final Path EXAMPLE =
      Path.of("src/test/java/org/soen/examples/testkit/ReadmeExampleTest.java");

  @Test
  void readme_testkitSection_showsTheTestedExampleVerbatim() throws IOException {
    String source = Files.readString(EXAMPLE);
    String example = source.substring(source.indexOf("// README:start\n") + 16,
        source.indexOf("// README:end"));
    String readme = Files.readString(README);
    String section = readme.substring(readme.indexOf("## Testing your code with the testkit"));

    assertThat(section).as("README's testkit section shows " + EXAMPLE + " between its markers")
        .contains("```java\n" + example + "```\n");
  }
}
