package org.soen.cloud.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * AWS Secrets Manager as {@link FakeSageMaker} serves it on the same endpoint (AWS JSON 1.1,
 * {@code X-Amz-Target: secretsmanager.*}): {@code CreateSecret}, {@code GetSecretValue},
 * {@code DeleteSecret}, {@code TagResource} and {@code ListSecrets} (tag-key filters; each entry with its
 * {@code CreatedDate}), with the
 * service's errors ({@code ResourceExistsException}, {@code ResourceNotFoundException},
 * {@code InvalidRequestException} for a secret scheduled for deletion). Point a client's
 * {@code endpointOverride} (or {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}) at
 * {@link FakeSageMaker#endpoint()}.
 */
public final class FakeSecretsManager {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One secret as the fake holds it.
   *
   * @param name its name
   * @param arn its ARN (the name and a random 6-character suffix)
   * @param value its SecretString
   * @param tags its tags
   * @param deleted whether it was deleted (at once, or scheduled)
   * @param reads how many GetSecretValue calls read it
   */
  public record Secret(String name, String arn, String value, Map<String, String> tags, boolean deleted, int reads) {
    /** Copies the tags, keeping their order. */
    public Secret {
      tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
  }

  private final Clock clock;
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  /** When each live secret was created (ListSecrets' {@code CreatedDate}), in epoch seconds. */
  private final Map<String, BigDecimal> created = new LinkedHashMap<>();
  private final List<Secret> forgotten = new ArrayList<>();

  FakeSecretsManager(Clock clock) {
    this.clock = clock;
  }

  /** Every secret ever created, deleted ones included (marked), in creation order. */
  public synchronized List<Secret> secrets() {
    List<Secret> all = new ArrayList<>(forgotten);
    all.addAll(secrets.values());
    return all;
  }

  /** The live (not deleted) secret named {@code name}, if any. */
  public synchronized Optional<Secret> secret(String name) {
    return Optional.ofNullable(secrets.get(name)).filter(s -> !s.deleted());
  }

  /** Creates a secret directly, as another tool would (tags from {@code tags}). */
  public synchronized Secret put(String name, String value, Map<String, String> tags) {
    Secret s = new Secret(name, arn(name), value, tags, false, 0);
    secrets.put(name, s);
    created.put(name, seconds());
    return s;
  }

  synchronized ObjectNode handle(String operation, JsonNode in) {
    return switch (operation) {
      case "CreateSecret" -> create(in);
      case "GetSecretValue" -> get(in);
      case "DeleteSecret" -> delete(in);
      case "TagResource" -> tag(in);
      case "ListSecrets" -> list(in);
      default -> throw new FakeSageMaker.Failure("UnknownOperationException", "Unknown operation secretsmanager." + operation);
    };
  }

  private ObjectNode create(JsonNode in) {
    String name = in.path("Name").asText();
    Secret old = secrets.get(name);
    if (old != null && old.deleted()) {
      throw new FakeSageMaker.Failure("InvalidRequestException", "You can't create this secret because a secret with "
          + "this name is already scheduled for deletion.");
    }
    if (old != null) {
      throw new FakeSageMaker.Failure("ResourceExistsException", "The operation failed because the secret " + name
          + " already exists.");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    in.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
    Secret s = put(name, in.path("SecretString").asText(), tags);
    return JSON.createObjectNode().put("ARN", s.arn()).put("Name", name).put("VersionId", UUID.randomUUID().toString());
  }

  private Secret find(JsonNode in) {
    String id = in.path("SecretId").asText();
    Secret s = secrets.values().stream().filter(x -> x.name().equals(id) || x.arn().equals(id)).findFirst()
        .orElseThrow(() -> new FakeSageMaker.Failure("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
    if (s.deleted()) {
      throw new FakeSageMaker.Failure("InvalidRequestException", "You can't perform this operation on the secret "
          + "because it was marked for deletion.");
    }
    return s;
  }

  private ObjectNode get(JsonNode in) {
    Secret s = find(in);
    secrets.put(s.name(), new Secret(s.name(), s.arn(), s.value(), s.tags(), false, s.reads() + 1));
    ObjectNode out = JSON.createObjectNode().put("ARN", s.arn()).put("Name", s.name()).put("SecretString", s.value())
        .put("VersionId", UUID.randomUUID().toString()).put("CreatedDate", seconds());
    out.putArray("VersionStages").add("AWSCURRENT");
    return out;
  }

  private ObjectNode delete(JsonNode in) {
    Secret s = find(in);
    boolean force = in.path("ForceDeleteWithoutRecovery").asBoolean(false);
    if (force && in.has("RecoveryWindowInDays")) {
      throw new FakeSageMaker.Failure("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in "
          + "conjunction with RecoveryWindowInDays.");
    }
    Secret gone = new Secret(s.name(), s.arn(), s.value(), s.tags(), true, s.reads());
    if (force) {
      secrets.remove(s.name());
      forgotten.add(gone);
    } else {
      secrets.put(s.name(), gone);
    }
    long days = force ? 0 : in.path("RecoveryWindowInDays").asLong(30);
    return JSON.createObjectNode().put("ARN", s.arn()).put("Name", s.name())
        .put("DeletionDate", seconds().add(BigDecimal.valueOf(days * 86_400)));
  }

  private ObjectNode tag(JsonNode in) {
    Secret s = find(in);
    Map<String, String> tags = new LinkedHashMap<>(s.tags());
    in.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
    secrets.put(s.name(), new Secret(s.name(), s.arn(), s.value(), tags, false, s.reads()));
    return JSON.createObjectNode();
  }

  private ObjectNode list(JsonNode in) {
    List<String> tagKeys = new ArrayList<>();
    in.path("Filters").forEach(f -> {
      if ("tag-key".equals(f.path("Key").asText())) {
        f.path("Values").forEach(v -> tagKeys.add(v.asText()));
      }
    });
    List<Secret> live = secrets.values().stream().filter(s -> !s.deleted())
        .filter(s -> tagKeys.isEmpty() || tagKeys.stream().anyMatch(s.tags()::containsKey)).toList();
    int max = in.path("MaxResults").asInt(100);
    int start = in.has("NextToken") ? Integer.parseInt(in.path("NextToken").asText()) : 0;
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("SecretList");
    for (Secret s : live.subList(Math.min(start, live.size()), Math.min(live.size(), start + max))) {
      ObjectNode entry = list.addObject().put("ARN", s.arn()).put("Name", s.name()).put("CreatedDate", created.get(s.name()));
      ArrayNode tags = entry.putArray("Tags");
      s.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    }
    if (start + max < live.size()) {
      out.put("NextToken", String.valueOf(start + max));
    }
    return out;
  }

  private static String arn(String name) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    return "arn:aws:secretsmanager:us-east-1:" + FakeSageMaker.ACCOUNT + ":secret:" + name + "-" + suffix;
  }

  private BigDecimal seconds() {
    return BigDecimal.valueOf(clock.millis()).movePointLeft(3);
  }
}
