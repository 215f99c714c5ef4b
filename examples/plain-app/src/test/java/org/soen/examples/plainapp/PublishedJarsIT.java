package org.soen.examples.plainapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The jars this application gets, as built by the project's {@code verify}: each carries its
 * Automatic-Module-Name and lies next to its -sources and -javadoc jars, as Maven Central needs.
 */
class PublishedJarsIT {
  private static final List<Path> CLASS_PATH = Arrays.stream(
      System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();

  @ParameterizedTest
  @CsvSource({
      "soen-cloud-api, org.soen.cloud.api",
      "soen-cloud-aws, org.soen.cloud.aws",
      "soen-cloud-aws-rules, org.soen.cloud.aws.rules",
      "soen-cloud-lambdalabs, org.soen.cloud.lambdalabs",
      "soen-cloud-testkit, org.soen.cloud.testkit",
      "soen-cloud-testkit-wire, org.soen.cloud.testkit.wire"})
  void publishedJar_carriesItsModuleNameAndComesWithSourcesAndJavadoc(String artifact,
      String moduleName) throws IOException {
    Path jar = CLASS_PATH.stream()
        .filter(p -> p.getFileName().toString().matches(artifact + "-\\d[^-]*(-SNAPSHOT)?\\.jar"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(artifact + " is not on the class path as a jar: "
            + CLASS_PATH));
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals(moduleName, file.getManifest().getMainAttributes().getValue(
          "Automatic-Module-Name"), jar + ": Automatic-Module-Name");
    }
    String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    assertTrue(Files.isRegularFile(jar.resolveSibling(base + "-sources.jar")),
        base + "-sources.jar next to " + jar);
    assertTrue(Files.isRegularFile(jar.resolveSibling(base + "-javadoc.jar")),
        base + "-javadoc.jar next to " + jar);
  }
}
