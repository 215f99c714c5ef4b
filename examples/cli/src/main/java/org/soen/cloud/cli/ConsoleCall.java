package org.soen.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.soen.cloud.NotFoundException;

/**
 * One request to the web console and its answer. Every text it sends goes through the
 * {@link Redactor} of the console's environment first, so a secret that slipped into a message
 * still never reaches the page.
 */
final class ConsoleCall {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 64 * 1024;

  private final HttpExchange exchange;
  private final Matcher path;
  private final Redactor redactor;

  ConsoleCall(HttpExchange exchange, Matcher path, Redactor redactor) {
    this.exchange = exchange;
    this.path = path;
    this.redactor = redactor;
  }

  HttpExchange exchange() {
    return exchange;
  }

  Redactor redactor() {
    return redactor;
  }

  /** The {@code i}-th group of the route's pattern, URL-decoded. */
  String pathPart(int i) {
    return URLDecoder.decode(path.group(i), StandardCharsets.UTF_8);
  }

  /** A query parameter, if given and not blank. */
  Optional<String> query(String name) {
    return query(exchange.getRequestURI(), name);
  }

  /** A query parameter of {@code uri}, if given and not blank. */
  static Optional<String> query(java.net.URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].equals(name) && !kv[1].isBlank()) {
        return Optional.of(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** The JSON body (an empty object when there is none). */
  JsonNode body() throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new IllegalArgumentException("the request body is over " + MAX_BODY + " bytes");
      }
      return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }
  }

  /** A text field of {@code body}, if given and not blank. */
  static Optional<String> text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    String s = n.asText().strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** Answers {@code value} as JSON with {@code status}. */
  void json(int status, Object value) throws IOException {
    send(status, "application/json; charset=utf-8", Output.jsonText(value));
  }

  /** Answers {@code e} as the CLI's {@code --json} error document plus the lines it prints on stderr. */
  void failure(Throwable e) throws IOException {
    ErrorReporter.Failure f = ErrorReporter.Failure.of(e, "the console's output");
    int status = switch (f.code().exitCode()) {
      case ExitCodes.USAGE -> e instanceof NotFoundException || f.code() == ExitCodes.Code.JOB_NOT_FOUND ? 404 : 422;
      default -> f.code() == ExitCodes.Code.INTERNAL_ERROR ? 500 : 502;
    };
    json(status, f.document());
  }

  /** Answers a short error message as JSON. */
  void error(int status, String message) throws IOException {
    json(status, Map.of("error", Map.of("message", message)));
  }

  /** Answers {@code text} with {@code type}, secrets masked. */
  void send(int status, String type, String text) throws IOException {
    sendBytes(status, type, redactor.redact(text).getBytes(StandardCharsets.UTF_8));
  }

  /** Answers {@code bytes} as they are (the console's own static files). */
  void sendBytes(int status, String type, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
