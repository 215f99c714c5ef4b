package org.soen.cloud.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.testkit.FakeTrainingBackend;
import org.soen.cloud.testkit.ManualClock;
import org.soen.cloud.testkit.RecordingJobListener;

/**
 * What the JUnit extension gives one test, closed by JUnit through its store: the trainer first,
 * then the fake, then the home folder is deleted. Not API.
 */
public final class TestResources implements ExtensionContext.Store.CloseableResource {
  /**
   * How to build the resources; a {@code null} {@code providerId} makes the fake stand in for
   * every provider a config may name (see {@link StandIns}).
   */
  public record Settings(String providerId, Instant start, Duration pollInterval,
      Map<String, String> environment, Consumer<CloudTrainer.Builder> trainerCustomizer) {}

  private final ManualClock clock;
  private final FakeTrainingBackend fake;
  private final RecordingJobListener events;
  private final Path home;
  private final CloudTrainer trainer;

  private TestResources(Settings settings) {
    this.clock = ManualClock.startingAt(settings.start());
    FakeTrainingBackend.Builder fb = FakeTrainingBackend.builder().clock(clock);
    if (settings.providerId() != null) {
      fb.id(settings.providerId());
    }
    this.fake = fb.build();
    this.events = new RecordingJobListener();
    try {
      this.home = Files.createTempDirectory("soen-home-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary soen home folder", e);
    }
    CloudTrainer.Builder b = CloudTrainer.builder().discoverProviders(false);
    if (settings.providerId() != null) {
      b.provider(fake.provider());
    } else {
      StandIns.of(fake).forEach(b::provider);
    }
    b
        .clock(clock)
        .sleeper(clock)
        .home(home)
        .environment(settings.environment())
        .listener(events)
        .pollInterval(settings.pollInterval());
    settings.trainerCustomizer().accept(b);
    CloudTrainer built;
    try {
      built = b.build();
    } catch (RuntimeException e) {
      deleteQuietly(home, e);
      throw e;
    }
    this.trainer = built;
  }

  /** Fresh resources for one test. */
  public static TestResources open(Settings settings) {
    return new TestResources(settings);
  }

  /** The test's clock, also the trainer's sleeper. */
  public ManualClock clock() {
    return clock;
  }

  /** The test's fake provider. */
  public FakeTrainingBackend fake() {
    return fake;
  }

  /** The events the trainer reported. */
  public RecordingJobListener events() {
    return events;
  }

  /** The temporary soen home folder. */
  public Path home() {
    return home;
  }

  /** The trainer wired to all of the above. */
  public CloudTrainer trainer() {
    return trainer;
  }

  @Override
  public void close() throws IOException {
    try {
      trainer.close();
    } finally {
      fake.close();
      delete(home);
    }
  }

  private static void deleteQuietly(Path dir, RuntimeException failure) {
    try {
      delete(dir);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
