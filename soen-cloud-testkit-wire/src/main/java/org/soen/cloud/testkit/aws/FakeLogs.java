package org.soen.cloud.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch Logs as {@link FakeSageMaker} serves it (AWS JSON 1.1, {@code Logs_20140328.*}):
 * {@code DescribeLogStreams} and {@code GetLogEvents} on the training jobs' log group
 * {@value FakeSageMaker#LOG_GROUP}, one stream per instance, with the service's paging tokens and
 * errors. Jobs write to it through {@link #createStream} and {@link #append}.
 */
final class FakeLogs {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One log event: when it happened, its text, and when CloudWatch ingested it. */
  record LogEvent(long timestamp, String message, long ingestionTime) {}

  private final Clock clock;
  private final Map<String, List<LogEvent>> streams = new LinkedHashMap<>();

  FakeLogs(Clock clock) {
    this.clock = clock;
  }

  /** Starts an empty stream named {@code name}. */
  synchronized void createStream(String name) {
    streams.put(name, new ArrayList<>());
  }

  /** Appends {@code message} to {@code stream}, stamped {@code at} and ingested now. */
  synchronized void append(String stream, Instant at, String message) {
    streams.get(stream).add(new LogEvent(at.toEpochMilli(), message, clock.millis()));
  }

  synchronized ObjectNode handle(String operation, JsonNode in) {
    return switch (operation) {
      case "DescribeLogStreams" -> describeStreams(in);
      case "GetLogEvents" -> getLogEvents(in);
      default -> throw new FakeSageMaker.Failure("UnknownOperationException", "Unknown operation Logs_20140328." + operation);
    };
  }

  private static void requireLogGroup(JsonNode in) {
    if (!FakeSageMaker.LOG_GROUP.equals(in.path("logGroupName").asText())) {
      throw new FakeSageMaker.Failure("ResourceNotFoundException", "The specified log group does not exist.");
    }
  }

  private ObjectNode describeStreams(JsonNode in) {
    requireLogGroup(in);
    String prefix = in.path("logStreamNamePrefix").asText("");
    int limit = in.path("limit").asInt(50);
    if (limit < 1 || limit > 50) {
      throw new FakeSageMaker.Failure("InvalidParameterException", "1 validation error detected: Value '" + limit
          + "' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
    }
    List<String> names = streams.keySet().stream().filter(s -> s.startsWith(prefix)).sorted().toList();
    int start = in.has("nextToken") ? Integer.parseInt(in.path("nextToken").asText()) : 0;
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("logStreams");
    for (int i = start; i < Math.min(names.size(), start + limit); i++) {
      String n = names.get(i);
      List<LogEvent> events = streams.get(n);
      ObjectNode s = list.addObject().put("logStreamName", n)
          .put("arn", "arn:aws:logs:us-east-1:" + FakeSageMaker.ACCOUNT + ":log-group:" + FakeSageMaker.LOG_GROUP
              + ":log-stream:" + n)
          .put("creationTime", events.isEmpty() ? clock.millis() : events.get(0).ingestionTime());
      if (!events.isEmpty()) {
        s.put("firstEventTimestamp", events.get(0).timestamp()).put("lastEventTimestamp", events.get(events.size() - 1).timestamp());
      }
    }
    if (start + limit < names.size()) {
      out.put("nextToken", String.valueOf(start + limit));
    }
    return out;
  }

  private ObjectNode getLogEvents(JsonNode in) {
    requireLogGroup(in);
    List<LogEvent> events = streams.get(in.path("logStreamName").asText());
    if (events == null) {
      throw new FakeSageMaker.Failure("ResourceNotFoundException", "The specified log stream does not exist.");
    }
    int limit = in.path("limit").asInt(10_000);
    int start = 0;
    if (in.has("nextToken")) {
      String token = in.path("nextToken").asText();
      if (!token.startsWith("f/")) {
        throw new FakeSageMaker.Failure("InvalidParameterException", "The specified nextToken is invalid.");
      }
      start = Integer.parseInt(token.substring(2));
    } else if (!in.path("startFromHead").asBoolean(false)) {
      start = Math.max(0, events.size() - limit);
    }
    int end = Math.min(events.size(), start + limit);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("events");
    for (int i = start; i < end; i++) {
      LogEvent e = events.get(i);
      list.addObject().put("timestamp", e.timestamp()).put("message", e.message()).put("ingestionTime", e.ingestionTime());
    }
    out.put("nextForwardToken", "f/" + end).put("nextBackwardToken", "b/" + start);
    return out;
  }
}
