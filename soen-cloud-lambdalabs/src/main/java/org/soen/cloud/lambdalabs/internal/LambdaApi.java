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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The Lambda Cloud REST API (OpenAPI 1.10) over the JDK HTTP client. Every call goes through one
 * rate limiter; 429, 5xx and {@code provider/*} errors are retried with backoff; every other error
 * is translated once, in {@link #translate}. The API key is sent as a Bearer token and never logged.
 */
final class LambdaApi {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaApi.class);
  static final int MAX_ATTEMPTS = 6;

  private final URI base;
  private final String apiKey;
  private final HttpClient http;
  private final RateLimiter limiter;
  private final Sleeper sleeper;
  private final ObjectMapper json = new ObjectMapper();
  private final Duration timeout;

  LambdaApi(URI base, String apiKey, Clock clock, Sleeper sleeper, Duration timeout) {
    this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
    this.apiKey = apiKey;
    this.sleeper = sleeper;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.limiter = new RateLimiter(clock, sleeper, Duration.ofSeconds(1), Duration.ofSeconds(12));
  }

  List<InstanceTypeInfo> instanceTypes() {
    JsonNode data = call("GET", "instance-types", null, false);
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

  /** Launches one instance; an answer lost on the way back is reconciled by {@code name}. */
  String launch(String region, String type, String sshKeyName, String name, Map<String, String> tags) {
    ObjectNode body = json.createObjectNode();
    body.put("region_name", region).put("instance_type_name", type).put("name", name);
    body.putArray("ssh_key_names").add(sshKeyName);
    body.putArray("file_system_names");
    ArrayNode t = body.putArray("tags");
    tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
    for (int attempt = 1; ; attempt++) {
      try {
        JsonNode ids = call("POST", "instance-operations/launch", body, true).path("instance_ids");
        if (!ids.isArray() || ids.size() != 1) {
          throw new ProviderException("Lambda Cloud answered a launch with " + ids.size()
              + " instance ids, expected exactly one", null);
        }
        return ids.get(0).asText();
      } catch (LostAnswer lost) {
        Optional<LambdaInstance> launched = findByName(name);
        if (launched.isPresent()) {
          LOG.info("launch answer was lost; found instance {} by its name {}", launched.get().id(), name);
          return launched.get().id();
        }
        if (attempt >= 3) {
          throw new ProviderException("launching " + name + " failed: no answer from Lambda Cloud after "
              + attempt + " attempts and no instance of that name exists", lost.getCause());
        }
      }
    }
  }

  Optional<LambdaInstance> findByName(String name) {
    return listInstances().stream().filter(i -> i.name().equals(name)).findFirst();
  }

  LambdaInstance instance(String id) {
    return parseInstance(call("GET", "instances/" + id, null, false));
  }

  List<LambdaInstance> listInstances() {
    List<LambdaInstance> out = new ArrayList<>();
    call("GET", "instances", null, false).forEach(n -> out.add(parseInstance(n)));
    return out;
  }

  /** Asks to terminate; the answer may omit the ids, so callers read the instance back. */
  void terminate(String id) {
    ObjectNode body = json.createObjectNode();
    body.putArray("instance_ids").add(id);
    call("POST", "instance-operations/terminate", body, false);
  }

  Map<String, String> sshKeys() {
    Map<String, String> out = new LinkedHashMap<>();
    call("GET", "ssh-keys", null, false).forEach(k -> out.put(k.path("name").asText(), k.path("public_key").asText()));
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

  /** A request that reached the server but whose answer never came back. */
  static final class LostAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LostAnswer(IOException cause) {
      super(cause);
    }
  }

  private JsonNode call(String method, String path, JsonNode body, boolean launch) {
    URI uri = base.resolve(path);
    for (int attempt = 1; ; attempt++) {
      limiter.acquire(launch);
      HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout)
          .header("Authorization", "Bearer " + apiKey).header("Accept", "application/json");
      if (body != null) {
        req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
      } else {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> res;
      try {
        res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (launch) {
          throw new LostAnswer(e);
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new ProviderException("Lambda Cloud " + method + " /" + path + " failed after " + attempt
              + " attempts: " + e.getMessage(), 0, null, true, e);
        }
        pause(attempt, Optional.empty());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SoenCloudException("interrupted during Lambda Cloud " + method + " /" + path, e);
      }
      JsonNode tree = parse(res.body());
      if (res.statusCode() / 100 == 2 && tree != null && tree.has("data")) {
        return tree.get("data");
      }
      SoenCloudException error = translate(method, path, res.statusCode(), tree, res.body());
      if (error.retryable() && attempt < MAX_ATTEMPTS) {
        LOG.debug("Lambda Cloud {} /{} answered {}; retrying", method, path, res.statusCode());
        pause(attempt, res.headers().firstValue("Retry-After"));
        continue;
      }
      throw error;
    }
  }

  private void pause(int attempt, Optional<String> retryAfter) {
    Duration d = Duration.ofSeconds(Math.min(60, 1L << attempt));
    if (retryAfter.isPresent()) {
      try {
        d = Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.get().trim())));
      } catch (NumberFormatException ignored) {
        // an HTTP date: keep the exponential pause
      }
    }
    limiter.backOff(d);
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
