package org.soen.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.JobListener;
import org.soen.cloud.spi.Sleeper;
import org.soen.cloud.testkit.FakeTrainingBackend;
import org.soen.cloud.testkit.ManualClock;

/** Runs the command line in-process against the testkit's fake provider and a manual clock. */
final class CliHarness {
  final ManualClock clock;
  /** The fake declares the real providers' settings, so configs written for them read as in production. */
  final FakeTrainingBackend fake;
  final Path home;
  final Path work;
  final Map<String, String> environment = new HashMap<>();
  final List<Runnable> interruptActions = new CopyOnWriteArrayList<>();
  /** Also told of every job event the command's trainer emits. */
  final List<JobListener> observers = new CopyOnWriteArrayList<>();
  int trainersMade;
  /** Simulates Ctrl-C as soon as a command registers its interrupt action. */
  boolean pressCtrlC;
  /**
   * Use the providers found on the class path ({@code sagemaker}, {@code lambdalabs}, {@code local})
   * instead of the testkit's fake backend, e.g. against EmbeddedS3/FakeSageMaker or FakeLambdaCloud.
   */
  boolean discoverProviders;
  /**
   * Let only the provider's own threads move the manual clock: the command's thread waits between
   * polls for a few real milliseconds instead. For providers whose job runs real work in the
   * background (Lambda's SSH steps), so the waiting launcher cannot fast-forward simulated time
   * past the job's deadlines while the work is still going.
   */
  boolean launcherWaitsInRealTime;
  /** Whether the command believes it writes to a terminal (and may ask questions there). */
  boolean terminal;
  /** The lines the person at the terminal types, one per question; asking with none left fails the test. */
  final java.util.Deque<String> answers = new java.util.concurrent.ConcurrentLinkedDeque<>();
  /** The questions the command asked. */
  final List<String> questions = new CopyOnWriteArrayList<>();
  /** A log line of the last submitted job, sent to the command while it asks a question. */
  String logWhileAsking = "a log line while asking";
  /** Simulates a second Ctrl-C while a question waits (after the log line is sent). */
  boolean ctrlCWhileAsking;
  /** What the command printed on stdout while the last question waited for its answer. */
  volatile String outWhileAsking;
  private volatile JobListener commandListener;
  /** How often the trainer polls a job (the trainer's default when null). */
  Duration pollInterval;
  /** When set, making a trainer throws this (a stand-in for a bug in soen-cloud). */
  RuntimeException trainerFailure;

  CliHarness(Path dir) {
    this(dir, ManualClock.create());
  }

  /** A harness on {@code clock}: two harnesses on one clock are two launchers (two homes) at the same time. */
  CliHarness(Path dir, ManualClock clock) {
    this.clock = clock;
    this.fake = FakeTrainingBackend.builder().clock(clock)
        .settings(new org.soen.cloud.aws.SageMakerProvider().settings())
        .settings(new org.soen.cloud.lambdalabs.LambdaLabsProvider().settings()).build();
    this.home = dir.resolve("home");
    this.work = dir.resolve("work");
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A training YAML for the fake in the working folder. */
  Path writeConfig(String name, String extraCloudLines) {
    return writeFile(name, "training:\n  epochs: 3\ncloud:\n  provider: fake\n  experiment: cli\n"
        + "  command: [python, train.py]\n" + extraCloudLines);
  }

  /** A file in the working folder. */
  Path writeFile(String name, String content) {
    Path file = work.resolve(name);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx = CliContext.builder()
        .out(new PrintStream(out, true, StandardCharsets.UTF_8))
        .err(new PrintStream(err, true, StandardCharsets.UTF_8))
        .environment(environment).home(home).workingDirectory(work).terminal(terminal)
        .prompter(question -> {
          questions.add(question);
          int before = out.toString(StandardCharsets.UTF_8).length();
          List<org.soen.cloud.testkit.RecordedSubmission> submitted = fake.submissions();
          if (!submitted.isEmpty() && commandListener != null) {
            commandListener.onEvent(org.soen.cloud.JobEvent.builder().kind(org.soen.cloud.JobEvent.Kind.LOG)
                .jobId(submitted.get(submitted.size() - 1).jobId()).at(clock.instant()).message(logWhileAsking).build());
          }
          outWhileAsking = out.toString(StandardCharsets.UTF_8).substring(before);
          if (ctrlCWhileAsking) {
            List.copyOf(interruptActions).forEach(Runnable::run);
          }
          String answer = answers.poll();
          if (answer == null) {
            throw new AssertionError("asked with no answer scripted: " + question);
          }
          return answer;
        })
        .trainers((h, env, listener, pricingFile) -> {
          trainersMade++;
          commandListener = listener;
          if (trainerFailure != null) {
            throw trainerFailure;
          }
          CloudTrainer.Builder b = discoverProviders ? CloudTrainer.builder()
              : CloudTrainer.builder().provider(fake.provider()).discoverProviders(false);
          Thread launcher = Thread.currentThread();
          Sleeper sleeper = !launcherWaitsInRealTime ? clock : d -> {
            if (Thread.currentThread() == launcher) {
              TimeUnit.MILLISECONDS.sleep(10);
            } else {
              clock.sleep(d);
            }
          };
          if (pollInterval != null) {
            b.pollInterval(pollInterval);
          }
          return b.clock(clock).sleeper(sleeper).home(h).environment(env).pricingFile(pricingFile.orElse(null)).listener(e -> {
            listener.onEvent(e);
            observers.forEach(o -> o.onEvent(e));
          }).build();
        })
        .interrupts(action -> {
          interruptActions.add(action);
          if (pressCtrlC) {
            action.run();
          }
          return () -> interruptActions.remove(action);
        })
        .clock(clock).sleeper(clock)
        .build();
    int code = SoenCloudCli.run(args, ctx);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not one JSON document: " + out, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
