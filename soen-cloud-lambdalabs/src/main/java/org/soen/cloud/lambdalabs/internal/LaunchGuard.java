package org.soen.cloud.lambdalabs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.Sleeper;

/**
 * The launch guard: a small process of its own, started by the launcher before it asks for an
 * instance, that terminates the instance {@code cloud.lambda.idle_minutes} after the launcher died
 * before the instance's autodown watchdog was armed. It closes the gap the watchdog cannot: from
 * the launch request until the launcher has reached the instance over SSH and handed the watchdog
 * the API key.
 *
 * <p>It learns everything on its standard input, which is a pipe from the launcher: a first line
 * (JSON: the API URL and key, the instance name, the grace period), then {@code instance <id>} once
 * the launcher knows the id, then {@code disarm} once the watchdog is armed or the job ended. The
 * end of the pipe without {@code disarm} means the launcher is gone, however it died (the operating
 * system closes the pipe of a dead process). The guard then waits the grace period, in which a
 * launcher that resumes the job ({@code attach}) ends it and starts its own, and then terminates
 * the instance, found by its id or else by its name, and confirms the termination. The API key stays
 * on the machine that already holds it: never on a command line, in a file, in an environment, or
 * on the instance before the watchdog has it.
 *
 * <p>What it cannot cover: the launcher's machine itself going away (sleep, power, network) before
 * the watchdog is armed; then the owner's next {@code reap} (or {@code train}) ends the instance, or
 * anyone's after the instance's deadline. Lambda Cloud bills an instance until it is terminated (it
 * has no stop), and terminating needs the account's API key, which the launch's {@code user_data}
 * must not carry: Lambda stores it, and cloud-init writes it to the instance's disk, readable there by
 * root (the login user of Lambda's images has sudo, so the training too).
 */
public final class LaunchGuard {
  /** The line that ends the guard without terminating anything. */
  static final String DISARM = "disarm";
  /** The prefix of the line that tells the guard the instance's id. */
  static final String INSTANCE = "instance ";
  private static final Sleeper PARK = Sleeper.parking();

  private LaunchGuard() {}

  /** Runs the guard on this process's standard input; its report goes to standard output. */
  public static void main(String[] args) throws IOException, InterruptedException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = System.out;
    String first = in.readLine();
    if (first == null) {
      out.println("no instructions on standard input; nothing to guard");
      return;
    }
    JsonNode hello = new ObjectMapper().readTree(first);
    String name = hello.path("name").asText();
    Duration grace = Duration.ofSeconds(hello.path("grace_seconds").asLong());
    Duration poll = Duration.ofMillis(hello.path("poll_millis").asLong(10_000));
    Clock system = Clock.systemUTC();
    Supplier<Instant> now = hello.hasNonNull("clock_url") ? remoteClock(URI.create(hello.get("clock_url").asText()))
        : system::instant;
    LambdaApi api = new LambdaApi(URI.create(hello.path("api_url").asText()), hello.path("api_key").asText(),
        RateLimiter.lambda(system, PARK), system, PARK, Duration.ofSeconds(30));
    out.println(now.get() + " guarding the launch of " + name);
    String id = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals(DISARM)) {
        out.println(now.get() + " disarmed: the launcher armed the instance's watchdog or ended the job");
        return;
      }
      if (line.startsWith(INSTANCE)) {
        id = line.substring(INSTANCE.length()).strip();
        out.println(now.get() + " instance " + id);
      }
    }
    Instant until = now.get().plus(grace);
    out.println(now.get() + " the launcher is gone before the instance's watchdog was armed; terminating at " + until
        + " unless a launcher resumes the job first");
    while (now.get().isBefore(until)) {
      PARK.sleep(poll);
    }
    Provisioner provisioner = new Provisioner(api, system, PARK);
    try {
      Optional<String> target = Optional.ofNullable(id).or(() -> provisioner.lookFor(name).map(LambdaInstance::id));
      if (target.isEmpty()) {
        out.println(now.get() + " no instance named " + name + " is up: nothing bills");
        return;
      }
      Provisioner.Terminated t = provisioner.terminate(target.get());
      out.println(now.get() + " terminated instance " + target.get() + " (" + t.status() + ")");
    } catch (SoenCloudException e) {
      out.println(now.get() + " could not terminate the instance of " + name + ": " + Errors.describe(e)
          + "; run `soen-cloud reap` or terminate it in the Lambda console");
    }
  }

  /** A clock read over HTTP (seconds since the epoch): the testkit's fake Lambda Cloud serves its manual clock so. */
  private static Supplier<Instant> remoteClock(URI url) {
    HttpClient http = HttpClient.newHttpClient();
    return () -> {
      try {
        String body = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body();
        return Instant.ofEpochSecond(Long.parseLong(body.strip()));
      } catch (IOException | NumberFormatException e) {
        throw new IllegalStateException("cannot read the clock at " + url + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the clock at " + url, e);
      }
    };
  }
}
