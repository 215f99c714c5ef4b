package org.soen.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider end to end with real child processes. */
class LocalLifecycleIT {
  @TempDir Path dir;
  Path home;
  final List<JobEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    home = dir.resolve("home");
    Files.createDirectories(dir.resolve("work/data/images"));
    Files.writeString(dir.resolve("work/data/images/a.txt"), "pixels");
  }

  private CloudTrainer trainer(Map<String, String> env) {
    return CloudTrainer.builder().home(home).environment(env).listener(events::add)
        .pollInterval(Duration.ofMillis(50)).build();
  }

  private Path yaml(String cloudSection) throws IOException {
    Path file = dir.resolve("work/train.yaml");
    Files.writeString(file, "training:\n  epochs: 3\nlogging:\n  mlflow_password: hunter2-mlflow\ncloud:\n"
        + "  provider: local\n  experiment: mnist\n  data: data/\n" + cloudSection);
    return file;
  }

  private static String sh(String script) {
    return "  command: [/bin/sh, -c, '" + script.replace("'", "''") + "']\n";
  }

  @Test
  void successfulJob_streamsEpochs_andLeavesItsArtifacts() throws IOException {
    Path file = yaml(sh("test -f \"$SOEN_DATA_DIR/images/a.txt\" || exit 9; "
        + "for i in 1 2 3; do echo \"epoch $i/3 loss=0.$i acc=0.9$i\"; done; "
        + "echo weights > \"$SOEN_OUTPUT_DIR/model.bin\"; mkdir -p \"$SOEN_OUTPUT_DIR/logs\"; echo x > \"$SOEN_OUTPUT_DIR/logs/l.txt\""
        ) + "  artifacts: [model.bin]\n");
    try (CloudTrainer trainer = trainer(Map.of())) {
      JobHandle job = trainer.submit(file);
      JobStatus done = trainer.await(job, Duration.ofMinutes(1));

      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.exitCode()).contains(0);
      assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.METRICS)
          .extracting(e -> e.epoch().orElseThrow()).containsExactly(1, 2, 3);
      assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.METRICS).last()
          .satisfies(e -> assertThat(e.metrics()).containsEntry("loss", 0.3).containsEntry("acc", 0.93));
      assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.STATE).extracting(e -> e.state().orElseThrow())
          .containsExactly(JobState.PENDING, JobState.STAGING, JobState.RUNNING, JobState.COMPLETED);

      Path staging = Path.of(job.details().get("staging_dir"));
      assertThat(staging.getParent()).isEqualTo(home.resolve("local/soen/default/mnist/" + job.id()));
      assertThat(staging.getFileName().toString()).matches("\\d{8}-\\d{6}");
      assertThat(staging.resolve("config/training_config.yaml")).content().contains("epochs: 3");
      assertThat(staging.resolve("data/images/a.txt")).hasContent("pixels");

      List<Path> files = trainer.download(job, dir.resolve("out"));
      assertThat(files).containsExactly(dir.resolve("out/model.bin"));
      assertThat(dir.resolve("out/model.bin")).hasContent("weights");
      assertThat(trainer.costReport(job)).hasValueSatisfying(r -> {
        assertThat(r.totalUsd()).isEqualByComparingTo("0");
        assertThat(r.phases()).extracting(PhaseCost::phase).containsExactly("upload", "training");
        assertThat(r.comparisons()).extracting(CostEstimate::provider).contains("sagemaker", "lambdalabs");
      });
    }
  }

  @Test
  void failingJob_reportsItsExitCodeAndLastLine() throws IOException {
    Path file = yaml(sh("echo starting; echo \"CUDA out of memory\"; exit 3"));
    try (CloudTrainer trainer = trainer(Map.of())) {
      JobStatus done = trainer.await(trainer.submit(file), Duration.ofMinutes(1));
      assertThat(done.state()).isEqualTo(JobState.FAILED);
      assertThat(done.exitCode()).contains(3);
      assertThat(done.message()).contains("the training command exited with code 3; last log line: CUDA out of memory");
    }
  }

  @Test
  void stopMidRun_endsTheWholeProcessTree() throws IOException {
    Path file = yaml(sh("sleep 300 & sleep 301 & echo started; wait"));
    try (CloudTrainer trainer = trainer(Map.of())) {
      JobHandle job = trainer.submit(file);
      for (int i = 0; i < 200 && events.stream().noneMatch(e -> e.message().equals("started")); i++) {
        trainer.await(job, Duration.ofMillis(50));
      }
      assertThat(events).anyMatch(e -> e.message().equals("started"));
      ProcessHandle root = ProcessHandle.of(Long.parseLong(job.providerJobId().orElseThrow())).orElseThrow();
      List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).collect(Collectors.toList());
      assertThat(tree).hasSizeGreaterThanOrEqualTo(3);

      JobStatus stopped = trainer.stop(job);

      assertThat(stopped.state()).isEqualTo(JobState.STOPPED);
      assertThat(tree).noneMatch(ProcessHandle::isAlive);
      assertThat(trainer.stop(job).state()).as("stop is idempotent").isEqualTo(JobState.STOPPED);
      assertThat(trainer.status(trainer.handle(job.id())).state()).isEqualTo(JobState.STOPPED);
    }
  }

  @Test
  void job_runsInASessionOfItsOwn_soTheLaunchersTerminalSignalsMissIt() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")) && Files.exists(Path.of("/proc/self/stat")),
        "Linux with util-linux setsid");
    Path file = yaml(sh("echo started; sleep 300"));
    try (CloudTrainer trainer = trainer(Map.of())) {
      JobHandle job = trainer.submit(file);
      for (int i = 0; i < 200 && events.stream().noneMatch(e -> e.message().equals("started")); i++) {
        trainer.await(job, Duration.ofMillis(50));
      }
      String pid = job.providerJobId().orElseThrow();
      // Ctrl-C goes to the terminal's foreground process group, a hang-up to its session
      assertThat(sessionAndGroup(pid)).as("session and process group of the job")
          .doesNotContainAnyElementsOf(sessionAndGroup("self"));
      assertThat(trainer.status(trainer.handle(job.id())).state()).isEqualTo(JobState.RUNNING);
      assertThat(trainer.stop(job).state()).isEqualTo(JobState.STOPPED);
    }
  }

  /** The session id and process group id of a process, from {@code /proc/<pid>/stat}. */
  private static List<String> sessionAndGroup(String pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return List.of("session " + f[3], "group " + f[2]);
  }

  @Test
  void attach_fromANewTrainer_afterTheFirstIsGone() throws IOException {
    Path file = yaml(sh("echo one; sleep 1; echo \"epoch 1 loss=0.5\"; echo two"));
    String id;
    try (CloudTrainer first = trainer(Map.of())) {
      id = first.submit(file).id();
    }
    events.clear();
    try (CloudTrainer second = trainer(Map.of())) {
      JobHandle job = second.attach(second.handle(id));
      JobStatus done = second.await(job, Duration.ofMinutes(1));
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(events).filteredOn(e -> e.kind() == JobEvent.Kind.LOG).extracting(JobEvent::message)
          .containsExactly("one", "epoch 1 loss=0.5", "two");
      assertThat(second.list()).extracting(JobStatus::jobId).contains(id);
      assertThat(second.list()).filteredOn(s -> s.jobId().equals(id)).singleElement()
          .satisfies(s -> assertThat(s.state()).isEqualTo(JobState.COMPLETED));
    }
  }

  @Test
  void handle_ofAnUnknownJob_namesTheJournal() {
    try (CloudTrainer trainer = trainer(Map.of())) {
      assertThatThrownBy(() -> trainer.handle("soen-nope-20260101000000-abcd"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("no job named soen-nope-20260101000000-abcd in the journal " + home.resolve("jobs"));
    }
  }

  @Test
  void secrets_reachTheJobButNoLogEventJournalOrStagedFile() throws IOException {
    // The command checks lengths, so the test's own command line holds no secret.
    Path file = yaml(sh("test \"${#MLFLOW_TRACKING_PASSWORD}\" = 14 && test \"${#HF_TOKEN}\" = 15 "
        + "&& echo secrets-arrived") + "  secret_env: [HF_TOKEN]\n");
    try (CloudTrainer trainer = trainer(Map.of("HF_TOKEN", "hf_secret_value", "LAMBDA_API_KEY", "lambda_secret_key"))) {
      CloudConfig config = trainer.loadConfig(file);
      assertThat(config.toString()).doesNotContain("hunter2-mlflow", "hf_secret_value", "lambda_secret_key");
      JobHandle job = trainer.submit(config);
      JobStatus done = trainer.await(job, Duration.ofMinutes(1));

      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(events).anyMatch(e -> e.message().equals("secrets-arrived"));
      assertThat(events).anyMatch(e -> e.message().contains("left out of the staged config (secrets): logging.mlflow_password"));
      List<String> everything = new ArrayList<>();
      events.forEach(e -> everything.add(e.toString()));
      try (Stream<Path> files = Files.walk(home)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          everything.add(f + ":" + Files.readString(f));
        }
      }
      everything.add(job.toString());
      everything.add(done.toString());
      assertThat(everything).isNotEmpty().allSatisfy(text ->
          assertThat(text).doesNotContain("hunter2-mlflow", "hf_secret_value", "lambda_secret_key"));
    }
  }

  @Test
  void journal_isWrittenBeforeTheProviderIsCalled() throws IOException {
    RecordingProvider recording = new RecordingProvider() {
      @Override
      public org.soen.cloud.spi.TrainingBackend create(org.soen.cloud.spi.BackendContext context) {
        org.soen.cloud.spi.TrainingBackend inner = super.create(context);
        return new ForwardingBackend(inner) {
          @Override
          public JobHandle submit(org.soen.cloud.spi.SubmitRequest request) {
            assertThat(context.journal().find(request.jobName())).hasValueSatisfying(
                r -> assertThat(r.state()).isEqualTo(JobState.PENDING));
            return super.submit(request);
          }
        };
      }
    };
    Path file = yaml("");
    Files.writeString(file, "cloud:\n  provider: recording\n");
    try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(Map.of()).provider(recording).build()) {
      JobHandle job = trainer.submit(file);
      assertThat(recording.calls).containsExactly("submit");
      assertThat(home.resolve("jobs/" + job.id() + ".json")).exists();
    }
  }
}
