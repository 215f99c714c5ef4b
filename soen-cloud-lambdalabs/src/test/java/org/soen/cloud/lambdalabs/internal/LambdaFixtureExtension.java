package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test a fresh {@link LambdaFixture} in a temporary folder of its own: before each test
 * (and before the test's own {@code @BeforeEach} methods) it sets the test class's one field of
 * type {@code LambdaFixture}; after the test (and its {@code @AfterEach} methods) it closes the
 * fixture and deletes the folder, {@link LambdaFixture#root}.
 *
 * <pre>{@code
 * @ExtendWith(LambdaFixtureExtension.class)
 * class SomeIT {
 *   LambdaFixture f;
 * }
 * }</pre>
 */
final class LambdaFixtureExtension implements BeforeEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LambdaFixtureExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    Object test = context.getRequiredTestInstance();
    Field field = fixtureField(test.getClass());
    Path root = Files.createTempDirectory("lambda-it");
    Fresh fresh = new Fresh(root);
    context.getStore(NAMESPACE).put(Fresh.class, fresh);
    fresh.fixture = new LambdaFixture(root);
    field.setAccessible(true);
    field.set(test, fresh.fixture);
  }

  private static Field fixtureField(Class<?> testClass) {
    List<Field> fields = Arrays.stream(testClass.getDeclaredFields())
        .filter(f -> f.getType() == LambdaFixture.class && !Modifier.isStatic(f.getModifiers())).toList();
    if (fields.size() != 1) {
      throw new IllegalStateException(testClass.getSimpleName() + " declares " + fields.size()
          + " instance fields of type LambdaFixture; LambdaFixtureExtension sets exactly one");
    }
    return fields.get(0);
  }

  /** One test's fixture and folder; JUnit closes it when the test is done. */
  private static final class Fresh implements ExtensionContext.Store.CloseableResource {
    final Path root;
    LambdaFixture fixture;

    Fresh(Path root) {
      this.root = root;
    }

    @Override
    public void close() throws IOException {
      try {
        if (fixture != null) {
          fixture.close();
        }
      } finally {
        deleteTree(root);
      }
    }
  }

  /** Deletes {@code root} and all below it, making a folder writable where its entries cannot be removed otherwise. */
  static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void delete(Path p) throws IOException {
    try {
      Files.delete(p);
    } catch (AccessDeniedException e) {
      if (!p.getParent().toFile().setWritable(true, true)) {
        throw new UncheckedIOException("cannot make " + p.getParent() + " writable to delete " + p, e);
      }
      Files.delete(p);
    }
  }
}
