package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.JobStatus;
import org.soen.cloud.ReapReport;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.testkit.lambda.FakeLambdaInstance;

/** Whose instance is whose on a shared account, and when a launcher counts as gone. */
class LambdaOwnershipIT {
  @TempDir Path tmp;
  LambdaFixture a;
  LambdaFixture b;

  @BeforeEach
  void setUp() {
    a = new LambdaFixture(tmp.resolve("a"));
    b = new LambdaFixture(tmp.resolve("b"), a);
  }

  @AfterEach
  void tearDown() {
    b.close();
    a.close();
  }

  /** A job left running by its launcher, with the instance's own autodown off so only the reapers act. */
  private static CloudConfig.Builder unattended(LambdaFixture f) {
    return f.config().set(LambdaSettings.AUTODOWN, "off");
  }

  private static FakeLambdaInstance instanceOf(LambdaFixture f, JobHandle job) {
    String id = f.state(job.id()).get(Keys.INSTANCE_ID);
    return f.fake.instances().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
  }

  private static LambdaBackend deadLaunchers(LambdaFixture f) {
    LambdaBackend backend = f.backend();
    backend.probeProcesses(pid -> Optional.empty());
    return backend;
  }

  @Test
  @DisplayName("two journals on one account: neither reaps the other's running instance, both reap one past its deadline")
  void twoJournals_neitherReapsTheOthers_bothReapPastDeadline() throws Exception {
    CloudConfig shortJob = unattended(a).build();
    shortJob = shortJob.toBuilder().instance(org.soen.cloud.InstanceSpec.builder().from(shortJob.instance())
        .maxRuntime(Duration.ofHours(1)).build()).build();
    JobHandle ofA = a.submitAndKillAfter(Step.RUN, "soen-yolo-20260101000000-own-a", shortJob);
    JobHandle ofB = b.submitAndKillAfter(Step.RUN, "soen-yolo-20260101000000-own-b", unattended(b).build());
    FakeLambdaInstance ia = instanceOf(a, ofA);
    FakeLambdaInstance ib = instanceOf(b, ofB);
    assertThat(a.journal.owner()).isNotEqualTo(b.journal.owner()).matches("[0-9a-f]{16}");
    assertThat(ia.tags()).containsEntry(Provisioner.OWNER_TAG, a.journal.owner())
        .containsEntry(Provisioner.DEADLINE_TAG, Long.toString(Instant.parse(a.state(ofA.id()).get(Keys.DEADLINE)).getEpochSecond()));

    // Even with every launcher process counted as dead, the other journal's instance is only listed.
    ReapReport byB = deadLaunchers(b).reap(false);
    assertThat(byB.leftRunning()).containsExactly(ReapReport.LeftRunning.of("lambdalabs", "Lambda instance " + ia.id()
        + " (" + ofA.id() + ", gpu_1x_a100_sxm4 in us-east-1)", Optional.of(a.journal.owner()),
        Optional.of(Instant.parse(a.state(ofA.id()).get(Keys.DEADLINE))), "it belongs to someone else"));
    assertThat(byB.released()).extracting(ReapReport.Released::resource)
        .anyMatch(r -> r.startsWith("Lambda instance " + ib.id()));
    assertThat(instanceOf(a, ofA).status()).isEqualTo("active");
    ReapReport byA = a.backend().reap(false);
    assertThat(byA.released()).isEmpty();
    assertThat(instanceOf(a, ofA).status()).isEqualTo("active");

    JobHandle ofB2 = b.submitAndKillAfter(Step.RUN, "soen-yolo-20260101000000-own-b2", unattended(b).build());
    a.clock.advance(Duration.ofHours(2));
    String pastA = "Lambda instance " + ia.id() + " (" + ofA.id() + ", gpu_1x_a100_sxm4 in us-east-1): it is past its deadline";
    ReapReport dryA = a.backend().reap(true);
    assertThat(dryA.released()).extracting(LambdaFixture::line).anyMatch(l -> l.startsWith(pastA));
    assertThat(dryA.leftRunning()).extracting(ReapReport.LeftRunning::resource)
        .anyMatch(l -> l.startsWith("Lambda instance " + instanceOf(b, ofB2).id()));
    assertThat(b.backend().reap(true).released()).extracting(LambdaFixture::line).anyMatch(l -> l.startsWith(pastA))
        .hasSize(1);
    assertThat(b.backend().reap(false).released()).extracting(LambdaFixture::line).singleElement().asString()
        .startsWith(pastA);
    assertThat(instanceOf(a, ofA).status()).isEqualTo("terminated");
    assertThat(instanceOf(b, ofB2).status()).isEqualTo("active");
  }

  @Test
  @DisplayName("list shows this journal's jobs, then the other journals' instances with their owner and deadline")
  void list_showsOthersInstancesWithOwnerAndDeadline() throws Exception {
    JobHandle ofA = a.submitAndKillAfter(Step.RUN, "soen-yolo-20260101000000-ls-a", unattended(a).build());
    b.submitAndKillAfter(Step.RUN, "soen-yolo-20260101000000-ls-b", unattended(b).build());

    List<JobStatus> seenByB = b.backend().list(10);

    assertThat(seenByB).extracting(JobStatus::jobId).containsExactly("soen-yolo-20260101000000-ls-b", ofA.id());
    assertThat(seenByB.get(1).state()).isEqualTo(JobState.RUNNING);
    assertThat(seenByB.get(1).detail()).isEqualTo("active / instance " + instanceOf(a, ofA).id()
        + ", deadline " + a.state(ofA.id()).get(Keys.DEADLINE));
    assertThat(seenByB.get(1).foreign()).isTrue();
    assertThat(seenByB.get(1).owner()).contains(a.journal.owner());
    assertThat(seenByB.get(0).foreign()).as("B's own job").isFalse();
  }

  @Test
  @DisplayName("a launcher that is gone on this host is reaped at once; one that lives never is, until the deadline")
  void deadLauncherOnThisHost_reapedAtOnce() throws Exception {
    JobHandle job = a.submitAndKillAfter(Step.RUN, "soen-yolo-20260101000000-dl01", unattended(a).build());
    LauncherProcess recorded = LauncherProcess.of(a.state(job.id())).orElseThrow();
    assertThat(recorded).isEqualTo(LauncherProcess.current());

    a.clock.advance(Duration.ofHours(5));
    assertThat(a.backend().reap(false).released()).as("this test's JVM, the launcher, still runs").isEmpty();

    ReapReport reaped = deadLaunchers(a).reap(false);

    assertThat(reaped.released()).extracting(LambdaFixture::line).singleElement().asString()
        .startsWith("Lambda instance " + instanceOf(a, job).id())
        .endsWith(": its launcher (" + recorded + ", job " + job.id() + ") is gone");
    assertThat(instanceOf(a, job).status()).isEqualTo("terminated");
    assertThat(a.backend().status(job).state()).isEqualTo(JobState.FAILED);
    assertThat(a.backend().status(job).message().orElseThrow()).startsWith("the reaper terminated instance ");
  }

  @Test
  @DisplayName("a pid now held by a process started at another time counts as a gone launcher")
  void reusedPid_countsAsGone() throws Exception {
    JobHandle job = a.submitAndKillAfter(Step.RUN, "soen-yolo-20260101000000-dl02", unattended(a).build());
    LambdaBackend reaper = a.backend();
    Instant started = LauncherProcess.current().started();
    reaper.probeProcesses(pid -> Optional.of(started.plusSeconds(3600)));

    assertThat(reaper.reap(false).released()).singleElement().extracting(ReapReport.Released::why).asString()
        .contains("is gone");
    assertThat(instanceOf(a, job).status()).isEqualTo("terminated");
  }

  @Test
  @DisplayName("a launcher on another host is gone once its heartbeat is older than 10 minutes")
  void launcherOnAnotherHost_goneAfterTenMinutesOfSilence() throws Exception {
    JobHandle job = a.submitAndKillAfter(Step.RUN, "soen-yolo-20260101000000-oh01", unattended(a).build());
    a.journal.putProviderState(job.id(), Map.of(Keys.LAUNCHER_HOST, "another-host"));
    LambdaBackend reaper = deadLaunchers(a);

    a.clock.advance(Abandonment.OTHER_HOST_SILENCE.minusSeconds(1));
    assertThat(reaper.reap(false).released()).isEmpty();
    a.clock.advance(Duration.ofSeconds(1));
    assertThat(reaper.reap(false).released()).extracting(ReapReport.Released::why).singleElement().asString()
        .contains("its launcher (pid " + LauncherProcess.current().pid() + " on another-host) has not updated job "
            + job.id() + " since ").endsWith("more than 10 minutes");
    assertThat(instanceOf(a, job).status()).isEqualTo("terminated");
  }

  @Test
  @DisplayName("a job whose API URL is only in its YAML is reaped and attached at that URL, not the default one")
  void apiUrlOnlyInYaml_reapAndAttachUseIt() throws Exception {
    Map<String, String> env = new HashMap<>(a.environment());
    env.remove("LAMBDA_API_URL");
    BackendContext noUrl = BackendContext.builder().from(a.context()).environment(env).build();
    CloudConfig c = unattended(a).set(LambdaSettings.API_URL, a.fake.apiUrl()).build();
    LambdaBackend first = new LambdaBackend(noUrl, "gpu_1x_a100_sxm4");
    first.onStep(s -> {
      if (s == Step.SETUP) {
        throw new LambdaFixture.Killed();
      }
    });
    JobHandle toAttach = a.submit(first, "soen-yolo-20260101000000-url1", c);
    a.join(first, toAttach.id());
    LambdaBackend killed = new LambdaBackend(noUrl, "gpu_1x_a100_sxm4");
    killed.onStep(s -> {
      if (s == Step.RUN) {
        throw new LambdaFixture.Killed();
      }
    });
    JobHandle toReap = a.submit(killed, "soen-yolo-20260101000000-url2", c);
    a.join(killed, toReap.id());

    LambdaBackend second = new LambdaBackend(noUrl, "gpu_1x_a100_sxm4");
    second.probeProcesses(pid -> Optional.empty());
    second.attach(toAttach);
    a.join(second, toAttach.id());
    assertThat(second.reap(false).released()).extracting(ReapReport.Released::resource).singleElement().asString()
        .startsWith("Lambda instance " + instanceOf(a, toReap).id());

    assertThat(second.status(toAttach).state()).as(a.state(toAttach.id()).toString()).isEqualTo(JobState.COMPLETED);
    assertThat(a.fake.instances()).extracting(FakeLambdaInstance::status).containsOnly("terminated");
  }
}
