package org.soen.cloud.lambdalabs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.CapacityException;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.ProviderException;
import org.soen.cloud.QuotaException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.Sleeper;

/**
 * The Lambda Cloud REST API (OpenAPI 1.10) over the JDK HTTP client. Every call goes through the
 * API key's {@link RateLimiter}; a {@code 429} waits as long as its {@code Retry-After} asks, 5xx
 * and {@code provider/*} errors are retried with backoff, and every other error is translated
 * once, in {@link #translate}. A launch is never retried here: an answer that does not prove that
 * no instance was created ends in {@link UncertainLaunch}, for {@link Provisioner} to reconcile.
 * The API key is sent as a Bearer token and never logged.
 */
final class LambdaApi {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaApi.class);
  static final int MAX_ATTEMPTS = 6;
  private static final String LAUNCH = "instance-operations/launch";

  private final URI base;
  private final String apiKey;
  private final HttpClient http;
  private final RateLimiter limiter;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ObjectMapper json = new ObjectMapper();
  private final Duration timeout;

  /**
   * @param limiter the limiter of {@code apiKey}, shared with every other client of that key
   */
  /** The API's base URL, ending in a slash. */
  URI base() {
    return base;
  }

  /**
   * A curl config file's line that sends this client's key, for a watchdog on an instance that
   * calls the API itself: a secret, to be written only where its user alone can read it.
   */
  String curlAuthConfig() {
    return "header = \"Authorization: Bearer " + apiKey.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
  }

  /** The API key, a secret: written only to the standard input of this launcher's {@link LaunchGuard}. */
  String apiKey() {
    return apiKey;
  }

  LambdaApi(URI base, String apiKey, RateLimiter limiter, Clock clock, Sleeper sleeper, Duration timeout) {
    this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    this.apiKey = apiKey;
    this.limiter = limiter;
    this.clock = clock;
    this.sleeper = sleeper;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  List<InstanceTypeInfo> instanceTypes() {
    JsonNode data = call("GET", "instance-types", null);
    List<InstanceTypeInfo> out = new ArrayList<>();
    data.fields().forEachRemaining(e -> {
      JsonNode t = e.getValue().path("instance_type");
      List<String> regions = new ArrayList<>();
      e.getValue().path("regions_with_capacity_available").forEach(r -> regions.add(r.path("name").asText()));
      out.add(new InstanceTypeInfo(t.path("name").asText(e.getKey()), t.path("gpu_description").asText(""),
          t.path("price_cents_per_hour").asInt(), List.copyOf(regions)));
    });
    return out;
  }

  /**
   * Sends one launch request (repeated only after a {@code 429}, which proves nothing was
   * created). {@code sent} gets the moment each request goes out.
   *
   * @throws UncertainLaunch when the answer leaves open whether an instance was created: no
   *     answer, a 5xx or {@code provider/*} error, or a success without exactly one instance id
   */
  String launchOnce(String region, String type, String sshKeyName, String name, Map<String, String> tags,
      Consumer<Instant> sent) {
    ObjectNode body = json.createObjectNode();
    body.put("region_name", region).put("instance_type_name", type).put("name", name);
    body.putArray("ssh_key_names").add(sshKeyName);
    body.putArray("file_system_names");
    ArrayNode t = body.putArray("tags");
    tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
    for (int attempt = 1; ; attempt++) {
      Answer a;
      try {
        a = send("POST", LAUNCH, body, true, sent);
      } catch (IOException e) {
        throw new UncertainLaunch("no answer from Lambda Cloud at " + base + ": " + Errors.describe(e), e);
      }
      if (a.status() / 100 == 2) {
        JsonNode ids = a.tree() == null ? null : a.tree().path("data").path("instance_ids");
        if (ids != null && ids.isArray() && ids.size() == 1) {
          return ids.get(0).asText();
        }
        throw new UncertainLaunch("Lambda Cloud answered the launch with HTTP " + a.status() + " but "
            + (ids != null && ids.isArray() ? ids.size() : "no") + " instance ids, expected exactly one", null);
      }
      SoenCloudException error = translate("POST", LAUNCH, a.status(), a.tree(), a.raw());
      if (a.status() == 429 && attempt < MAX_ATTEMPTS) {
        limiter.retryAfter(a.retryAfter().orElse(backoff(attempt)), true);
        continue;
      }
      if (a.status() != 429 && error.retryable()) {
        throw new UncertainLaunch(error.getMessage(), error);
      }
      throw error;
    }
  }

  /** A launch whose answer leaves open whether Lambda Cloud created the instance. */
  static final class UncertainLaunch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncertainLaunch(String message, Throwable cause) {
      super(message, cause);
    }
  }

  LambdaInstance instance(String id) {
    return parseInstance(call("GET", "instances/" + id, null));
  }

  List<LambdaInstance> listInstances() {
    List<LambdaInstance> out = new ArrayList<>();
    call("GET", "instances", null).forEach(n -> out.add(parseInstance(n)));
    return out;
  }

  /** Asks to terminate; the answer may omit the ids, so callers read the instance back. */
  void terminate(String id) {
    ObjectNode body = json.createObjectNode();
    body.putArray("instance_ids").add(id);
    call("POST", "instance-operations/terminate", body);
  }

  Map<String, String> sshKeys() {
    Map<String, String> out = new LinkedHashMap<>();
    call("GET", "ssh-keys", null).forEach(k -> out.put(k.path("name").asText(), k.path("public_key").asText()));
    return out;
  }

  private LambdaInstance parseInstance(JsonNode n) {
    Map<String, String> tags = new LinkedHashMap<>();
    n.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    String ip = n.path("ip").isTextual() && !n.path("ip").asText().isBlank() ? n.path("ip").asText() : null;
    return new LambdaInstance(n.path("id").asText(), n.path("name").asText(""), n.path("status").asText("unknown"),
        Optional.ofNullable(ip), n.path("ssh_port").asInt(22), n.path("region").path("name").asText(""),
        n.path("instance_type").path("name").asText(""), n.path("instance_type").path("price_cents_per_hour").asInt(0),
        tags);
  }

  /** One answer: its status, its body (parsed when it is JSON) and its {@code Retry-After}. */
  private record Answer(int status, JsonNode tree, String raw, Optional<Duration> retryAfter) {
    boolean ok() {
      return status / 100 == 2 && tree != null && tree.has("data");
    }
  }

  /** A request other than a launch: retried after a lost answer, a 429, a 5xx or a provider error. */
  private JsonNode call(String method, String path, JsonNode body) {
    for (int attempt = 1; ; attempt++) {
      Answer a;
      try {
        a = send(method, path, body, false, at -> {});
      } catch (IOException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new ProviderException("Lambda Cloud " + method + " /" + path + " could not reach " + base + " in "
              + attempt + " attempts: " + Errors.describe(e)
              + "; check the network and cloud.lambda.api_url (or LAMBDA_API_URL)", 0, null, true, e);
        }
        LOG.debug("Lambda Cloud {} /{} got no answer ({}); retrying", method, path, Errors.describe(e));
        pause(backoff(attempt));
        continue;
      }
      if (a.ok()) {
        return a.tree().get("data");
      }
      SoenCloudException error = translate(method, path, a.status(), a.tree(), a.raw());
      if (error.retryable() && attempt < MAX_ATTEMPTS) {
        LOG.debug("Lambda Cloud {} /{} answered {}; retrying", method, path, a.status());
        if (a.status() == 429) {
          limiter.retryAfter(a.retryAfter().orElse(backoff(attempt)), false);
        } else {
          pause(backoff(attempt));
        }
        continue;
      }
      throw error;
    }
  }

  /** Sends one request in its turn; an IOException means no answer came back. */
  private Answer send(String method, String path, JsonNode body, boolean launch, Consumer<Instant> sent)
      throws IOException {
    HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("Authorization", "Bearer " + apiKey).header("Accept", "application/json");
    if (body != null) {
      req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      req.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return limiter.call(launch, () -> {
      sent.accept(clock.instant());
      HttpResponse<String> res;
      try {
        res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SoenCloudException("interrupted during Lambda Cloud " + method + " /" + path, e);
      }
      return new Answer(res.statusCode(), parse(res.body()), res.body(),
          res.headers().firstValue("Retry-After").flatMap(LambdaApi::seconds));
    });
  }

  /** A {@code Retry-After} in seconds; empty for an HTTP date, which Lambda does not send. */
  private static Optional<Duration> seconds(String retryAfter) {
    try {
      return Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Duration backoff(int attempt) {
    return Duration.ofSeconds(Math.min(60, 1L << attempt));
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SoenCloudException("interrupted while backing off from Lambda Cloud", e);
    }
  }

  private JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : json.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** The one place Lambda's wire errors become soen-cloud exceptions. */
  static SoenCloudException translate(String method, String path, int status, JsonNode tree, String raw) {
    JsonNode err = tree == null ? null : tree.path("error");
    String code = err == null ? "" : err.path("code").asText("");
    String message = err == null ? "" : err.path("message").asText("");
    String suggestion = err == null ? "" : err.path("suggestion").asText("");
    String what = "Lambda Cloud " + method + " /" + path + " failed (HTTP " + status
        + (code.isEmpty() ? "" : ", " + code) + "): " + (message.isEmpty() ? abbreviate(raw) : message)
        + (suggestion.isEmpty() ? "" : " " + suggestion);
    ProviderException cause = new ProviderException(what, status, null, false, null);
    switch (code) {
      case "global/invalid-api-key":
        return new CredentialsException("Lambda Cloud rejected the API key: set LAMBDA_API_KEY or put the key in "
            + "~/.lambda_cloud/lambda_keys (create one at https://cloud.lambda.ai/api-keys). " + what, cause);
      case "global/account-inactive":
        return new CredentialsException("the Lambda Cloud account is inactive: check billing in the Lambda "
            + "console. " + what, cause);
      case "instance-operations/launch/insufficient-capacity":
        return new CapacityException(what, cause);
      case "global/quota-exceeded":
        return new QuotaException("Lambda Cloud quota exceeded: terminate other instances or ask Lambda "
            + "for a higher quota. " + what, cause);
      case "global/object-does-not-exist":
        return new NotFoundException(what, cause);
      case "global/invalid-parameters":
        return new ConfigurationException("cloud.lambda", what);
      default:
        boolean retryable = status == 429 || status >= 500 || code.startsWith("provider/");
        return new ProviderException(what, status, null, retryable, null);
    }
  }

  private static String abbreviate(String raw) {
    String s = raw == null ? "" : raw.strip();
    return s.length() > 200 ? s.substring(0, 200) + "..." : (s.isEmpty() ? "(empty answer)" : s);
  }

  static String regionsSummary(List<InstanceTypeInfo> types) {
    String s = types.stream().filter(t -> !t.regionsWithCapacity().isEmpty())
        .map(t -> t.name() + " in " + String.join(", ", t.regionsWithCapacity()))
        .collect(Collectors.joining("; "));
    return s.isEmpty() ? "no instance type has capacity anywhere right now" : "capacity exists now for " + s;
  }

  @Override
  public String toString() {
    return "LambdaApi{" + base + ", key=****}";
  }
}
