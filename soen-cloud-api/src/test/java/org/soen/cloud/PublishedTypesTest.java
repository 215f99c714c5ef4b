package org.soen.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.SubmitRequest;

/** What users see of the value types, compiled as a user compiles: strict and without Immutables. */
class PublishedTypesTest {
  private static final List<Class<?>> BUILDERS = List.of(CloudConfig.Builder.class,
      InstanceSpec.Builder.class, InstancePrice.Builder.class, JobHandle.Builder.class,
      CostReport.Builder.class, CostEstimate.Builder.class, JobEvent.Builder.class,
      ConfigProblem.Builder.class, JobStatus.Builder.class, MlflowSettings.Builder.class,
      SettingOrigin.Builder.class, BackendContext.Builder.class, SubmitRequest.Builder.class,
      JobRecord.Builder.class);

  private static final String USER_CODE = String.join("\n",
      "import java.util.List;",
      "import org.soen.cloud.CloudConfig;",
      "class UserCode {",
      "  CloudConfig config() {",
      "    return CloudConfig.builder().provider(\"local\").experiment(\"mnist\")",
      "        .command(List.of(\"python\", \"train.py\")).build().toBuilder().active(true).build();",
      "  }",
      "}", "");

  @Test
  void userCode_compiledWithXlintAllAndWerror_getsNoWarningWithoutImmutablesOnTheClassPath(
      @TempDir Path out) throws IOException {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("immutables"))
        .collect(Collectors.joining(File.pathSeparator));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///UserCode.java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return USER_CODE;
      }
    };
    boolean compiled;
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      compiled = javac.getTask(diagnostics, files, null, List.of("-Xlint:all", "-Werror",
          "-proc:none", "--release", "17", "-classpath", classPath, "-d", out.toString()),
          null, List.of(source)).call();
    }

    assertThat(diagnostics.toString()).doesNotContain("org.immutables").isEmpty();
    assertThat(compiled).isTrue();
    assertThat(Files.list(out)).isNotEmpty();
  }

  @Test
  void everyValueBuilder_extendsOnlyAHiddenGeneratedBuilder_soItsJavadocListsEveryMethod() {
    for (Class<?> builder : BUILDERS) {
      assertThat(Modifier.isPublic(builder.getModifiers())).as(builder + " is public").isTrue();
      Class<?> generated = builder.getSuperclass();
      assertThat(Modifier.isPublic(generated.getModifiers()))
          .as(generated + " is package-private, so Javadoc documents its methods in " + builder)
          .isFalse();
    }
  }
}
