package org.soen.cloud.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code soen-cloud console --no-browser} in-process on a background thread, with the
 * providers found on the class path ({@code local} among them), a home and a working folder of its
 * own, and talks to it over plain HTTP. Closing it presses Ctrl-C, which ends the console.
 */
final class ConsoleHarness implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("soen-cloud console: (http://127\\.0\\.0\\.1:(\\d+)/\\?token=(\\S+))");

  final Path home;
  final Path work;
  final String url;
  final int port;
  final String token;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final CompletableFuture<Runnable> ctrlC;
  private final CompletableFuture<Integer> exit;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private String cookie;

  private ConsoleHarness(Path dir, Map<String, String> environment, CliContext.TrainerFactory trainers) throws Exception {
    this.home = dir.resolve("home");
    this.work = dir.resolve("work");
    Files.createDirectories(work);
    CompletableFuture<String> printed = new CompletableFuture<>();
    this.ctrlC = new CompletableFuture<>();
    CliContext.Builder builder = CliContext.builder();
    if (trainers != null) {
      builder.trainers(trainers);
    }
    CliContext ctx = builder
        .out(new PrintStream(new LineWatcher(printed), true, StandardCharsets.UTF_8))
        .err(new PrintStream(err, true, StandardCharsets.UTF_8))
        .environment(environment).home(home).workingDirectory(work)
        .interrupts(action -> {
          ctrlC.complete(action);
          return () -> { };
        })
        .build();
    this.exit = CompletableFuture.supplyAsync(() -> SoenCloudCli.run(new String[] {"console", "--no-browser"}, ctx));
    String line;
    try {
      line = CompletableFuture.anyOf(printed, exit).get(60, TimeUnit.SECONDS).toString();
    } catch (TimeoutException e) {
      throw new AssertionError("the console printed no URL within a minute; stderr: " + err, e);
    }
    Matcher m = URL.matcher(line);
    if (!m.find()) {
      throw new AssertionError("the console printed no URL but " + line + "; stderr: " + err);
    }
    this.url = m.group(1);
    this.port = Integer.parseInt(m.group(2));
    this.token = m.group(3);
  }

  /** A console with {@code environment}, its folders under {@code dir}. */
  static ConsoleHarness start(Path dir, Map<String, String> environment) throws Exception {
    return new ConsoleHarness(dir, environment, null);
  }

  /** A console whose trainer {@code trainers} makes (a fake provider, a manual clock), its folders under {@code dir}. */
  static ConsoleHarness start(Path dir, Map<String, String> environment, CliContext.TrainerFactory trainers)
      throws Exception {
    return new ConsoleHarness(dir, environment, trainers);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The cookie the token URL sets, as a {@code Cookie} header value. */
  String cookie() throws IOException, InterruptedException {
    if (cookie == null) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).GET());
      String set = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no cookie: " + r));
      cookie = set.split(";", 2)[0];
    }
    return cookie;
  }

  /** A GET with the cookie and {@code headers} (name, value, ...). */
  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET().header("Cookie", cookie());
    return send(with(b, headers));
  }

  /** A POST of {@code json} with the cookie, the CSRF token and {@code headers}. */
  HttpResponse<String> post(String path, String json, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
        .POST(HttpRequest.BodyPublishers.ofString(json)).header("Cookie", cookie())
        .header("Content-Type", "application/json").header(ConsoleGuard.CSRF_HEADER, csrf());
    return send(with(b, headers));
  }

  String csrf() throws IOException, InterruptedException {
    String body = get("/api/session").body();
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("csrf").asText();
  }

  private static HttpRequest.Builder with(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      b.setHeader(headers[i], headers[i + 1]);
    }
    return b;
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(java.time.Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Everything the console wrote to stderr so far. */
  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Presses Ctrl-C and returns the console's exit code. */
  int stop() throws InterruptedException, ExecutionException, TimeoutException {
    ctrlC.get(60, TimeUnit.SECONDS).run();
    return exit.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!exit.isDone()) {
      stop();
    }
  }

  /** Completes {@code printed} with the first line that shows the console's URL. */
  private static final class LineWatcher extends OutputStream {
    private final CompletableFuture<String> printed;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineWatcher(CompletableFuture<String> printed) {
      this.printed = printed;
    }

    @Override
    public synchronized void write(int b) {
      if (b != '\n') {
        line.write(b);
        return;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.contains("soen-cloud console: ")) {
        printed.complete(text);
      }
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
