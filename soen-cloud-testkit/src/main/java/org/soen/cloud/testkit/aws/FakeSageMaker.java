package org.soen.cloud.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.soen.cloud.aws.rules.ServiceRules;
import org.soen.cloud.aws.rules.Violation;

/**
 * A fake SageMaker, CloudWatch Logs and STS endpoint on {@code 127.0.0.1} that the real AWS SDK
 * clients talk to: SageMaker and Logs over AWS JSON 1.1 ({@code X-Amz-Target}), STS over the AWS
 * Query protocol (form body, XML answer). Point every client's {@code endpointOverride} at
 * {@link #endpoint()}.
 *
 * <p>Training jobs move through SageMaker's real status sequence on the {@link Clock} you give
 * (advance it, then call any API or {@link #tick()}): {@code InProgress/Starting → Downloading →
 * Training → Uploading → Completed}, with {@code Stopping → Stopped}, {@code MaxRuntimeExceeded},
 * {@code Failed} and spot {@code Interrupted → Starting} (resuming from the job's checkpoint
 * prefix). Jobs read their {@code config} and {@code data} channels from the {@link EmbeddedS3}
 * (a manifest file or a prefix), write {@code <output>/<job>/output/model.tar.gz} there, and log
 * to one CloudWatch stream per instance under {@code /aws/sagemaker/TrainingJobs}.
 *
 * <p>It rejects what SageMaker rejects, with SageMaker's error shapes: {@code ValidationException}
 * for every request that breaks the published model's constraints (the same {@link ServiceRules}
 * the provider checks before sending: patterns, lengths, counts, ranges, enums such as the
 * instance types, required members), spot waits and unknown jobs; {@code ResourceInUse}
 * (duplicate names) and {@code ResourceLimitExceeded} ({@link #limitInstances(String, int)});
 * {@link #throttle(String, int)} injects {@code ThrottlingException}. Requests are checked for a
 * SigV4 {@code Authorization} header with the expected access key id (the signature itself is not
 * verified). Every request is recorded ({@link #requests()}).
 */
public final class FakeSageMaker implements AutoCloseable {
  /** The account id the fake reports. */
  public static final String ACCOUNT = "123456789012";
  /** The log group of training jobs. */
  public static final String LOG_GROUP = "/aws/sagemaker/TrainingJobs";

  static final Pattern ROLE = Pattern.compile("^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$");
  /** SageMaker's and CloudWatch Logs' published constraints, the same the provider checks before sending. */
  private static final ServiceRules RULES = ServiceRules.load();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");

  /** One recorded request: the target (e.g. {@code SageMaker.CreateTrainingJob}, {@code sts:GetCallerIdentity}) and body. */
  public record Request(String target, String body) {}

  private final Clock clock;
  private final EmbeddedS3 s3;
  private final String accessKeyId;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, Integer> throttles = new HashMap<>();
  private final Map<String, Integer> limits = new HashMap<>();
  private final Map<String, List<LogEvent>> streams = new LinkedHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final FakeSecretsManager secretsManager;
  private Duration trainingDuration = Duration.ofMinutes(5);
  private String nextFailure;
  private Duration nextTraining;
  private int serverErrorsAfterCreate;
  private String webIdentityToken;

  private FakeSageMaker(Clock clock, EmbeddedS3 s3, String accessKeyId) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secretsManager = new FakeSecretsManager(clock);
    try {
      this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a fake on 127.0.0.1 that accepts the embedded S3's access key and reads and writes objects there. */
  public static FakeSageMaker start(Clock clock, EmbeddedS3 s3) {
    return new FakeSageMaker(clock, s3, s3.accessKeyId());
  }

  /** The endpoint for the SageMaker, CloudWatch Logs, STS and Secrets Manager clients. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Trusts {@code token} as a web identity (an EKS service account's OIDC token, say): STS
   * {@code AssumeRoleWithWebIdentity} with it answers the embedded S3's credentials as temporary
   * ones; any other token is refused with {@code InvalidIdentityToken}, as STS refuses it.
   */
  public synchronized FakeSageMaker trustWebIdentityToken(String token) {
    this.webIdentityToken = Objects.requireNonNull(token, "token");
    return this;
  }

  /** How long the {@code Training} phase of new jobs takes (default 5 minutes). */
  public synchronized FakeSageMaker trainingDuration(Duration duration) {
    this.trainingDuration = duration;
    return this;
  }

  /** The next {@code count} calls to {@code target} (e.g. {@code SageMaker.CreateTrainingJob}) answer {@code ThrottlingException}. */
  public synchronized FakeSageMaker throttle(String target, int count) {
    throttles.put(target, count);
    return this;
  }

  /** At most {@code instances} instances of {@code instanceType} may run at once; more is {@code ResourceLimitExceeded}. */
  public synchronized FakeSageMaker limitInstances(String instanceType, int instances) {
    limits.put(instanceType, instances);
    return this;
  }

  /** The next job created trains for {@code duration} instead of {@link #trainingDuration(Duration)}. */
  public synchronized FakeSageMaker trainNextJobFor(Duration duration) {
    this.nextTraining = duration;
    return this;
  }

  /**
   * The next {@code count} successful CreateTrainingJob calls create the job but answer HTTP 500
   * {@code InternalFailure}, as when an answer is lost: the client's retry then meets
   * {@code ResourceInUse}.
   */
  public synchronized FakeSageMaker serverErrorAfterCreate(int count) {
    this.serverErrorsAfterCreate = count;
    return this;
  }

  /** The next job created fails in {@code Training} with this {@code FailureReason}. */
  public synchronized FakeSageMaker failNextJob(String failureReason) {
    this.nextFailure = failureReason;
    return this;
  }

  /** The Secrets Manager this fake also serves on {@link #endpoint()}. */
  public FakeSecretsManager secretsManager() {
    return secretsManager;
  }

  /** Every request received, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Advances every job to the clock's time. */
  public synchronized void tick() {
    Instant now = clock.instant();
    jobs.values().forEach(j -> j.advance(now));
  }

  /**
   * Reclaims the spot instances of a job in {@code Training}: a checkpoint is written to its
   * checkpoint prefix, the job goes {@code Interrupted}, and after two minutes starts again and
   * resumes from the checkpoint.
   */
  public synchronized void interruptSpot(String jobName) {
    tick();
    Job job = job(jobName);
    if (!job.spot || !"Training".equals(job.secondary)) {
      throw new IllegalStateException("job " + jobName + " is not a spot job in Training (" + job.secondary + ")");
    }
    job.interrupt(clock.instant());
  }

  /** Appends a log line that arrives late (after others were read), stamped {@code at}. */
  public synchronized void appendLog(String jobName, int instance, Instant at, String message) {
    Job job = job(jobName);
    String stream = job.streamNames.get(Math.min(instance, job.streamNames.size()) - 1);
    streams.get(stream).add(new LogEvent(at.toEpochMilli(), message, clock.millis()));
  }

  /** What a job saw in its channels: channel name → file names (relative) → sizes. */
  public synchronized Map<String, Map<String, Long>> inputs(String jobName) {
    return job(jobName).inputs;
  }

  /**
   * The JSON body of the {@code CreateTrainingJob} request that created {@code jobName}, as sent
   * (AWS JSON 1.1); parse it with the JSON library of the test's choice.
   */
  public synchronized String createRequest(String jobName) {
    return job(jobName).request.toString();
  }

  private Job job(String name) {
    Job job = jobs.get(name);
    if (job == null) {
      throw new IllegalArgumentException("no job " + name);
    }
    return job;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String auth = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
      Matcher m = CREDENTIAL.matcher(auth);
      boolean authorized = m.find() && m.group(1).equals(accessKeyId);
      if (target == null) {
        Map<String, String> form = form(text);
        String action = form.getOrDefault("Action", "");
        requests.add(new Request("sts:" + action, text));
        if ("AssumeRoleWithWebIdentity".equals(action)) {
          // Unsigned by design: the token is the proof.
          assumeRoleWithWebIdentity(exchange, form);
        } else if (!authorized) {
          xml(exchange, 403, stsError("InvalidClientTokenId", "The security token included in the request is invalid."));
        } else if ("GetCallerIdentity".equals(action)) {
          xml(exchange, 200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
              + "<GetCallerIdentityResult><Arn>arn:aws:iam::" + ACCOUNT + ":user/soen-test</Arn>"
              + "<UserId>AIDAFAKEUSER</UserId><Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
              + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
              + "</GetCallerIdentityResponse>");
        } else {
          xml(exchange, 400, stsError("InvalidAction", "Could not find operation " + action + " for version 2011-06-15"));
        }
        return;
      }
      requests.add(new Request(target, text));
      if (!authorized) {
        error(exchange, "UnrecognizedClientException", "The security token included in the request is invalid.", 400);
        return;
      }
      synchronized (this) {
        Integer left = throttles.get(target);
        if (left != null && left > 0) {
          throttles.put(target, left - 1);
          error(exchange, "ThrottlingException", "Rate exceeded", 400);
          return;
        }
      }
      JsonNode in = text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
      try {
        checkModel(target, in);
        ObjectNode out;
        synchronized (this) {
          tick();
          out = switch (target) {
            case "SageMaker.CreateTrainingJob" -> create(in);
            case "SageMaker.DescribeTrainingJob" -> job(in.path("TrainingJobName").asText(), true).describe();
            case "SageMaker.ListTrainingJobs" -> list(in);
            case "SageMaker.StopTrainingJob" -> stop(in);
            case "Logs_20140328.DescribeLogStreams" -> describeStreams(in);
            case "Logs_20140328.GetLogEvents" -> getLogEvents(in);
            case "secretsmanager.CreateSecret", "secretsmanager.GetSecretValue", "secretsmanager.DeleteSecret",
                "secretsmanager.TagResource", "secretsmanager.ListSecrets" ->
                secretsManager.handle(target.substring(target.indexOf('.') + 1), in);
            default -> throw new Failure("UnknownOperationException", "Unknown operation " + target);
          };
        }
        byte[] bytes = JSON.writeValueAsBytes(out);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
      } catch (Failure f) {
        error(exchange, f.code, f.getMessage(), f.status);
      }
    }
  }

  /** An error answer: the service's error code, message and HTTP status. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;
    final int status;

    Failure(String code, String message) {
      this(code, message, 400);
    }

    Failure(String code, String message, int status) {
      super(message);
      this.code = code;
      this.status = status;
    }
  }

  private static void error(HttpExchange exchange, String code, String message, int status) throws IOException {
    ObjectNode node = JSON.createObjectNode().put("__type", code).put("message", message);
    byte[] bytes = JSON.writeValueAsBytes(node);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void assumeRoleWithWebIdentity(HttpExchange exchange, Map<String, String> form) throws IOException {
    String role = form.getOrDefault("RoleArn", "");
    String session = form.getOrDefault("RoleSessionName", "");
    String token = form.getOrDefault("WebIdentityToken", "");
    String trusted;
    synchronized (this) {
      trusted = webIdentityToken;
    }
    if (!ROLE.matcher(role).matches()) {
      xml(exchange, 400, stsError("ValidationError", "1 validation error detected: Value '" + role
          + "' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern"));
    } else if (!session.matches("[\\w+=,.@-]{2,64}")) {
      xml(exchange, 400, stsError("ValidationError", "1 validation error detected: Value '" + session
          + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
    } else if (trusted == null || !trusted.equals(token)) {
      xml(exchange, 400, stsError("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider,"
          + "  please reference AssumeRoleWithWebIdentity documentation for requirements"));
    } else {
      // The SDK caches temporary credentials against the wall clock, so expiry is on that clock too.
      Instant now = clock.instant().isAfter(Instant.now()) ? clock.instant() : Instant.now();
      String roleName = role.substring(role.lastIndexOf('/') + 1);
      xml(exchange, 200, "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
          + "<AssumeRoleWithWebIdentityResult><SubjectFromWebIdentityToken>system:serviceaccount:ml:trainer"
          + "</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience>"
          + "<AssumedRoleUser><Arn>arn:aws:sts::" + ACCOUNT + ":assumed-role/" + roleName + "/" + session + "</Arn>"
          + "<AssumedRoleId>AROAFAKEROLE:" + session + "</AssumedRoleId></AssumedRoleUser>"
          + "<Credentials><AccessKeyId>" + s3.accessKeyId() + "</AccessKeyId><SecretAccessKey>" + s3.secretAccessKey()
          + "</SecretAccessKey><SessionToken>FwoGZXIvYXdzEFAKE" + UUID.randomUUID() + "</SessionToken><Expiration>"
          + now.plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "</Expiration></Credentials>"
          + "<Provider>oidc.eks.us-east-1.amazonaws.com/id/FAKE</Provider></AssumeRoleWithWebIdentityResult>"
          + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
          + "</AssumeRoleWithWebIdentityResponse>");
    }
  }

  private static String stsError(String code, String message) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + code
        + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
  }

  private static void xml(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> form(String text) {
    Map<String, String> out = new HashMap<>();
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- SageMaker

  private static Failure validation(String message) {
    return new Failure("ValidationException", message);
  }

  /** Refuses, as the service does, a request that breaks its published model's constraints. */
  private static void checkModel(String target, JsonNode in) {
    String service = target.startsWith("SageMaker.") ? "sagemaker" : target.startsWith("Logs_20140328.") ? "logs"
        : target.startsWith("secretsmanager.") ? "secretsmanager" : "";
    String operation = target.substring(target.indexOf('.') + 1);
    if (!service.isEmpty() && RULES.operations(service).contains(operation)) {
      List<Violation> violations = RULES.check(service, operation, in);
      if (!violations.isEmpty()) {
        throw validation(ServiceRules.validationMessage(violations));
      }
    }
  }

  private ObjectNode create(JsonNode in) {
    // Patterns, lengths, counts, ranges and enums were checked against the model (checkModel).
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
      throw new Failure("ResourceInUse", "Training job names must be unique within an AWS account and region, and a "
          + "training job with this name already exists (" + arn(name) + ")");
    }
    Integer limit = limits.get(type);
    if (limit != null) {
      int used = jobs.values().stream().filter(j -> !j.terminal() && j.instanceType.equals(type))
          .mapToInt(j -> j.instanceCount).sum();
      if (used + count > limit) {
        throw new Failure("ResourceLimitExceeded", "The account-level service limit '" + type + " for "
            + (spot ? "spot " : "") + "training job usage' is " + limit + " Instances, with current utilization of "
            + used + " Instances and a request delta of " + count + " Instances. Please use AWS Service Quotas to "
            + "request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to "
            + "request an increase for this quota.");
      }
    }
    Job job = new Job(name, in, clock.instant(), type, count, spot, maxRuntime,
        nextTraining != null ? nextTraining : trainingDuration, nextFailure);
    nextFailure = null;
    nextTraining = null;
    jobs.put(name, job);
    if (serverErrorsAfterCreate > 0) {
      serverErrorsAfterCreate--;
      throw new Failure("InternalFailure", "An internal error occurred. Try again.", 500);
    }
    return JSON.createObjectNode().put("TrainingJobArn", arn(name));
  }

  private Job job(String name, boolean forApi) {
    Job job = jobs.get(name);
    if (job == null) {
      throw validation("Requested resource not found.");
    }
    return job;
  }

  private ObjectNode list(JsonNode in) {
    int max = in.path("MaxResults").asInt(10);
    String contains = in.path("NameContains").asText("");
    List<Job> all = new ArrayList<>(jobs.values().stream().filter(j -> j.name.contains(contains)).toList());
    boolean ascending = "Ascending".equals(in.path("SortOrder").asText("Descending"));
    Comparator<Job> order = Comparator.comparing((Job j) -> j.createdAt).thenComparing(j -> j.name);
    all.sort(ascending ? order : order.reversed());
    int start = in.path("NextToken").isMissingNode() ? 0 : Integer.parseInt(in.path("NextToken").asText("0"));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode summaries = out.putArray("TrainingJobSummaries");
    for (int i = start; i < Math.min(all.size(), start + max); i++) {
      Job j = all.get(i);
      ObjectNode s = summaries.addObject().put("TrainingJobName", j.name).put("TrainingJobArn", arn(j.name))
          .put("TrainingJobStatus", j.status).put("SecondaryStatus", j.secondary);
      s.put("CreationTime", seconds(j.createdAt)).put("LastModifiedTime", seconds(j.modifiedAt));
      if (j.endedAt != null) {
        s.put("TrainingEndTime", seconds(j.endedAt));
      }
    }
    if (start + max < all.size()) {
      out.put("NextToken", String.valueOf(start + max));
    }
    return out;
  }

  private ObjectNode stop(JsonNode in) {
    Job job = job(in.path("TrainingJobName").asText(), true);
    if (!"InProgress".equals(job.status)) {
      throw validation("The request was rejected because the training job is in status " + job.status + ".");
    }
    job.stop(clock.instant());
    return JSON.createObjectNode();
  }

  static String arn(String name) {
    return "arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":training-job/" + name.toLowerCase(java.util.Locale.ROOT);
  }

  static BigDecimal seconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }

  // ---------------------------------------------------------------- Logs

  private record LogEvent(long timestamp, String message, long ingestionTime) {}

  private ObjectNode describeStreams(JsonNode in) {
    if (!LOG_GROUP.equals(in.path("logGroupName").asText())) {
      throw new Failure("ResourceNotFoundException", "The specified log group does not exist.");
    }
    String prefix = in.path("logStreamNamePrefix").asText("");
    int limit = in.path("limit").asInt(50);
    if (limit < 1 || limit > 50) {
      throw new Failure("InvalidParameterException", "1 validation error detected: Value '" + limit
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
          .put("arn", "arn:aws:logs:us-east-1:" + ACCOUNT + ":log-group:" + LOG_GROUP + ":log-stream:" + n)
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
    if (!LOG_GROUP.equals(in.path("logGroupName").asText())) {
      throw new Failure("ResourceNotFoundException", "The specified log group does not exist.");
    }
    List<LogEvent> events = streams.get(in.path("logStreamName").asText());
    if (events == null) {
      throw new Failure("ResourceNotFoundException", "The specified log stream does not exist.");
    }
    int limit = in.path("limit").asInt(10_000);
    int start = 0;
    if (in.has("nextToken")) {
      String token = in.path("nextToken").asText();
      if (!token.startsWith("f/")) {
        throw new Failure("InvalidParameterException", "The specified nextToken is invalid.");
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

  // ---------------------------------------------------------------- jobs

  private final class Job {
    final String name;
    final JsonNode request;
    final Instant createdAt;
    final String instanceType;
    final int instanceCount;
    final boolean spot;
    final long maxRuntime;
    final Duration training;
    final String failure;
    final List<String> streamNames = new ArrayList<>();
    final Map<String, Map<String, Long>> inputs = new LinkedHashMap<>();
    final List<ObjectNode> transitions = new ArrayList<>();
    String status = "InProgress";
    String secondary = "Starting";
    String failureReason;
    Instant phaseStart;
    Instant modifiedAt;
    Instant startedAt;
    Instant endedAt;
    Duration trained = Duration.ZERO;
    Duration billable = Duration.ZERO;
    Duration interrupted = Duration.ZERO;
    Instant lastEpochAt;
    int epoch;
    String resumedFrom;

    Job(String name, JsonNode request, Instant now, String type, int count, boolean spot, long maxRuntime,
        Duration training, String failure) {
      this.name = name;
      this.request = request;
      this.createdAt = now;
      this.instanceType = type;
      this.instanceCount = count;
      this.spot = spot;
      this.maxRuntime = maxRuntime;
      this.training = training;
      this.failure = failure;
      enter("Starting", now, "Preparing the instances for training");
    }

    boolean terminal() {
      return !"InProgress".equals(status) && !"Stopping".equals(status);
    }

    void enter(String next, Instant at, String message) {
      if (!transitions.isEmpty()) {
        transitions.get(transitions.size() - 1).put("EndTime", seconds(at));
      }
      secondary = next;
      phaseStart = at;
      modifiedAt = at;
      transitions.add(JSON.createObjectNode().put("Status", next).put("StartTime", seconds(at)).put("StatusMessage", message));
    }

    Instant phaseEnd() {
      return switch (secondary) {
        case "Starting" -> phaseStart.plusSeconds(60);
        case "Downloading" -> phaseStart.plusSeconds(30);
        case "Training" -> phaseStart.plus(training.minus(trained));
        case "Uploading" -> phaseStart.plusSeconds(20);
        case "Interrupted" -> phaseStart.plusSeconds(120);
        case "Stopping" -> phaseStart.plusSeconds(10);
        default -> Instant.MAX;
      };
    }

    void advance(Instant now) {
      while (!terminal()) {
        if ("Training".equals(secondary)) {
          emitEpochs(now.isBefore(phaseEnd()) ? now : phaseEnd());
          Instant runtimeLimit = startedAt.plus(interrupted).plusSeconds(maxRuntime);
          if (!now.isBefore(runtimeLimit) && runtimeLimit.isBefore(phaseEnd())) {
            trained = trained.plus(Duration.between(phaseStart, runtimeLimit));
            finish(runtimeLimit, "Stopped", "MaxRuntimeExceeded", "Training job runtime exceeded MaxRuntimeInSeconds provided");
            return;
          }
          if (failure != null && !now.isBefore(phaseStart.plusSeconds(30))) {
            Instant at = phaseStart.plusSeconds(30);
            log(at, "Traceback (most recent call last): " + failure);
            trained = trained.plus(Duration.between(phaseStart, at));
            status = "Failed";
            failureReason = failure;
            enter("Failed", at, failure);
            endedAt = at;
            billable = Duration.between(startedAt, at).minus(interrupted);
            return;
          }
        }
        Instant end = phaseEnd();
        if (now.isBefore(end)) {
          return;
        }
        switch (secondary) {
          case "Starting" -> {
            if (startedAt == null) {
              startedAt = end;
            }
            enter("Downloading", end, "Downloading input data");
            download();
          }
          case "Downloading" -> {
            if (status.equals("Failed")) {
              return;
            }
            startTraining(end);
          }
          case "Training" -> {
            trained = training;
            log(end, "training finished after epoch " + epoch);
            enter("Uploading", end, "Uploading generated training model");
            writeModel();
          }
          case "Uploading" -> finish(end, "Completed", "Completed", "Training job completed");
          case "Interrupted" -> {
            interrupted = interrupted.plus(Duration.between(phaseStart, end));
            enter("Starting", end, "Restarting training after spot interruption");
          }
          case "Stopping" -> finish(end, "Stopped", "Stopped", "Training job stopped");
          default -> {
            return;
          }
        }
      }
    }

    void startTraining(Instant at) {
      enter("Training", at, "Training image download completed. Training in progress.");
      streamNames.clear();
      for (int i = 1; i <= instanceCount; i++) {
        String stream = name + "/algo-" + i + "-" + at.getEpochSecond();
        streams.put(stream, new ArrayList<>());
        streamNames.add(stream);
      }
      String checkpoint = request.path("CheckpointConfig").path("S3Uri").asText("");
      resumedFrom = checkpoint.isEmpty() ? null : latestCheckpoint(checkpoint);
      lastEpochAt = at;
      if (resumedFrom != null) {
        log(at, "resuming from checkpoint " + resumedFrom + " at epoch " + epoch);
      } else {
        trained = Duration.ZERO;
        epoch = 0;
        log(at, "starting training on " + instanceCount + " x " + instanceType);
      }
    }

    void emitEpochs(Instant until) {
      while (!lastEpochAt.plusSeconds(60).isAfter(until)) {
        lastEpochAt = lastEpochAt.plusSeconds(60);
        epoch++;
        log(lastEpochAt, "epoch " + epoch + " loss=" + String.format(java.util.Locale.ROOT, "%.4f", 1.0 / epoch));
      }
    }

    void log(Instant at, String message) {
      for (int i = 0; i < streamNames.size(); i++) {
        streams.get(streamNames.get(i)).add(new LogEvent(at.toEpochMilli() + i, "[algo-" + (i + 1) + "] " + message, clock.millis()));
      }
    }

    void interrupt(Instant at) {
      emitEpochs(at);
      trained = trained.plus(Duration.between(phaseStart, at));
      String checkpoint = request.path("CheckpointConfig").path("S3Uri").asText("");
      if (!checkpoint.isEmpty()) {
        put(checkpoint, "checkpoint-epoch-" + epoch + ".pt", ("epoch=" + epoch).getBytes(StandardCharsets.UTF_8));
      }
      log(at, "spot instance reclaimed; checkpoint saved at epoch " + epoch);
      enter("Interrupted", at, "The spot instance was interrupted; training will restart when capacity is available");
    }

    void stop(Instant at) {
      if ("Training".equals(secondary)) {
        emitEpochs(at);
        trained = trained.plus(Duration.between(phaseStart, at));
      }
      status = "Stopping";
      enter("Stopping", at, "Stopping the training job");
    }

    void finish(Instant at, String finalStatus, String finalSecondary, String message) {
      status = finalStatus;
      enter(finalSecondary, at, message);
      endedAt = at;
      billable = startedAt == null ? Duration.ZERO : Duration.between(startedAt, at).minus(interrupted);
    }

    void download() {
      for (JsonNode channel : request.path("InputDataConfig")) {
        JsonNode source = channel.path("DataSource").path("S3DataSource");
        String uri = source.path("S3Uri").asText();
        Map<String, Long> files = new LinkedHashMap<>();
        try {
          if ("ManifestFile".equals(source.path("S3DataType").asText())) {
            JsonNode manifest = JSON.readTree(read(uri));
            String prefix = manifest.get(0).path("prefix").asText();
            for (int i = 1; i < manifest.size(); i++) {
              files.put(manifest.get(i).asText(), (long) read(prefix + manifest.get(i).asText()).length);
            }
          } else {
            String[] bk = split(uri);
            for (StorageMetadata m : s3Store().list(bk[0], ListContainerOptions.Builder.prefix(bk[1]).recursive())) {
              if (m.getName().startsWith(bk[1]) && m.getSize() != null) {
                files.put(m.getName().substring(bk[1].length()).replaceFirst("^/", ""), m.getSize());
              }
            }
          }
        } catch (IOException | RuntimeException e) {
          status = "Failed";
          failureReason = "ClientError: Data download failed: could not read channel " + channel.path("ChannelName").asText()
              + " from " + uri + ": " + e.getMessage();
          enter("Failed", phaseStart, failureReason);
          endedAt = phaseStart;
          return;
        }
        if (files.isEmpty()) {
          status = "Failed";
          failureReason = "ClientError: No S3 objects found under S3 URL \"" + uri + "\" given in input data source.";
          enter("Failed", phaseStart, failureReason);
          endedAt = phaseStart;
          return;
        }
        inputs.put(channel.path("ChannelName").asText(), files);
      }
    }

    void writeModel() {
      String output = request.path("OutputDataConfig").path("S3OutputPath").asText();
      if (!output.endsWith("/")) {
        output += "/";
      }
      byte[] tar = tarGz(Map.of("model.pt", ("weights after epoch " + epoch).getBytes(StandardCharsets.UTF_8),
          "metrics.json", ("{\"epochs\":" + epoch + "}").getBytes(StandardCharsets.UTF_8)));
      put(output + name + "/output/", "model.tar.gz", tar);
    }

    ObjectNode describe() {
      ObjectNode out = JSON.createObjectNode();
      out.put("TrainingJobName", name).put("TrainingJobArn", arn(name)).put("TrainingJobStatus", status)
          .put("SecondaryStatus", secondary).put("CreationTime", seconds(createdAt)).put("LastModifiedTime", seconds(modifiedAt))
          .put("EnableManagedSpotTraining", spot).put("RoleArn", request.path("RoleArn").asText());
      out.set("AlgorithmSpecification", request.path("AlgorithmSpecification"));
      out.set("ResourceConfig", request.path("ResourceConfig"));
      out.set("StoppingCondition", request.path("StoppingCondition"));
      out.set("OutputDataConfig", request.path("OutputDataConfig"));
      out.set("InputDataConfig", request.path("InputDataConfig"));
      if (request.has("CheckpointConfig")) {
        out.set("CheckpointConfig", request.path("CheckpointConfig"));
      }
      if (failureReason != null) {
        out.put("FailureReason", failureReason);
      }
      if (startedAt != null) {
        out.put("TrainingStartTime", seconds(startedAt));
      }
      if (endedAt != null) {
        out.put("TrainingEndTime", seconds(endedAt));
        long total = startedAt == null ? 0 : Duration.between(startedAt, endedAt).toSeconds();
        out.put("TrainingTimeInSeconds", total);
        out.put("BillableTimeInSeconds", Math.max(spot ? 1 : 0, billable.toSeconds()));
        if ("Completed".equals(status) || "MaxRuntimeExceeded".equals(secondary)) {
          String output = request.path("OutputDataConfig").path("S3OutputPath").asText();
          out.putObject("ModelArtifacts").put("S3ModelArtifacts",
              (output.endsWith("/") ? output : output + "/") + name + "/output/model.tar.gz");
        }
      }
      ArrayNode t = out.putArray("SecondaryStatusTransitions");
      transitions.forEach(t::add);
      return out;
    }
  }

  // ---------------------------------------------------------------- S3 helpers

  private BlobStore s3Store() {
    return s3.blobStore();
  }

  private static String[] split(String uri) {
    if (!uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// URI: " + uri);
    }
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    return slash < 0 ? new String[] {rest, ""} : new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
  }

  private byte[] read(String uri) throws IOException {
    String[] bk = split(uri);
    Blob blob = s3Store().getBlob(bk[0], bk[1]);
    if (blob == null) {
      throw new IOException("NoSuchKey: " + uri);
    }
    try (InputStream in = blob.getPayload().openStream()) {
      return in.readAllBytes();
    }
  }

  private void put(String prefixUri, String name, byte[] bytes) {
    String[] bk = split(prefixUri.endsWith("/") ? prefixUri : prefixUri + "/");
    s3Store().putBlob(bk[0], s3Store().blobBuilder(bk[1] + name).payload(bytes).contentLength((long) bytes.length).build());
  }

  private String latestCheckpoint(String prefixUri) {
    String[] bk = split(prefixUri.endsWith("/") ? prefixUri : prefixUri + "/");
    String best = null;
    for (StorageMetadata m : s3Store().list(bk[0], ListContainerOptions.Builder.prefix(bk[1]).recursive())) {
      if (m.getName().startsWith(bk[1] + "checkpoint-epoch-") && (best == null || epochOf(m.getName()) > epochOf(best))) {
        best = m.getName();
      }
    }
    return best == null ? null : "s3://" + bk[0] + "/" + best;
  }

  private static int epochOf(String key) {
    Matcher m = Pattern.compile("checkpoint-epoch-(\\d+)\\.pt$").matcher(key);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** A gzip'd tar of {@code files} (name → bytes), as SageMaker writes {@code model.tar.gz}. */
  public static byte[] tarGz(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(files).entrySet()) {
        byte[] header = new byte[512];
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, header, 0, Math.min(100, name.length));
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, e.getValue().length);
        octal(header, 136, 12, 0);
        header[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
          sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        out.write(header);
        out.write(e.getValue());
        int pad = (512 - e.getValue().length % 512) % 512;
        out.write(new byte[pad]);
      }
      out.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String s = Long.toOctalString(value);
    while (s.length() < length - 1) {
      s = "0" + s;
    }
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, offset, length - 1);
    header[offset + length - 1] = 0;
  }
}
