package org.soen.cloud.testkit.lambda;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.soen.cloud.testkit.lambda.internal.FakeAccount;
import org.soen.cloud.testkit.lambda.internal.FakeInstance;
import org.soen.cloud.testkit.lambda.internal.ProcessSandbox;
import org.soen.cloud.testkit.lambda.internal.RestRoutes;
import org.soen.cloud.testkit.lambda.internal.SshInstances;

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
 *
 * <p>A launch may carry {@code user_data} as the API accepts it (plain text, at most
 * {@link #USER_DATA_MAX_BYTES}); a user-data script ({@code #!...}) runs once in the instance's
 * sandbox as it boots, as cloud-init would run it, with its output in
 * {@code .fake-cloud-init/output.log} there.
 *
 * <p>Inside, the REST routes, the SSH instances and the process sandbox are types of their own
 * ({@code internal} package); this class is their public face.
 */
public final class FakeLambdaCloud implements AutoCloseable {
  /** The API key {@link #start} accepts unless told otherwise. */
  public static final String DEFAULT_API_KEY = "secret_fake-lambda-key_0123456789abcdef";
  /** Lambda Cloud's published limit on requests per API key: one a second. */
  public static final Duration REAL_REQUEST_INTERVAL = Duration.ofSeconds(1);
  /** Lambda Cloud's published limit on launches per API key: one every 12 seconds. */
  public static final Duration REAL_LAUNCH_INTERVAL = Duration.ofSeconds(12);
  /** The largest {@code user_data} a launch accepts, in UTF-8 bytes (the API's "cannot exceed 1MB"). */
  public static final int USER_DATA_MAX_BYTES = RestRoutes.USER_DATA_MAX_BYTES;

  private final String apiKey;
  private final HttpServer http;
  private final FakeAccount account;
  private final SshInstances ssh;

  private FakeLambdaCloud(Clock clock, String apiKey, Path root) throws IOException {
    this.apiKey = apiKey;
    this.account = new FakeAccount(clock);
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ProcessSandbox sandbox = new ProcessSandbox(root, clockUrl());
    this.ssh = new SshInstances(account, sandbox);
    RestRoutes routes = new RestRoutes(account, apiKey, sandbox, ssh);
    http.createContext("/api/v1/", routes::handle);
    http.createContext("/fake/clock", routes::clock);
    http.start();
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

  /**
   * Where the fake serves its clock: {@code GET} answers the given {@link Clock}'s time in seconds
   * since the epoch, as {@code date +%s} on its instances does.
   */
  public URI clockUrl() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/fake/clock");
  }

  /** The API key the fake accepts. */
  public String apiKey() {
    return apiKey;
  }

  /** Adds or replaces a type with its price and the regions that have capacity now (may be none). */
  public FakeLambdaCloud instanceType(String name, int priceCentsPerHour, String... regionsWithCapacity) {
    account.instanceType(name, priceCentsPerHour, List.of(regionsWithCapacity));
    return this;
  }

  /** Registers an SSH key as {@code POST /ssh-keys} would. */
  public FakeLambdaCloud sshKey(String name, PublicKey key) {
    account.sshKey(name, PublicKeyEntry.toString(key));
    return this;
  }

  /** How long instances stay {@code booting} on the clock. */
  public FakeLambdaCloud bootDelay(Duration delay) {
    account.bootDelay(delay);
    return this;
  }

  /** The next {@code count} launches happen but their answers are dropped (the connection closes). */
  public FakeLambdaCloud loseLaunchAnswers(int count) {
    account.loseLaunchAnswers(count);
    return this;
  }

  /**
   * The next {@code count} launches create their instance and then answer HTTP {@code status}
   * (a 5xx) with the API's generic error ({@code global/unknown}), as a failure after the work
   * was done would: the answer does not say that an instance exists, yet one does and bills.
   */
  public FakeLambdaCloud failLaunchesAfterCreating(int count, int status) {
    account.failLaunchesAfterCreating(count, status);
    return this;
  }

  /** The next {@code count} requests get HTTP 429 with {@code Retry-After: 1}. */
  public FakeLambdaCloud rateLimitNext(int count) {
    account.rateLimitNext(count);
    return this;
  }

  /**
   * Enforces rate limits on the fake's clock: a request sooner than {@code requestInterval} after
   * the last one admitted, or a launch sooner than {@code launchInterval} after the last launch
   * admitted, gets HTTP 429 with a {@code Retry-After} (whole seconds) saying when it would be
   * admitted. Zero intervals (the default) admit everything.
   */
  public FakeLambdaCloud rateLimits(Duration requestInterval, Duration launchInterval) {
    account.rateLimits(requestInterval, launchInterval);
    return this;
  }

  /** Enforces Lambda Cloud's published limits: {@link #REAL_REQUEST_INTERVAL} and {@link #REAL_LAUNCH_INTERVAL}. */
  public FakeLambdaCloud realRateLimits() {
    return rateLimits(REAL_REQUEST_INTERVAL, REAL_LAUNCH_INTERVAL);
  }

  /** Every request answered HTTP 429 ({@code METHOD /path}), scripted or for coming too soon, in order. */
  public List<String> tooManyRequests() {
    return account.tooManyRequests();
  }

  /** The next request to {@code pathPrefix} fails with {@code status} and error {@code code}. */
  public FakeLambdaCloud failNext(String pathPrefix, int status, String code, String message) {
    account.failNext(pathPrefix, status, code, message);
    return this;
  }

  /** The SSH session of an upload is closed once this many stdin bytes went through (once). */
  public FakeLambdaCloud dropUploadAfter(long bytes) {
    account.dropUploadAfter(bytes);
    return this;
  }

  /** The SSH session is closed, once, when a command matching {@code command} starts. */
  public FakeLambdaCloud dropSshOnCommand(Predicate<String> command) {
    account.dropSshOnCommand(command);
    return this;
  }

  /** Gives the instance's SSH server a new host key, as a different machine would have. */
  public void changeHostKey(String instanceId) {
    ssh.changeHostKey(account.instance(instanceId));
  }

  /** Forces a status such as {@code preempted} or {@code unhealthy}; null returns to normal. */
  public void forceStatus(String instanceId, String status) {
    synchronized (account) {
      account.instance(instanceId).forceStatus(status);
    }
  }

  /** Every instance ever launched, in launch order. */
  public List<FakeLambdaInstance> instances() {
    synchronized (account) {
      List<FakeLambdaInstance> out = new ArrayList<>();
      for (FakeInstance i : account.instances()) {
        out.add(new FakeLambdaInstance(i.id(), i.name(), i.type(), i.region(), account.status(i), i.sshPort(),
            i.sandbox(), i.launchedAt(), Optional.ofNullable(i.terminatedAt()), java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(i.tags())), i.commands()));
      }
      return out;
    }
  }

  /**
   * Waits at most {@code timeout} (real time) until instance {@code id} is terminated, as a
   * watchdog on it may do by itself; true when it is.
   */
  public boolean awaitTerminated(String id, Duration timeout) throws InterruptedException {
    FakeInstance i = account.instance(id);
    return account.await(() -> i.terminatedAt() != null, timeout);
  }

  /**
   * Waits at most {@code timeout} (real time) until the instances have read the clock
   * ({@code date +%s}) {@code count} more times; true when they have. A watchdog that reads it at
   * the start of each round has then seen the state of things at this call and acted on it.
   */
  public boolean awaitClockReads(int count, Duration timeout) throws InterruptedException {
    synchronized (account) {
      long target = account.clockReads() + count;
      return account.await(() -> account.clockReads() >= target, timeout);
    }
  }

  /** Every request line received ({@code METHOD /path}), in order. */
  public List<String> requests() {
    return account.requests();
  }

  /** The billing meter: launch-to-terminate (or to now) time of every instance at its price. */
  public BigDecimal billedUsd() {
    return account.billedUsd();
  }

  @Override
  public void close() {
    // Outside the lock: stop() waits for a request in flight, and that request needs the lock.
    http.stop(0);
    synchronized (account) {
      account.instances().forEach(ssh::close);
    }
  }
}
