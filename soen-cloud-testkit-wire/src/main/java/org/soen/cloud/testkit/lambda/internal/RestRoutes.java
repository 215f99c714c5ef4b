package org.soen.cloud.testkit.lambda.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.server.SshServer;

/**
 * The fake's REST API under {@code /api/v1}, as Lambda Cloud's OpenAPI description has it: its
 * paths, {@code {"data": ...}} answers, {@code {"error": {"code", "message", "suggestion"}}}
 * failures, Bearer authentication, rate limits answered {@code 429} with {@code Retry-After}, and
 * what the tests scripted (lost or failing launches, errors by path). Also {@code /fake/clock}, the
 * fake's time for its instances.
 */
public final class RestRoutes {
  /**
   * The largest {@code user_data} a launch accepts, in bytes of UTF-8: "The user data string must be
   * plain text and cannot exceed 1MB in size" (InstanceLaunchRequest, Lambda Cloud API spec 1.x),
   * read here as 1 MiB.
   */
  public static final int USER_DATA_MAX_BYTES = 1 << 20;

  private final ObjectMapper json = new ObjectMapper();
  private final FakeAccount account;
  private final String apiKey;
  private final ProcessSandbox sandbox;
  private final SshInstances ssh;

  public RestRoutes(FakeAccount account, String apiKey, ProcessSandbox sandbox, SshInstances ssh) {
    this.account = account;
    this.apiKey = apiKey;
    this.sandbox = sandbox;
    this.ssh = ssh;
  }

  /** {@code GET /fake/clock}: the fake's time in seconds since the epoch. */
  public void clock(HttpExchange ex) throws IOException {
    account.clockRead();
    try (ex) {
      byte[] now = (account.clock.instant().getEpochSecond() + "\n").getBytes(StandardCharsets.US_ASCII);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, now.length);
      ex.getResponseBody().write(now);
    }
  }

  /** Everything under {@code /api/v1}. */
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath().substring("/api/v1".length());
      String method = ex.getRequestMethod();
      account.requests.add(method + " " + path);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      synchronized (account) {
        if (auth == null || !auth.equals("Bearer " + apiKey)) {
          error(ex, 401, "global/invalid-api-key", "API key was invalid, expired, or deleted.",
              "Check your API key or create a new one, then try again.");
          return;
        }
        boolean launch = method.equals("POST") && path.equals("/instance-operations/launch");
        Optional<Duration> wait = account.rateLimited > 0 ? Optional.of(Duration.ofSeconds(1))
            : account.rateGate.admit(account.clock.instant(), launch);
        if (wait.isPresent()) {
          account.rateLimited = Math.max(0, account.rateLimited - 1);
          account.tooManyRequests.add(method + " " + path);
          tooSoon(ex, wait.get(), launch);
          return;
        }
        for (int k = 0; k < account.scriptedErrors.size(); k++) {
          String[] e = account.scriptedErrors.get(k);
          if (path.startsWith(e[0])) {
            account.scriptedErrors.remove(k);
            error(ex, Integer.parseInt(e[1]), e[2], e[3], null);
            return;
          }
        }
        route(ex, method, path);
      }
    }
  }

  private void route(HttpExchange ex, String method, String path) throws IOException {
    if (method.equals("GET") && path.equals("/instance-types")) {
      ObjectNode data = json.createObjectNode();
      for (FakeAccount.TypeEntry t : account.types.values()) {
        ObjectNode entry = data.putObject(t.name());
        entry.set("instance_type", typeJson(t));
        ArrayNode regions = entry.putArray("regions_with_capacity_available");
        t.regions().forEach(r -> regions.addObject().put("name", r).put("description", r));
      }
      ok(ex, data);
    } else if (method.equals("GET") && path.equals("/instances")) {
      ArrayNode data = json.createArrayNode();
      account.instances.values().stream().filter(i -> i.terminatedAt == null).forEach(i -> data.add(instanceJson(i)));
      ok(ex, data);
    } else if (method.equals("GET") && path.startsWith("/instances/")) {
      FakeInstance i = account.instances.get(path.substring("/instances/".length()));
      if (i == null) {
        error(ex, 404, "global/object-does-not-exist", "Specified instance does not exist.", null);
      } else {
        ok(ex, instanceJson(i));
      }
    } else if (method.equals("POST") && path.equals("/instance-operations/launch")) {
      launch(ex);
    } else if (method.equals("POST") && path.equals("/instance-operations/terminate")) {
      terminate(ex);
    } else if (method.equals("GET") && path.equals("/ssh-keys")) {
      ArrayNode data = json.createArrayNode();
      account.sshKeys.forEach((n, k) -> data.addObject().put("id", Integer.toHexString(n.hashCode())).put("name", n)
          .put("public_key", k));
      ok(ex, data);
    } else if (method.equals("POST") && path.equals("/ssh-keys")) {
      JsonNode body = body(ex);
      if (body == null || !body.path("name").isTextual() || !body.path("public_key").isTextual()) {
        error(ex, 400, "global/invalid-parameters", "name and public_key are required.", null);
        return;
      }
      account.sshKeys.put(body.get("name").asText(), body.get("public_key").asText());
      ok(ex, json.createObjectNode().put("id", "k").put("name", body.get("name").asText()));
    } else {
      error(ex, 404, "global/object-does-not-exist", "Unknown route " + method + " " + path, null);
    }
  }

  /** What is wrong with a launch request, as the API would say it; empty when it may launch. */
  private Optional<String> invalidLaunch(JsonNode b) {
    if (b.has("quantity")) {
      return Optional.of("Unknown field: quantity.");
    }
    String type = b.path("instance_type_name").asText("");
    JsonNode keys = b.path("ssh_key_names");
    if (!account.types.containsKey(type)) {
      return Optional.of("Invalid instance type " + type + ".");
    }
    if (!keys.isArray() || keys.size() != 1) {
      return Optional.of("Exactly one SSH key name must be given.");
    }
    if (!account.sshKeys.containsKey(keys.get(0).asText())) {
      return Optional.of("SSH key " + keys.get(0).asText() + " does not exist.");
    }
    if (b.path("name").asText("").length() > 64) {
      return Optional.of("Name must be at most 64 characters.");
    }
    JsonNode userData = b.path("user_data");
    if (!userData.isMissingNode() && !userData.isTextual()) {
      return Optional.of("user_data must be a string of plain text.");
    }
    if (userData.isTextual() && userData.asText().getBytes(StandardCharsets.UTF_8).length > USER_DATA_MAX_BYTES) {
      return Optional.of("user_data must not exceed 1MB (" + USER_DATA_MAX_BYTES + " bytes), was "
          + userData.asText().getBytes(StandardCharsets.UTF_8).length + " bytes.");
    }
    return Optional.empty();
  }

  private void launch(HttpExchange ex) throws IOException {
    JsonNode b = body(ex);
    if (b == null) {
      error(ex, 400, "global/invalid-parameters", "Request body is not valid JSON.", null);
      return;
    }
    Optional<String> invalid = invalidLaunch(b);
    if (invalid.isPresent()) {
      error(ex, 400, "global/invalid-parameters", invalid.get(), null);
      return;
    }
    String region = b.path("region_name").asText("");
    String type = b.path("instance_type_name").asText("");
    String keyName = b.path("ssh_key_names").get(0).asText();
    if (!account.types.get(type).regions().contains(region)) {
      error(ex, 400, "instance-operations/launch/insufficient-capacity",
          "Not enough capacity to fulfill launch request.",
          "Choose an instance type with more availability, or try again later.");
      return;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    b.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    String id = String.format("%032x", ++account.ids * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
    Path folder = sandbox.create(id);
    SshServer server = ssh.start(id, folder, account.sshKeys.get(keyName));
    account.instances.put(id, new FakeInstance(id, b.path("name").asText(""), type, region, keyName, tags,
        account.clock.instant(), folder, server));
    if (b.path("user_data").isTextual()) {
      sandbox.boot(id, folder, b.path("user_data").asText());
    }
    if (account.dropLaunchAnswers > 0) {
      account.dropLaunchAnswers--;
      // The launch happened; the answer is lost on the way back.
      ex.getResponseBody().close();
      return;
    }
    if (account.failLaunchesAfterCreating > 0) {
      account.failLaunchesAfterCreating--;
      error(ex, account.failLaunchStatus, "global/unknown", "An unknown error occurred.", null);
      return;
    }
    ObjectNode data = json.createObjectNode();
    data.putArray("instance_ids").add(id);
    ok(ex, data);
  }

  private void terminate(HttpExchange ex) throws IOException {
    JsonNode b = body(ex);
    if (b == null || !b.path("instance_ids").isArray() || b.path("instance_ids").isEmpty()) {
      error(ex, 400, "global/invalid-parameters", "instance_ids must be a non-empty list.", null);
      return;
    }
    List<FakeInstance> chosen = new ArrayList<>();
    for (JsonNode n : b.get("instance_ids")) {
      FakeInstance i = account.instances.get(n.asText());
      if (i == null || i.terminatedAt != null) {
        error(ex, 404, "global/object-does-not-exist", "Instance " + n.asText() + " does not exist.", null);
        return;
      }
      chosen.add(i);
    }
    for (FakeInstance i : chosen) {
      i.terminatedAt = account.clock.instant();
      ssh.switchOff(i);
    }
    account.notifyAll();
    // Like the real API, the answer may leave the ids out; clients read the instances back.
    ObjectNode data = json.createObjectNode();
    data.putArray("terminated_instances");
    ok(ex, data);
  }

  private ObjectNode typeJson(FakeAccount.TypeEntry t) {
    ObjectNode n = json.createObjectNode();
    n.put("name", t.name()).put("description", t.name()).put("gpu_description", t.name())
        .put("price_cents_per_hour", t.priceCents());
    n.putObject("specs").put("vcpus", 30).put("memory_gib", 200).put("storage_gib", 512).put("gpus", 1);
    return n;
  }

  private ObjectNode instanceJson(FakeInstance i) {
    ObjectNode n = json.createObjectNode();
    String status = account.status(i);
    n.put("id", i.id).put("name", i.name).put("status", status);
    if (!status.equals("booting") && !status.equals("terminated")) {
      n.put("ip", "127.0.0.1").put("private_ip", "10.0.0.2").put("hostname", "127-0-0-1.cloud.lambda.ai");
      n.put("ssh_port", i.link.port());
    }
    n.putArray("ssh_key_names").add(i.keyName);
    n.putArray("file_system_names");
    n.putObject("region").put("name", i.region).put("description", i.region);
    n.set("instance_type", typeJson(account.types.get(i.type)));
    n.put("is_reserved", false);
    ArrayNode tags = n.putArray("tags");
    i.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    return n;
  }

  private JsonNode body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return json.readTree(in);
    } catch (IOException e) {
      return null;
    }
  }

  private void ok(HttpExchange ex, JsonNode data) throws IOException {
    ObjectNode body = json.createObjectNode();
    body.set("data", data);
    send(ex, 200, body);
  }

  /** A 429 with the API's error body and a {@code Retry-After} in whole seconds, rounded up. */
  private void tooSoon(HttpExchange ex, Duration wait, boolean launch) throws IOException {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    ex.getResponseHeaders().set("Retry-After", Long.toString(seconds));
    error(ex, 429, "global/too-many-requests", "Too many requests.", "Lambda Cloud accepts one request a second"
        + (launch ? " and one launch every 12 seconds" : "") + " per API key; retry after " + seconds + " s.");
  }

  private void error(HttpExchange ex, int status, String code, String message, String suggestion) throws IOException {
    ObjectNode body = json.createObjectNode();
    ObjectNode e = body.putObject("error").put("code", code).put("message", message);
    if (suggestion != null) {
      e.put("suggestion", suggestion);
    }
    send(ex, status, body);
  }

  private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
