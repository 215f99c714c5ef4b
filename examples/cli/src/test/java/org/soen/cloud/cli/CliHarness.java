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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.testkit.FakeTrainingBackend;
import org.soen.cloud.testkit.ManualClock;

/** Runs the command line in-process against the testkit's fake provider and a manual clock. */
final class CliHarness {
  final ManualClock clock = ManualClock.create();
  final FakeTrainingBackend fake = FakeTrainingBackend.builder().clock(clock).build();
  final Path home;
  final Path work;
  final Map<String, String> environment = new HashMap<>();
  final List<Runnable> interruptActions = new ArrayList<>();
  int trainersMade;
  /** Simulates Ctrl-C as soon as a command registers its interrupt action. */
  boolean pressCtrlC;

  CliHarness(Path dir) {
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
    Path file = work.resolve(name);
    try {
      Files.writeString(file, "training:\n  epochs: 3\ncloud:\n  provider: fake\n  experiment: cli\n"
          + "  command: [python, train.py]\n" + extraCloudLines);
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
        .environment(environment).home(home).workingDirectory(work).terminal(false)
        .trainers((h, env, listener) -> {
          trainersMade++;
          return CloudTrainer.builder().provider(fake.provider()).discoverProviders(false)
              .clock(clock).sleeper(clock).home(h).environment(env).listener(listener).build();
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
