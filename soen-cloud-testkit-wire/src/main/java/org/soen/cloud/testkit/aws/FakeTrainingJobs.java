package org.soen.cloud.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SageMaker's training-job operations as {@link FakeSageMaker} serves them (AWS JSON 1.1,
 * {@code SageMaker.*}): {@code CreateTrainingJob}, {@code DescribeTrainingJob},
 * {@code ListTrainingJobs}, {@code StopTrainingJob} and {@code ListTags} on a job's ARN, with the
 * checks the published model cannot express (spot waits, unique names, instance limits) and
 * SageMaker's paging: {@code ListTrainingJobs} answers at most {@code MaxResults} (default 10)
 * summaries and {@code ListTags} at most {@code MaxResults} (default 50) tags, each with an opaque
 * {@code NextToken} that is refused, as SageMaker refuses it, when it was not issued for the same
 * query. The model's own constraints (ranges, patterns, required members) are checked before a
 * request reaches this class.
 */
final class FakeTrainingJobs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final FakeLogs logs;
  private final S3Objects s3;
  private final Map<String, FakeTrainingJob> jobs = new LinkedHashMap<>();
  private final Map<String, Integer> limits = new HashMap<>();
  private Duration trainingDuration = Duration.ofMinutes(5);
  private String nextFailure;
  private Duration nextTraining;
  private int serverErrorsAfterCreate;

  FakeTrainingJobs(Clock clock, FakeLogs logs, S3Objects s3) {
    this.clock = clock;
    this.logs = logs;
    this.s3 = s3;
  }

  synchronized void trainingDuration(Duration duration) {
    this.trainingDuration = duration;
  }

  synchronized void limitInstances(String instanceType, int instances) {
    limits.put(instanceType, instances);
  }

  synchronized void trainNextJobFor(Duration duration) {
    this.nextTraining = duration;
  }

  synchronized void serverErrorAfterCreate(int count) {
    this.serverErrorsAfterCreate = count;
  }

  synchronized void failNextJob(String failureReason) {
    this.nextFailure = failureReason;
  }

  /** Advances every job to the clock's time. */
  synchronized void tick() {
    Instant now = clock.instant();
    jobs.values().forEach(j -> j.advance(now));
  }

  /** The job named {@code name}, for the test's own questions; unknown names are a test bug. */
  synchronized FakeTrainingJob job(String name) {
    FakeTrainingJob job = jobs.get(name);
    if (job == null) {
      throw new IllegalArgumentException("no job " + name);
    }
    return job;
  }

  synchronized ObjectNode handle(String operation, JsonNode in) {
    tick();
    return switch (operation) {
      case "CreateTrainingJob" -> create(in);
      case "DescribeTrainingJob" -> found(in.path("TrainingJobName").asText()).describe();
      case "ListTrainingJobs" -> list(in);
      case "StopTrainingJob" -> stop(in);
      case "ListTags" -> listTags(in);
      default -> throw new FakeSageMaker.Failure("UnknownOperationException", "Unknown operation SageMaker." + operation);
    };
  }

  private static FakeSageMaker.Failure validation(String message) {
    return new FakeSageMaker.Failure("ValidationException", message);
  }

  private FakeTrainingJob found(String name) {
    FakeTrainingJob job = jobs.get(name);
    if (job == null) {
      throw validation("Requested resource not found.");
    }
    return job;
  }

  private ObjectNode create(JsonNode in) {
    // Patterns, lengths, counts, ranges and enums were checked against the model already.
    String name = in.path("TrainingJobName").asText("");
    if (in.path("AlgorithmSpecification").path("TrainingImage").asText("").isEmpty()) {
      throw validation("TrainingImage or AlgorithmName is required");
    }
    JsonNode resources = in.path("ResourceConfig");
    String type = resources.path("InstanceType").asText("");
    int count = resources.path("InstanceCount").asInt(0);
    if (count < 1) {
      throw validation("1 validation error detected: Value '" + count + "' at 'resourceConfig.instanceCount' failed "
          + "to satisfy constraint: Member must have value greater than or equal to 1");
    }
    JsonNode stopping = in.path("StoppingCondition");
    long maxRuntime = stopping.path("MaxRuntimeInSeconds").asLong(86400);
    if (maxRuntime < 1 || maxRuntime > 2_419_200) {
      throw validation("1 validation error detected: Value '" + maxRuntime + "' at 'stoppingCondition.maxRuntimeInSeconds' "
          + "failed to satisfy constraint: Member must have value less than or equal to 2419200");
    }
    boolean spot = in.path("EnableManagedSpotTraining").asBoolean(false);
    if (spot) {
      if (!stopping.has("MaxWaitTimeInSeconds") || stopping.path("MaxWaitTimeInSeconds").asLong() < maxRuntime) {
        throw validation("Invalid MaxWaitTimeInSeconds. It must be present and be greater than or equal to MaxRuntimeInSeconds");
      }
    } else if (stopping.has("MaxWaitTimeInSeconds")) {
      throw validation("MaxWaitTimeInSeconds is only supported for managed spot training");
    }
    if (jobs.containsKey(name)) {
      throw new FakeSageMaker.Failure("ResourceInUse", "Training job names must be unique within an AWS account and "
          + "region, and a training job with this name already exists (" + arn(name) + ")");
    }
    checkLimit(type, count, spot);
    FakeTrainingJob job = new FakeTrainingJob(logs, s3, name, in, clock.instant(), type, count, spot, maxRuntime,
        nextTraining != null ? nextTraining : trainingDuration, nextFailure);
    nextFailure = null;
    nextTraining = null;
    jobs.put(name, job);
    if (serverErrorsAfterCreate > 0) {
      serverErrorsAfterCreate--;
      throw new FakeSageMaker.Failure("InternalFailure", "An internal error occurred. Try again.", 500);
    }
    return JSON.createObjectNode().put("TrainingJobArn", arn(name));
  }

  private void checkLimit(String type, int count, boolean spot) {
    Integer limit = limits.get(type);
    if (limit == null) {
      return;
    }
    int used = jobs.values().stream().filter(j -> !j.terminal() && j.instanceType.equals(type))
        .mapToInt(j -> j.instanceCount).sum();
    if (used + count > limit) {
      throw new FakeSageMaker.Failure("ResourceLimitExceeded", "The account-level service limit '" + type + " for "
          + (spot ? "spot " : "") + "training job usage' is " + limit + " Instances, with current utilization of "
          + used + " Instances and a request delta of " + count + " Instances. Please use AWS Service Quotas to "
          + "request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to "
          + "request an increase for this quota.");
    }
  }

  private ObjectNode list(JsonNode in) {
    String contains = in.path("NameContains").asText("");
    String status = in.path("StatusEquals").asText("");
    List<FakeTrainingJob> all = new ArrayList<>(jobs.values().stream().filter(j -> j.name.contains(contains))
        .filter(j -> status.isEmpty() || j.status.equals(status)).toList());
    Comparator<FakeTrainingJob> order = switch (in.path("SortBy").asText("CreationTime")) {
      case "Name" -> Comparator.comparing((FakeTrainingJob j) -> j.name);
      case "Status" -> Comparator.comparing((FakeTrainingJob j) -> j.status).thenComparing(j -> j.name);
      default -> Comparator.comparing((FakeTrainingJob j) -> j.createdAt).thenComparing(j -> j.name);
    };
    all.sort("Ascending".equals(in.path("SortOrder").asText("Descending")) ? order : order.reversed());
    ObjectNode out = JSON.createObjectNode();
    ArrayNode summaries = out.putArray("TrainingJobSummaries");
    Page page = Page.of(in, 10, all.size());
    for (FakeTrainingJob j : all.subList(page.start(), page.end())) {
      ObjectNode s = summaries.addObject().put("TrainingJobName", j.name).put("TrainingJobArn", arn(j.name))
          .put("TrainingJobStatus", j.status).put("SecondaryStatus", j.secondary)
          .put("CreationTime", seconds(j.createdAt)).put("LastModifiedTime", seconds(j.modifiedAt));
      if (j.endedAt != null) {
        s.put("TrainingEndTime", seconds(j.endedAt));
      }
    }
    page.next(in).ifPresent(t -> out.put("NextToken", t));
    return out;
  }

  private ObjectNode stop(JsonNode in) {
    FakeTrainingJob job = found(in.path("TrainingJobName").asText());
    if (!"InProgress".equals(job.status)) {
      throw validation("The request was rejected because the training job is in status " + job.status + ".");
    }
    job.stop(clock.instant());
    return JSON.createObjectNode();
  }

  private ObjectNode listTags(JsonNode in) {
    String arn = in.path("ResourceArn").asText();
    FakeTrainingJob job = jobs.values().stream().filter(j -> arn(j.name).equals(arn)).findFirst()
        .orElseThrow(() -> validation("Requested resource not found."));
    JsonNode tags = job.request.path("Tags");
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("Tags");
    Page page = Page.of(in, 50, tags.size());
    for (int i = page.start(); i < page.end(); i++) {
      list.add(tags.get(i));
    }
    page.next(in).ifPresent(t -> out.put("NextToken", t));
    return out;
  }

  /**
   * One page of a listing: where it starts and ends. Tokens are opaque to the client (the offset
   * and the query they belong to), and one issued for another query is refused.
   */
  private record Page(int start, int end, int total) {
    static Page of(JsonNode in, int defaultSize, int total) {
      int size = in.path("MaxResults").asInt(defaultSize);
      int start = 0;
      if (in.hasNonNull("NextToken")) {
        String token = in.path("NextToken").asText();
        String[] parts;
        try {
          parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 2);
        } catch (IllegalArgumentException e) {
          parts = new String[0];
        }
        if (parts.length != 2 || !parts[1].equals(query(in)) || !parts[0].matches("\\d{1,9}")
            || Integer.parseInt(parts[0]) > total) {
          throw validation("Invalid pagination token: " + token);
        }
        start = Integer.parseInt(parts[0]);
      }
      return new Page(start, Math.min(total, start + size), total);
    }

    java.util.Optional<String> next(JsonNode in) {
      return end < total ? java.util.Optional.of(Base64.getUrlEncoder().withoutPadding()
          .encodeToString((end + "\n" + query(in)).getBytes(StandardCharsets.UTF_8))) : java.util.Optional.empty();
    }

    /** What a token is bound to: the request without its paging members. */
    private static String query(JsonNode in) {
      ObjectNode q = in.deepCopy();
      q.remove(List.of("NextToken", "MaxResults"));
      return q.toString();
    }
  }

  static String arn(String name) {
    return "arn:aws:sagemaker:us-east-1:" + FakeSageMaker.ACCOUNT + ":training-job/" + name.toLowerCase(Locale.ROOT);
  }

  static BigDecimal seconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }
}
