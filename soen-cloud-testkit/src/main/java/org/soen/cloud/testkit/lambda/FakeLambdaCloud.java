package org.soen.cloud.testkit.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.soen.cloud.testkit.lambda.internal.InstanceClock;
import org.soen.cloud.testkit.lambda.internal.InstanceProcesses;
import org.soen.cloud.testkit.lambda.internal.RateGate;
import org.soen.cloud.testkit.lambda.internal.SandboxCommand;
import org.soen.cloud.testkit.lambda.internal.SwitchableLink;

/**
 * A fake Lambda Cloud, in the spirit of OkHttp's MockWebServer: the REST API ({@code /api/v1})
 * on 127.0.0.1 with Lambda's paths, {@code {"data": ...}} answers and
 * {@code {"error": {"code", "message", "suggestion"}}} failures, Bearer authentication, and one
 * embedded SSH server per launched instance whose commands run with {@code /bin/sh} in a sandbox
 * folder, so setup commands, tar uploads, the training run and downloads really happen.
 *
 * <p>Instances report {@code ip} 127.0.0.1 once {@code active} and, as a non-standard field the
 * real API does not have, {@code ssh_port}. Boot time follows the given {@link Clock}. Failures
 * are scriptable: capacity per region, a launch whose answer is lost or that creates its instance
 * and then fails, HTTP 429, errors by code, SSH connections dropped during an upload or on a
 * command, host keys that change, preemption. Lambda's rate limits (one request a second, one
 * launch every 12 seconds, on the fake's clock) are enforced once {@link #realRateLimits()} is
 * called, with {@code 429} and {@code Retry-After} as the answer to a request that comes too soon.
 * A billing meter adds up launch-to-terminate time at each type's price.
 *
 * <p>An instance's clock is the fake's: {@code date +%s} run on it answers the given {@link Clock}'s
 * time (a {@code date} on the instances' {@code PATH} asks the fake, through {@code curl}, for
 * {@code GET /fake/clock}), so a watchdog on the instance sees a manual clock's jumps; other uses of
 * {@code date} and every {@code sleep} are the machine's. The instances reach the API at
 * {@link #apiUrl()} with {@code curl}.
 */
public final class FakeLambdaCloud implements AutoCloseable {
  /** The API key {@link #start} accepts unless told otherwise. */
  public static final String DEFAULT_API_KEY = "secret_fake-lambda-key_0123456789abcdef";
  /** Lambda Cloud's published limit on requests per API key: one a second. */
  public static final Duration REAL_REQUEST_INTERVAL = Duration.ofSeconds(1);
  /** Lambda Cloud's published limit on launches per API key: one every 12 seconds. */
  public static final Duration REAL_LAUNCH_INTERVAL = Duration.ofSeconds(12);

  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final String apiKey;
  private final Path root;
  private final HttpServer http;
  private final Map<String, TypeEntry> types = new LinkedHashMap<>();
  private final Map<String, String> sshKeys = new LinkedHashMap<>();
  private final Map<String, Instance> instances = new LinkedHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();
  /**
   * Tells this fake's processes from every other fake's on the machine: instance ids repeat from
   * one fake to the next (the first instance of each has the same id), and other test JVMs run
   * fakes at the same time, so terminating must not kill by the instance id alone.
   */
  private final String processTag = UUID.randomUUID().toString();
  private Duration bootDelay = Duration.ofMinutes(2);
  private int dropLaunchAnswers;
  private int failLaunchesAfterCreating;
  private int failLaunchStatus;
  private int rateLimited;
  private RateGate rateGate = new RateGate(Duration.ZERO, Duration.ZERO);
  private final List<String> tooManyRequests = Collections.synchronizedList(new ArrayList<>());
  private final List<String[]> scriptedErrors = new ArrayList<>();
  private long dropUploadAfterBytes = -1;
  private final List<Predicate<String>> dropOnCommand = new ArrayList<>();
  /** What every process on an instance gets in its environment: the clock's {@code date} first on the PATH. */
  private final Map<String, String> sandboxEnvironment;
  private long clockReads;

  private record TypeEntry(String name, int priceCents, List<String> regions) {}

  private final class Instance {
    final String id;
    final String name;
    final String type;
    final String region;
    final String keyName;
    final Map<String, String> tags;
    final Instant launchedAt;
    final Path sandbox;
    final SshServer ssh;
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    final SwitchableLink link;
    String forcedStatus;
    Instant terminatedAt;

    Instance(String id, String name, String type, String region, String keyName,
        Map<String, String> tags, Instant launchedAt, Path sandbox, SshServer ssh) {
      this.id = id;
      this.name = name;
      this.type = type;
      this.region = region;
      this.keyName = keyName;
      this.tags = tags;
      this.launchedAt = launchedAt;
      this.sandbox = sandbox;
      this.ssh = ssh;
      this.link = SwitchableLink.to(ssh.getPort());
    }

    String status() {
      if (terminatedAt != null) {
        return "terminated";
      }
      if (forcedStatus != null) {
        return forcedStatus;
      }
      return clock.instant().isBefore(launchedAt.plus(bootDelay)) ? "booting" : "active";
    }
  }

  private FakeLambdaCloud(Clock clock, String apiKey, Path root) throws IOException {
    this.clock = clock;
    this.apiKey = apiKey;
    this.root = root;
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/api/v1/", this::handle);
    http.createContext("/fake/clock", this::clock);
    http.start();
    this.sandboxEnvironment = Map.of("PATH", InstanceClock.install(root) + ":" + System.getenv().getOrDefault("PATH",
        "/usr/local/bin:/usr/bin:/bin"), InstanceClock.URL_VARIABLE, "http://127.0.0.1:" + http.getAddress().getPort()
        + "/fake/clock");
  }

  private void clock(HttpExchange ex) throws IOException {
    synchronized (this) {
      clockReads++;
      notifyAll();
    }
    try (ex) {
      byte[] now = (clock.instant().getEpochSecond() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, now.length);
      ex.getResponseBody().write(now);
    }
  }

  /**
   * Starts a fake with the default key, types {@code gpu_1x_a10} ($0.75/h) and
   * {@code gpu_1x_a100_sxm4} ($1.29/h) with capacity in {@code us-east-1}, and a 2 minute boot.
   *
   * @param clock drives boot delays and the billing meter; a manual clock in tests
   * @param root a folder for the instances' sandboxes
   */
  public static FakeLambdaCloud start(Clock clock, Path root) {
    try {
      FakeLambdaCloud fake = new FakeLambdaCloud(clock, DEFAULT_API_KEY, root);
      fake.instanceType("gpu_1x_a10", 75, "us-east-1");
      fake.instanceType("gpu_1x_a100_sxm4", 129, "us-east-1");
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The API base URL, {@code http://127.0.0.1:<port>/api/v1}. */
  public URI apiUrl() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/api/v1");
  }

  /** The API key the fake accepts. */
  public String apiKey() {
    return apiKey;
  }

  /** Adds or replaces a type with its price and the regions that have capacity now (may be none). */
  public synchronized FakeLambdaCloud instanceType(String name, int priceCentsPerHour, String... regionsWithCapacity) {
    types.put(name, new TypeEntry(name, priceCentsPerHour, List.of(regionsWithCapacity)));
    return this;
  }

  /** Registers an SSH key as {@code POST /ssh-keys} would. */
  public synchronized FakeLambdaCloud sshKey(String name, PublicKey key) {
    sshKeys.put(name, PublicKeyEntry.toString(key));
    return this;
  }

  /** How long instances stay {@code booting} on the clock. */
  public synchronized FakeLambdaCloud bootDelay(Duration delay) {
    this.bootDelay = delay;
    return this;
  }

  /** The next {@code count} launches happen but their answers are dropped (the connection closes). */
  public synchronized FakeLambdaCloud loseLaunchAnswers(int count) {
    this.dropLaunchAnswers = count;
    return this;
  }

  /**
   * The next {@code count} launches create their instance and then answer HTTP {@code status}
   * (a 5xx) with the API's generic error ({@code global/unknown}), as a failure after the work
   * was done would: the answer does not say that an instance exists, yet one does and bills.
   */
  public synchronized FakeLambdaCloud failLaunchesAfterCreating(int count, int status) {
    this.failLaunchesAfterCreating = count;
    this.failLaunchStatus = status;
    return this;
  }

  /** The next {@code count} requests get HTTP 429 with {@code Retry-After: 1}. */
  public synchronized FakeLambdaCloud rateLimitNext(int count) {
    this.rateLimited = count;
    return this;
  }

  /**
   * Enforces rate limits on the fake's clock: a request sooner than {@code requestInterval} after
   * the last one admitted, or a launch sooner than {@code launchInterval} after the last launch
   * admitted, gets HTTP 429 with a {@code Retry-After} (whole seconds) saying when it would be
   * admitted. Zero intervals (the default) admit everything.
   */
  public synchronized FakeLambdaCloud rateLimits(Duration requestInterval, Duration launchInterval) {
    this.rateGate = new RateGate(requestInterval, launchInterval);
    return this;
  }

  /** Enforces Lambda Cloud's published limits: {@link #REAL_REQUEST_INTERVAL} and {@link #REAL_LAUNCH_INTERVAL}. */
  public FakeLambdaCloud realRateLimits() {
    return rateLimits(REAL_REQUEST_INTERVAL, REAL_LAUNCH_INTERVAL);
  }

  /** Every request answered HTTP 429 ({@code METHOD /path}), scripted or for coming too soon, in order. */
  public List<String> tooManyRequests() {
    synchronized (tooManyRequests) {
      return List.copyOf(tooManyRequests);
    }
  }

  /** The next request to {@code pathPrefix} fails with {@code status} and error {@code code}. */
  public synchronized FakeLambdaCloud failNext(String pathPrefix, int status, String code, String message) {
    scriptedErrors.add(new String[] {pathPrefix, Integer.toString(status), code, message});
    return this;
  }

  /** The SSH session of an upload is closed once this many stdin bytes went through (once). */
  public synchronized FakeLambdaCloud dropUploadAfter(long bytes) {
    this.dropUploadAfterBytes = bytes;
    return this;
  }

  /** The SSH session is closed, once, when a command matching {@code command} starts. */
  public synchronized FakeLambdaCloud dropSshOnCommand(Predicate<String> command) {
    dropOnCommand.add(command);
    return this;
  }

  /** Gives the instance's SSH server a new host key, as a different machine would have. */
  public synchronized void changeHostKey(String instanceId) {
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider();
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    keys.setKeySize(256);
    instance(instanceId).ssh.setKeyPairProvider(keys);
  }

  /** Forces a status such as {@code preempted} or {@code unhealthy}; null returns to normal. */
  public synchronized void forceStatus(String instanceId, String status) {
    instance(instanceId).forcedStatus = status;
  }

  /** Every instance ever launched, in launch order. */
  public synchronized List<FakeLambdaInstance> instances() {
    List<FakeLambdaInstance> out = new ArrayList<>();
    for (Instance i : instances.values()) {
      out.add(new FakeLambdaInstance(i.id, i.name, i.type, i.region, i.status(), i.link.port(),
          i.sandbox, i.launchedAt, Optional.ofNullable(i.terminatedAt), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(i.tags)),
          List.copyOf(i.commands)));
    }
    return out;
  }

  /**
   * Waits at most {@code timeout} (real time) until instance {@code id} is terminated, as a
   * watchdog on it may do by itself; true when it is.
   */
  public synchronized boolean awaitTerminated(String id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (instance(id).terminatedAt == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * Waits at most {@code timeout} (real time) until the instances have read the clock
   * ({@code date +%s}) {@code count} more times; true when they have. A watchdog that reads it at
   * the start of each round has then seen the state of things at this call and acted on it.
   */
  public synchronized boolean awaitClockReads(int count, Duration timeout) throws InterruptedException {
    long target = clockReads + count;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (clockReads < target) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Every request line received ({@code METHOD /path}), in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The billing meter: launch-to-terminate (or to now) time of every instance at its price. */
  public synchronized BigDecimal billedUsd() {
    BigDecimal total = BigDecimal.ZERO;
    for (Instance i : instances.values()) {
      Instant end = i.terminatedAt != null ? i.terminatedAt : clock.instant();
      BigDecimal hours = BigDecimal.valueOf(Duration.between(i.launchedAt, end).toMillis())
          .divide(BigDecimal.valueOf(3_600_000L), 10, RoundingMode.HALF_UP);
      total = total.add(hours.multiply(BigDecimal.valueOf(types.get(i.type).priceCents)).movePointLeft(2));
    }
    return total.setScale(4, RoundingMode.HALF_UP);
  }

  private Instance instance(String id) {
    Instance i = instances.get(id);
    if (i == null) {
      throw new IllegalArgumentException("no instance " + id + "; known: " + instances.keySet());
    }
    return i;
  }

  @Override
  public void close() {
    // Outside the lock: stop() waits for a request in flight, and that request needs the lock.
    http.stop(0);
    synchronized (this) {
      closeInstances();
    }
  }

  private void closeInstances() {
    for (Instance i : instances.values()) {
      i.link.close();
      InstanceProcesses.kill(processMarker(i.id));
      try {
        i.ssh.stop(true);
      } catch (IOException ignored) {
        // already stopped
      }
    }
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath().substring("/api/v1".length());
      String method = ex.getRequestMethod();
      requests.add(method + " " + path);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      synchronized (this) {
        if (auth == null || !auth.equals("Bearer " + apiKey)) {
          error(ex, 401, "global/invalid-api-key", "API key was invalid, expired, or deleted.",
              "Check your API key or create a new one, then try again.");
          return;
        }
        boolean launch = method.equals("POST") && path.equals("/instance-operations/launch");
        Optional<Duration> wait = rateLimited > 0 ? Optional.of(Duration.ofSeconds(1)) : rateGate.admit(clock.instant(), launch);
        if (wait.isPresent()) {
          rateLimited = Math.max(0, rateLimited - 1);
          tooManyRequests.add(method + " " + path);
          tooSoon(ex, wait.get(), launch);
          return;
        }
        for (int k = 0; k < scriptedErrors.size(); k++) {
          String[] e = scriptedErrors.get(k);
          if (path.startsWith(e[0])) {
            scriptedErrors.remove(k);
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
      for (TypeEntry t : types.values()) {
        ObjectNode entry = data.putObject(t.name);
        entry.set("instance_type", typeJson(t));
        ArrayNode regions = entry.putArray("regions_with_capacity_available");
        t.regions.forEach(r -> regions.addObject().put("name", r).put("description", r));
      }
      ok(ex, data);
    } else if (method.equals("GET") && path.equals("/instances")) {
      ArrayNode data = json.createArrayNode();
      instances.values().stream().filter(i -> i.terminatedAt == null).forEach(i -> data.add(instanceJson(i)));
      ok(ex, data);
    } else if (method.equals("GET") && path.startsWith("/instances/")) {
      Instance i = instances.get(path.substring("/instances/".length()));
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
      sshKeys.forEach((n, k) -> data.addObject().put("id", Integer.toHexString(n.hashCode())).put("name", n).put("public_key", k));
      ok(ex, data);
    } else if (method.equals("POST") && path.equals("/ssh-keys")) {
      JsonNode body = body(ex);
      if (body == null || !body.path("name").isTextual() || !body.path("public_key").isTextual()) {
        error(ex, 400, "global/invalid-parameters", "name and public_key are required.", null);
        return;
      }
      sshKeys.put(body.get("name").asText(), body.get("public_key").asText());
      ok(ex, json.createObjectNode().put("id", "k").put("name", body.get("name").asText()));
    } else {
      error(ex, 404, "global/object-does-not-exist", "Unknown route " + method + " " + path, null);
    }
  }

  private void launch(HttpExchange ex) throws IOException {
    JsonNode b = body(ex);
    if (b == null) {
      error(ex, 400, "global/invalid-parameters", "Request body is not valid JSON.", null);
      return;
    }
    if (b.has("quantity")) {
      error(ex, 400, "global/invalid-parameters", "Unknown field: quantity.", null);
      return;
    }
    String region = b.path("region_name").asText("");
    String type = b.path("instance_type_name").asText("");
    JsonNode keys = b.path("ssh_key_names");
    String name = b.path("name").asText("");
    if (!types.containsKey(type)) {
      error(ex, 400, "global/invalid-parameters", "Invalid instance type " + type + ".", null);
      return;
    }
    if (!keys.isArray() || keys.size() != 1) {
      error(ex, 400, "global/invalid-parameters", "Exactly one SSH key name must be given.", null);
      return;
    }
    String keyName = keys.get(0).asText();
    if (!sshKeys.containsKey(keyName)) {
      error(ex, 400, "global/invalid-parameters", "SSH key " + keyName + " does not exist.", null);
      return;
    }
    if (name.length() > 64) {
      error(ex, 400, "global/invalid-parameters", "Name must be at most 64 characters.", null);
      return;
    }
    if (!types.get(type).regions.contains(region)) {
      error(ex, 400, "instance-operations/launch/insufficient-capacity",
          "Not enough capacity to fulfill launch request.",
          "Choose an instance type with more availability, or try again later.");
      return;
    }
    Map<String, String> tags = new LinkedHashMap<>();
    b.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    String id = String.format("%032x", ids.incrementAndGet() * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
    Path sandbox = root.resolve(id);
    Files.createDirectories(sandbox);
    SshServer ssh = sshServer(id, sandbox, sshKeys.get(keyName));
    instances.put(id, new Instance(id, name, type, region, keyName, tags, clock.instant(), sandbox, ssh));
    if (dropLaunchAnswers > 0) {
      dropLaunchAnswers--;
      // The launch happened; the answer is lost on the way back.
      ex.getResponseBody().close();
      return;
    }
    if (failLaunchesAfterCreating > 0) {
      failLaunchesAfterCreating--;
      error(ex, failLaunchStatus, "global/unknown", "An unknown error occurred.", null);
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
    List<Instance> chosen = new ArrayList<>();
    for (JsonNode n : b.get("instance_ids")) {
      Instance i = instances.get(n.asText());
      if (i == null || i.terminatedAt != null) {
        error(ex, 404, "global/object-does-not-exist", "Instance " + n.asText() + " does not exist.", null);
        return;
      }
      chosen.add(i);
    }
    for (Instance i : chosen) {
      i.terminatedAt = clock.instant();
      // A machine that goes away resets the SSH connections still open: their clients see a reset.
      i.link.switchOff();
      InstanceProcesses.kill(processMarker(i.id));
      i.ssh.stop(true);
    }
    notifyAll();
    // Like the real API, the answer may leave the ids out; clients read the instances back.
    ObjectNode data = json.createObjectNode();
    data.putArray("terminated_instances");
    ok(ex, data);
  }

  private SshServer sshServer(String id, Path sandbox, String authorizedKey) throws IOException {
    SshServer ssh = SshServer.setUpDefaultServer();
    ssh.setHost("127.0.0.1");
    ssh.setPort(0);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider();
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    keys.setKeySize(256);
    ssh.setKeyPairProvider(keys);
    ssh.setPublickeyAuthenticator((user, key, session) -> {
      try {
        return KeyUtils.compareKeys(key, PublicKeyEntry.parsePublicKeyEntry(authorizedKey).resolvePublicKey(null, null, null));
      } catch (Exception e) {
        return false;
      }
    });
    ssh.setPasswordAuthenticator(null);
    ssh.setKeyboardInteractiveAuthenticator(null);
    ssh.setCommandFactory((channel, command) -> {
      Instance self;
      synchronized (this) {
        self = instances.get(id);
        if (self != null) {
          self.commands.add(command);
        }
        for (int k = 0; k < dropOnCommand.size(); k++) {
          if (dropOnCommand.get(k).test(command)) {
            dropOnCommand.remove(k);
            channel.getSession().close(true);
            break;
          }
        }
      }
      AtomicLong once = new AtomicLong();
      return new SandboxCommand(command, sandbox, processMarker(id), sandboxEnvironment, total -> {
        synchronized (this) {
          if (dropUploadAfterBytes >= 0 && total >= dropUploadAfterBytes && once.getAndIncrement() == 0) {
            dropUploadAfterBytes = -1;
            return true;
          }
          return false;
        }
      });
    });
    ssh.start();
    return ssh;
  }

  /** The value of {@code SOEN_FAKE_INSTANCE} in the processes of one instance of this fake: unique on the machine. */
  private String processMarker(String instanceId) {
    return instanceId + "@" + processTag;
  }

  private ObjectNode typeJson(TypeEntry t) {
    ObjectNode n = json.createObjectNode();
    n.put("name", t.name).put("description", t.name).put("gpu_description", t.name)
        .put("price_cents_per_hour", t.priceCents);
    n.putObject("specs").put("vcpus", 30).put("memory_gib", 200).put("storage_gib", 512).put("gpus", 1);
    return n;
  }

  private ObjectNode instanceJson(Instance i) {
    ObjectNode n = json.createObjectNode();
    String status = i.status();
    n.put("id", i.id).put("name", i.name).put("status", status);
    if (!status.equals("booting") && !status.equals("terminated")) {
      n.put("ip", "127.0.0.1").put("private_ip", "10.0.0.2").put("hostname", "127-0-0-1.cloud.lambda.ai");
      n.put("ssh_port", i.link.port());
    }
    n.putArray("ssh_key_names").add(i.keyName);
    n.putArray("file_system_names");
    n.putObject("region").put("name", i.region).put("description", i.region);
    n.set("instance_type", typeJson(types.get(i.type)));
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
