package org.soen.cloud.cli;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The web console's gatekeeper, as Jupyter's: a random token made at each start (in the URL the
 * console opens, then in an HttpOnly, SameSite=Strict cookie) on every request; the {@code Host}
 * header must name 127.0.0.1 or localhost on the console's port (no DNS rebinding); an
 * {@code Origin} or cross-site {@code Sec-Fetch-Site}, when sent, must be the console itself (no
 * other page drives it); and every POST carries the CSRF token the page reads from
 * {@code /api/session}.
 */
final class ConsoleGuard {
  /** The header a POST carries the CSRF token in. */
  static final String CSRF_HEADER = "X-Soen-Csrf";

  private final String token;
  private final String csrf;
  private final String cookieName;
  private final Set<String> hosts;
  private final Set<String> origins;

  ConsoleGuard(SecureRandom random, int port) {
    this.token = randomText(random);
    this.csrf = randomText(random);
    this.cookieName = "soen_console_" + port;
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
    this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
  }

  private static String randomText(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The token of this start, for the URL the console prints and opens. */
  String token() {
    return token;
  }

  /** The CSRF token the page sends back with every POST. */
  String csrf() {
    return csrf;
  }

  /** Why {@code exchange} is refused before anything else is looked at, if it is: a foreign Host or Origin. */
  Optional<String> refuseSite(HttpExchange exchange) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null || !hosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
      return Optional.of("the Host header must be 127.0.0.1 or localhost with the console's port");
    }
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin != null && !origins.contains(origin.toLowerCase(java.util.Locale.ROOT))) {
      return Optional.of("requests from other sites are refused (Origin " + origin + ")");
    }
    String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if (site != null && site.equals("cross-site")) {
      return Optional.of("requests from other sites are refused");
    }
    return Optional.empty();
  }

  /** Whether {@code exchange} carries this start's token in its cookie. */
  boolean hasCookie(HttpExchange exchange) {
    List<String> cookies = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
    for (String header : cookies) {
      for (String pair : header.split(";")) {
        String[] kv = pair.trim().split("=", 2);
        if (kv.length == 2 && kv[0].equals(cookieName) && same(kv[1], token)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code uri}'s query is {@code token=<this start's token>}: the link the console printed. */
  boolean hasTokenInUrl(URI uri) {
    return ConsoleCall.query(uri, "token").map(given -> same(given, token)).orElse(false);
  }

  /** The {@code Set-Cookie} value that lets the browser in from now on; gone when the browser closes. */
  String cookie() {
    return cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  }

  /** Whether a POST carries the CSRF token. */
  boolean hasCsrf(HttpExchange exchange) {
    String sent = exchange.getRequestHeaders().getFirst(CSRF_HEADER);
    return sent != null && same(sent, csrf);
  }

  private static boolean same(String given, String expected) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
