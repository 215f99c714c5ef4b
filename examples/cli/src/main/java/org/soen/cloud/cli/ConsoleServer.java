package org.soen.cloud.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.soen.cloud.CloudTrainer;

/**
 * The web console's HTTP server: the JDK's own {@link HttpServer} on 127.0.0.1 only, a table of
 * routes, the {@link ConsoleGuard} in front of every one of them, and the page's static files (ours
 * and uPlot's, from the jar: nothing is fetched from elsewhere). Closing it stops serving and stops
 * following jobs; it never stops a job.
 */
final class ConsoleServer implements AutoCloseable {
  /** Where the page's own files are in the jar. */
  private static final String ASSETS = "/org/soen/cloud/cli/console/";
  /** The uPlot webjar's description, which names its version (and so the folder of its files). */
  private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
  private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  /** One route: a method and a path pattern, and what answers it. */
  private record Route(String method, Pattern path, Endpoint endpoint) {}

  /** What answers a route. */
  @FunctionalInterface
  private interface Endpoint {
    void handle(ConsoleCall call) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConsoleGuard guard;
  private final Redactor redactor;
  private final List<Route> routes = new ArrayList<>();

  private ConsoleServer(HttpServer server, ExecutorService executor, ConsoleGuard guard, Redactor redactor) {
    this.server = server;
    this.executor = executor;
    this.guard = guard;
    this.redactor = redactor;
  }

  /**
   * Starts serving {@code trainer}'s jobs, settings and prices on 127.0.0.1:{@code port} (0: a free
   * port). {@code feeds} must be the listener {@code trainer} was made with.
   */
  static ConsoleServer start(CloudTrainer trainer, ConsoleFeeds feeds, CliContext ctx, int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 0);
    } catch (IOException e) {
      throw new org.soen.cloud.SoenCloudException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
          + (port == 0 ? "" : "; choose another --port, or leave it out for a free one"), e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "soen-console-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ConsoleServer console = new ConsoleServer(server, executor,
        new ConsoleGuard(new SecureRandom(), server.getAddress().getPort()), Redactor.of(ctx.environment()));
    ConsoleJobs jobs = new ConsoleJobs(trainer, feeds, executor, ctx.home());
    ConsoleSubmit submit = new ConsoleSubmit(trainer, jobs, ctx.workingDirectory());
    ConsoleSettings settings = new ConsoleSettings(trainer, ctx.userConfigFile());
    console.route("GET", "/api/session", console::session);
    console.route("GET", "/api/jobs", jobs::list);
    console.route("GET", "/api/jobs/([^/]+)", jobs::show);
    console.route("GET", "/api/jobs/([^/]+)/events", jobs::events);
    console.route("POST", "/api/jobs/([^/]+)/stop", jobs::stop);
    console.route("POST", "/api/jobs/([^/]+)/attach", jobs::attach);
    console.route("POST", "/api/jobs/([^/]+)/download", jobs::download);
    console.route("POST", "/api/check", submit::check);
    console.route("POST", "/api/submit", submit::submit);
    console.route("GET", "/api/settings", settings::settings);
    console.route("GET", "/api/doctor", settings::doctor);
    console.route("POST", "/api/defaults", settings::saveDefaults);
    console.route("POST", "/api/defaults/effective", settings::saveEffective);
    console.route("GET", "/api/pricing", settings::pricing);
    console.route("GET", "/api/pricing/live", settings::livePrice);
    console.route("GET", "/", call -> console.asset(call, ASSETS + "index.html"));
    console.route("GET", "/static/([a-z-]+\\.(?:js|css|svg))", call -> console.asset(call, ASSETS + call.pathPart(1)));
    String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    console.route("GET", "/vendor/(uPlot\\.iife\\.min\\.js|uPlot\\.min\\.css)", call -> console.asset(call, uplot + call.pathPart(1)));
    server.createContext("/", console::dispatch);
    server.setExecutor(executor);
    server.start();
    return console;
  }

  private static String uplotVersion() {
    java.util.Properties pom = new java.util.Properties();
    try (InputStream in = ConsoleServer.class.getResourceAsStream(UPLOT_POM)) {
      if (in != null) {
        pom.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chart library's " + UPLOT_POM, e);
    }
    return pom.getProperty("version", "missing");
  }

  private void route(String method, String path, Endpoint endpoint) {
    routes.add(new Route(method, Pattern.compile(path), endpoint));
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** The URL to open: the console with this start's token. */
  String url() {
    return "http://127.0.0.1:" + port() + "/?token=" + guard.token();
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      ConsoleCall bare = new ConsoleCall(exchange, null, redactor);
      secure(exchange);
      var refused = guard.refuseSite(exchange);
      if (refused.isPresent()) {
        bare.error(403, refused.get());
        return;
      }
      URI uri = exchange.getRequestURI();
      String method = exchange.getRequestMethod();
      if (!guard.hasCookie(exchange)) {
        if (method.equals("GET") && uri.getPath().equals("/") && guard.hasTokenInUrl(uri)) {
          // In once, then by cookie; the redirect keeps the token out of the address bar and history.
          exchange.getResponseHeaders().add("Set-Cookie", guard.cookie());
          exchange.getResponseHeaders().set("Location", "/");
          exchange.sendResponseHeaders(303, -1);
          return;
        }
        bare.error(403, "this console needs the token it printed when it started: open the URL it printed");
        return;
      }
      dispatchRoute(exchange, uri.getPath(), method);
    }
  }

  private void dispatchRoute(HttpExchange exchange, String path, String method) throws IOException {
    ConsoleCall bare = new ConsoleCall(exchange, null, redactor);
    boolean pathKnown = false;
    for (Route route : routes) {
      Matcher m = route.path().matcher(path);
      if (!m.matches()) {
        continue;
      }
      pathKnown = true;
      if (!route.method().equals(method)) {
        continue;
      }
      if (method.equals("POST") && !guard.hasCsrf(exchange)) {
        bare.error(403, "a change needs the page's CSRF token in " + ConsoleGuard.CSRF_HEADER + "; reload the page");
        return;
      }
      ConsoleCall call = new ConsoleCall(exchange, m, redactor);
      try {
        route.endpoint().handle(call);
      } catch (IllegalArgumentException | JsonProcessingException e) {
        call.error(400, e.getMessage());
      } catch (RuntimeException e) {
        call.failure(e);
      }
      return;
    }
    if (pathKnown) {
      exchange.getResponseHeaders().set("Allow", allowed(path));
      bare.error(405, method + " is not allowed here; use " + allowed(path));
    } else {
      bare.error(404, "no such page: " + path);
    }
  }

  private String allowed(String path) {
    return String.join(", ", routes.stream().filter(r -> r.path().matcher(path).matches())
        .map(Route::method).distinct().toList());
  }

  private static void secure(HttpExchange exchange) {
    var h = exchange.getResponseHeaders();
    h.set("Content-Security-Policy", POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
  }

  private void session(ConsoleCall call) throws IOException {
    call.json(200, Map.of("csrf", guard.csrf(), "csrf_header", ConsoleGuard.CSRF_HEADER));
  }

  private void asset(ConsoleCall call, String resource) throws IOException {
    try (InputStream in = ConsoleServer.class.getResourceAsStream(resource)) {
      if (in == null) {
        call.error(404, "no such file: " + call.exchange().getRequestURI().getPath());
        return;
      }
      String ext = resource.substring(resource.lastIndexOf('.') + 1);
      call.sendBytes(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
    }
  }

  /** Stops serving and following jobs; the jobs themselves keep running. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
