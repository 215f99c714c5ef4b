package org.soen.cloud.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.soen.cloud.aws.rules.ServiceRules;
import org.soen.cloud.aws.rules.Violation;

/**
 * The wire side of {@link FakeSageMaker}: an HTTP server on {@code 127.0.0.1} that takes AWS JSON
 * 1.1 requests ({@code X-Amz-Target: <service>.<operation>}) and STS Query requests (no target,
 * a form body), checks the SigV4 {@code Authorization} header's access key id, records every
 * request, injects throttling, refuses what breaks the published model ({@link ServiceRules}) with
 * the service's {@code ValidationException}, and hands the rest to the service its target names.
 */
final class AwsJsonEndpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");
  /** The published models' constraints, the same the provider checks before sending. */
  private static final ServiceRules RULES = ServiceRules.load();

  /** One AWS JSON service: answers {@code operation} with the request body {@code in}. */
  @FunctionalInterface
  interface JsonService {
    ObjectNode handle(String operation, JsonNode in);
  }

  /**
   * A service behind a target prefix: the name of its model in {@link ServiceRules} (empty when the
   * rules hold none) and the handler.
   */
  record Route(String model, JsonService service) {}

  private final String accessKeyId;
  private final Map<String, Route> routes;
  private final FakeSts sts;
  private final Runnable beforeEachCall;
  private final Map<String, Integer> throttles = new HashMap<>();
  private final List<FakeSageMaker.Request> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Starts serving {@code routes} (by target prefix) and {@code sts}; {@code beforeEachCall} runs
   * before every JSON call (to advance the jobs to the clock's time).
   */
  AwsJsonEndpoint(String accessKeyId, Map<String, Route> routes, FakeSts sts, Runnable beforeEachCall) {
    this.accessKeyId = accessKeyId;
    this.routes = Map.copyOf(routes);
    this.sts = sts;
    this.beforeEachCall = beforeEachCall;
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

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized void throttle(String target, int count) {
    throttles.put(target, count);
  }

  List<FakeSageMaker.Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String auth = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
      Matcher m = CREDENTIAL.matcher(auth);
      boolean signed = m.find() && m.group(1).equals(accessKeyId);
      if (target == null) {
        requests.add(new FakeSageMaker.Request("sts:" + FakeSts.action(text), text));
        FakeSts.Answer answer = sts.handle(text, signed);
        send(exchange, answer.status(), "text/xml", answer.xml().getBytes(StandardCharsets.UTF_8));
        return;
      }
      requests.add(new FakeSageMaker.Request(target, text));
      if (!signed) {
        error(exchange, new FakeSageMaker.Failure("UnrecognizedClientException",
            "The security token included in the request is invalid."));
        return;
      }
      if (throttled(target)) {
        error(exchange, new FakeSageMaker.Failure("ThrottlingException", "Rate exceeded"));
        return;
      }
      try {
        ObjectNode out = call(target, text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text));
        send(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsBytes(out));
      } catch (FakeSageMaker.Failure f) {
        error(exchange, f);
      }
    }
  }

  private synchronized boolean throttled(String target) {
    Integer left = throttles.get(target);
    if (left != null && left > 0) {
      throttles.put(target, left - 1);
      return true;
    }
    return false;
  }

  private ObjectNode call(String target, JsonNode in) {
    int dot = target.indexOf('.');
    Route route = dot < 0 ? null : routes.get(target.substring(0, dot));
    if (route == null) {
      throw new FakeSageMaker.Failure("UnknownOperationException", "Unknown operation " + target);
    }
    String operation = target.substring(dot + 1);
    if (!route.model().isEmpty() && RULES.operations(route.model()).contains(operation)) {
      List<Violation> violations = RULES.check(route.model(), operation, in);
      if (!violations.isEmpty()) {
        throw new FakeSageMaker.Failure("ValidationException", ServiceRules.validationMessage(violations));
      }
    }
    beforeEachCall.run();
    return route.service().handle(operation, in);
  }

  private static void error(HttpExchange exchange, FakeSageMaker.Failure f) throws IOException {
    ObjectNode node = JSON.createObjectNode().put("__type", f.code).put("message", f.getMessage());
    send(exchange, f.status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(node));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
