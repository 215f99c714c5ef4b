package org.soen.cloud.apiguard;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes of the published jars (api, aws-rules, testkit, testkit-wire, aws, lambdalabs) as they are on this
 * module's test class path, each with the module it comes from: its {@code target/classes} folder
 * in a reactor build, or its jar.
 */
final class PublishedClasses {
  private static final Pattern MODULE = Pattern.compile("/(soen-cloud-[a-z-]+?)(?:/target/classes/|-\\d[^/]*\\.jar!/)");

  private PublishedClasses() {}

  /** Every class under {@code org.soen.cloud} of the published jars, without this module's own; imported once. */
  static JavaClasses load() {
    return Imported.CLASSES;
  }

  /** Imported on first use (the import takes seconds), then shared by every test of this run. */
  private static final class Imported {
    static final JavaClasses CLASSES = importClasses();
  }

  private static JavaClasses importClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> module(location.asURI().toString()).isPresent())
        .importPackages("org.soen.cloud");
  }

  /** The module ({@code soen-cloud-aws}) that {@code c} was loaded from. */
  static String moduleOf(JavaClass c) {
    return c.getSource().flatMap(s -> module(s.getUri().toString()))
        .orElseThrow(() -> new IllegalStateException("no module for " + c.getName() + " from " + c.getSource()));
  }

  private static Optional<String> module(String uri) {
    Matcher m = MODULE.matcher(uri);
    return m.find() && !m.group(1).equals("soen-cloud-api-guard") ? Optional.of(m.group(1)) : Optional.empty();
  }
}
