package org.soen.cloud.testkit.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.testkit.ManualClock;
import org.soen.cloud.testkit.lambda.internal.InstanceProcesses;

class FakeLambdaCloudIT {
  @TempDir Path tmp;
  final ManualClock clock = ManualClock.create();
  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  FakeLambdaCloud fake;
  KeyPair key;

  @BeforeEach
  void setUp() throws Exception {
    fake = FakeLambdaCloud.start(clock, tmp);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    key = g.generateKeyPair();
    fake.sshKey("k", key.getPublic());
  }

  @AfterEach
  void tearDown() {
    fake.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String apiKey) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.apiUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(String method, String path, String body) throws Exception {
    HttpResponse<String> r = call(method, path, body, fake.apiKey());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).get("data");
  }

  private String launch(String name) throws Exception {
    return ok("POST", "/instance-operations/launch", "{\"region_name\":\"us-east-1\",\"instance_type_name\":\"gpu_1x_a10\","
        + "\"ssh_key_names\":[\"k\"],\"name\":\"" + name + "\",\"tags\":[{\"key\":\"a\",\"value\":\"b\"}]}")
        .get("instance_ids").get(0).asText();
  }

  private HttpResponse<String> launchWithUserData(String userDataJson) throws Exception {
    return call("POST", "/instance-operations/launch", "{\"region_name\":\"us-east-1\",\"instance_type_name\":"
        + "\"gpu_1x_a10\",\"ssh_key_names\":[\"k\"],\"name\":\"ud\",\"user_data\":" + userDataJson + "}", fake.apiKey());
  }

  @Test
  void launch_withAUserDataScript_runsItInTheSandboxAsTheInstanceBoots() throws Exception {
    String script = "#!/bin/sh\necho \"booted as $(id -un) in $PWD\" > booted.txt\ndate +%s > booted-at.txt\n";

    HttpResponse<String> r = launchWithUserData(json.writeValueAsString(script));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(fake.awaitClockReads(1, Duration.ofSeconds(30))).isTrue();
    FakeLambdaInstance i = fake.instances().get(0);
    assertThat(i.status()).isEqualTo("booting");
    assertThat(Files.readString(i.sandbox().resolve("booted.txt"))).endsWith(" in " + i.sandbox() + "\n");
    assertThat(Files.readString(i.sandbox().resolve(".fake-cloud-init/user-data"))).isEqualTo(script);
  }

  @Test
  void launch_withUserDataOverOneMegabyte_isRejectedAsTheApiRejectsIt() throws Exception {
    String atLimit = "#" + "x".repeat(FakeLambdaCloud.USER_DATA_MAX_BYTES - 1);

    HttpResponse<String> tooBig = launchWithUserData(json.writeValueAsString(atLimit + "x"));
    HttpResponse<String> notText = launchWithUserData("{\"runcmd\": []}");
    HttpResponse<String> fits = launchWithUserData(json.writeValueAsString(atLimit));

    assertThat(tooBig.statusCode()).isEqualTo(400);
    assertThat(json.readTree(tooBig.body()).at("/error/code").asText()).isEqualTo("global/invalid-parameters");
    assertThat(json.readTree(tooBig.body()).at("/error/message").asText())
        .isEqualTo("user_data must not exceed 1MB (1048576 bytes), was 1048577 bytes.");
    assertThat(notText.statusCode()).isEqualTo(400);
    assertThat(json.readTree(notText.body()).at("/error/message").asText()).isEqualTo("user_data must be a string of plain text.");
    assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
    assertThat(fake.instances()).hasSize(1);
  }

  @Test
  void requests_withoutTheBearerKey_getLambdasErrorBody() throws Exception {
    HttpResponse<String> r = call("GET", "/instances", null, "wrong");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json.readTree(r.body()).get("error").get("code").asText()).isEqualTo("global/invalid-api-key");
    assertThat(json.readTree(r.body()).get("error").has("suggestion")).isTrue();
  }

  @Test
  void instanceTypes_listPricesAndRegionsWithCapacity() throws Exception {
    JsonNode t = ok("GET", "/instance-types", null).get("gpu_1x_a100_sxm4");
    assertThat(t.get("instance_type").get("price_cents_per_hour").asInt()).isEqualTo(129);
    assertThat(t.get("regions_with_capacity_available").get(0).get("name").asText()).isEqualTo("us-east-1");
  }

  @Test
  void launch_rejectsWhatTheRealApiRejects() throws Exception {
    HttpResponse<String> two = call("POST", "/instance-operations/launch", "{\"region_name\":\"us-east-1\","
        + "\"instance_type_name\":\"gpu_1x_a10\",\"ssh_key_names\":[\"k\",\"k\"],\"name\":\"x\"}", fake.apiKey());
    assertThat(two.statusCode()).isEqualTo(400);
    assertThat(two.body()).contains("global/invalid-parameters").contains("Exactly one SSH key name");
    HttpResponse<String> quantity = call("POST", "/instance-operations/launch", "{\"region_name\":\"us-east-1\","
        + "\"instance_type_name\":\"gpu_1x_a10\",\"ssh_key_names\":[\"k\"],\"quantity\":2}", fake.apiKey());
    assertThat(quantity.body()).contains("Unknown field: quantity");
    HttpResponse<String> capacity = call("POST", "/instance-operations/launch", "{\"region_name\":\"asia-south-1\","
        + "\"instance_type_name\":\"gpu_1x_a10\",\"ssh_key_names\":[\"k\"],\"name\":\"x\"}", fake.apiKey());
    assertThat(capacity.body()).contains("instance-operations/launch/insufficient-capacity");
    assertThat(fake.instances()).isEmpty();
  }

  @Test
  void instances_bootOnTheClock_withoutIpWhileBooting_andBillUntilTerminated() throws Exception {
    String id = launch("soen-a");
    JsonNode booting = ok("GET", "/instances/" + id, null);
    assertThat(booting.get("status").asText()).isEqualTo("booting");
    assertThat(booting.has("ip")).isFalse();
    clock.advance(Duration.ofMinutes(2));
    JsonNode active = ok("GET", "/instances/" + id, null);
    assertThat(active.get("status").asText()).isEqualTo("active");
    assertThat(active.get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(active.get("tags").get(0).get("key").asText()).isEqualTo("a");
    clock.advance(Duration.ofMinutes(58));
    JsonNode term = ok("POST", "/instance-operations/terminate", "{\"instance_ids\":[\"" + id + "\"]}");
    assertThat(term.get("terminated_instances")).isEmpty();
    assertThat(ok("GET", "/instances/" + id, null).get("status").asText()).isEqualTo("terminated");
    clock.advance(Duration.ofHours(5));
    assertThat(fake.billedUsd()).isEqualByComparingTo("0.7500");
  }

  @Test
  void sshCommands_runInTheInstanceSandbox_andTerminateKillsDetachedProcesses() throws Exception {
    String id = launch("soen-b");
    clock.advance(Duration.ofMinutes(3));
    FakeLambdaInstance i = fake.instances().get(0);
    inSession(i, s -> assertThat(exec(s, "echo hi > f.txt && pwd && echo $HOME"))
        .isEqualTo(i.sandbox() + "\n" + i.sandbox() + "\n"));
    assertThat(i.sandbox().resolve("f.txt")).hasContent("hi");
    long pid = startDetachedSleep(i);
    ok("POST", "/instance-operations/terminate", "{\"instance_ids\":[\"" + id + "\"]}");
    assertThat(InstanceProcesses.isRunning(pid)).isFalse();
    assertThat(fake.instances().get(0).commands()).hasSize(2);
  }

  @Test
  void realRateLimits_answerARequestTooSoonWith429AndARetryAfter_onTheClock() throws Exception {
    fake.realRateLimits();
    ok("GET", "/instances", null);
    HttpResponse<String> soon = call("GET", "/instance-types", null, fake.apiKey());
    assertThat(soon.statusCode()).isEqualTo(429);
    assertThat(soon.headers().firstValue("Retry-After")).contains("1");
    assertThat(json.readTree(soon.body()).get("error").get("code").asText()).isEqualTo("global/too-many-requests");
    clock.advance(Duration.ofSeconds(1));
    ok("GET", "/instance-types", null);

    clock.advance(Duration.ofSeconds(1));
    launch("soen-r1");
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> secondLaunch = call("POST", "/instance-operations/launch", "{\"region_name\":\"us-east-1\","
        + "\"instance_type_name\":\"gpu_1x_a10\",\"ssh_key_names\":[\"k\"],\"name\":\"soen-r2\"}", fake.apiKey());
    assertThat(secondLaunch.statusCode()).isEqualTo(429);
    assertThat(secondLaunch.headers().firstValue("Retry-After")).contains("11");
    assertThat(fake.instances()).hasSize(1);
    clock.advance(Duration.ofSeconds(11));
    launch("soen-r2");

    assertThat(fake.tooManyRequests()).containsExactly("GET /instance-types", "POST /instance-operations/launch");
  }

  @Test
  void failLaunchesAfterCreating_createsTheInstanceAndAnswersTheGenericError() throws Exception {
    fake.failLaunchesAfterCreating(1, 500);
    HttpResponse<String> r = call("POST", "/instance-operations/launch", "{\"region_name\":\"us-east-1\","
        + "\"instance_type_name\":\"gpu_1x_a10\",\"ssh_key_names\":[\"k\"],\"name\":\"soen-f\"}", fake.apiKey());
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(json.readTree(r.body()).get("error").get("code").asText()).isEqualTo("global/unknown");
    assertThat(fake.instances()).singleElement().satisfies(i -> assertThat(i.name()).isEqualTo("soen-f"));
    assertThat(ok("GET", "/instances", null)).hasSize(1);
  }

  @Test
  void sshCommands_runWithBash_theLoginShellOfLambdasUbuntuUser() throws Exception {
    launch("soen-sh");
    inSession(fake.instances().get(0), s -> assertThat(exec(s, "echo \"$SHELL ${BASH_VERSION:+bash}\""))
        .isEqualTo("/bin/bash bash\n"));
  }

  @Test
  void terminate_resetsTheSshConnectionsStillOpen_likeAMachineThatIsGone() throws Exception {
    String id = launch("soen-rst");
    FakeLambdaInstance i = fake.instances().get(0);
    try (SshClient client = SshClient.setUpDefaultClient()) {
      client.setServerKeyVerifier((x, a, k) -> true);
      client.start();
      try (ClientSession s = client.connect("ubuntu", "127.0.0.1", i.sshPort()).verify(Duration.ofSeconds(10)).getSession()) {
        s.addPublicKeyIdentity(key);
        s.auth().verify(Duration.ofSeconds(10));
        assertThat(exec(s, "echo up")).isEqualTo("up\n");

        ok("POST", "/instance-operations/terminate", "{\"instance_ids\":[\"" + id + "\"]}");

        assertThat(s.waitFor(EnumSet.of(org.apache.sshd.client.session.ClientSession.ClientSessionEvent.CLOSED),
            Duration.ofSeconds(30))).contains(org.apache.sshd.client.session.ClientSession.ClientSessionEvent.CLOSED);
      }
    }
  }

  @Test
  void terminate_killsOnlyItsOwnInstancesProcesses_notThoseOfAnotherFakeWithTheSameInstanceId() throws Exception {
    // Fakes hand out the same ids, and other tests (in other JVMs too) run fakes at the same time.
    try (FakeLambdaCloud other = FakeLambdaCloud.start(clock, Files.createDirectories(tmp.resolve("other")))) {
      other.sshKey("k", key.getPublic());
      String id = launch("soen-c");
      String otherId = ok(other, "POST", "/instance-operations/launch", "{\"region_name\":\"us-east-1\","
          + "\"instance_type_name\":\"gpu_1x_a10\",\"ssh_key_names\":[\"k\"],\"name\":\"soen-c\"}")
          .get("instance_ids").get(0).asText();
      assertThat(otherId).isEqualTo(id);
      clock.advance(Duration.ofMinutes(3));
      long mine = startDetachedSleep(fake.instances().get(0));
      long theirs = startDetachedSleep(other.instances().get(0));

      ok("POST", "/instance-operations/terminate", "{\"instance_ids\":[\"" + id + "\"]}");
      fake.close();
      assertThat(InstanceProcesses.isRunning(mine)).isFalse();
      assertThat(InstanceProcesses.isRunning(theirs)).as("the other fake's detached process").isTrue();

      other.close();
      assertThat(InstanceProcesses.isRunning(theirs)).isFalse();
    }
  }

  private JsonNode ok(FakeLambdaCloud cloud, String method, String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(cloud.apiUrl() + path))
        .method(method, HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + cloud.apiKey()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).get("data");
  }

  /** Starts {@code sleep 300} detached from the SSH session, as the Lambda backend starts training; returns its pid. */
  private long startDetachedSleep(FakeLambdaInstance i) throws Exception {
    inSession(i, s -> exec(s, "setsid nohup sh -c 'sleep 300' > /dev/null 2>&1 < /dev/null & echo $! > pid"));
    long pid = Long.parseLong(Files.readString(i.sandbox().resolve("pid")).strip());
    assertThat(InstanceProcesses.isRunning(pid)).isTrue();
    return pid;
  }

  @FunctionalInterface
  private interface SessionWork {
    void run(ClientSession s) throws Exception;
  }

  /** Runs {@code work} in an authenticated SSH session with {@code i}. */
  private void inSession(FakeLambdaInstance i, SessionWork work) throws Exception {
    try (SshClient client = SshClient.setUpDefaultClient()) {
      client.setServerKeyVerifier((s, a, k) -> true);
      client.start();
      try (ClientSession s = client.connect("ubuntu", "127.0.0.1", i.sshPort()).verify(Duration.ofSeconds(10)).getSession()) {
        s.addPublicKeyIdentity(key);
        s.auth().verify(Duration.ofSeconds(10));
        work.run(s);
      }
    }
  }

  private static String exec(ClientSession s, String command) throws Exception {
    try (ChannelExec ch = s.createExecChannel(command)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ch.setOut(out);
      ch.setErr(out);
      ch.open().verify(Duration.ofSeconds(10));
      ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(20));
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
