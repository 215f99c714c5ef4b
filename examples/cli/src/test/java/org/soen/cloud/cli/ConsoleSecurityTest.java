package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's security model over plain HTTP: token, cookie, Host, Origin, POST-only changes, CSRF. */
class ConsoleSecurityTest {
  static final String SECRET = "lambda-secret-4f9a1c";

  @TempDir static Path dir;
  static ConsoleHarness console;

  @BeforeAll
  static void start() throws Exception {
    console = ConsoleHarness.start(dir, Map.of("LAMBDA_API_KEY", SECRET, "PATH", System.getenv("PATH")));
  }

  @AfterAll
  static void stop() throws Exception {
    console.close();
  }

  private HttpResponse<String> bare(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.base() + path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return console.send(b);
  }

  @Test
  @DisplayName("the printed URL is on 127.0.0.1 with a long random token")
  void url_isLoopbackWithToken() {
    assertThat(console.url).startsWith("http://127.0.0.1:" + console.port + "/?token=");
    assertThat(console.token).hasSizeGreaterThanOrEqualTo(40);
  }

  @Test
  void request_withoutToken_is403() throws Exception {
    HttpResponse<String> page = bare("/");
    HttpResponse<String> api = bare("/api/jobs");

    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body()).contains("needs the token it printed");
    assertThat(api.statusCode()).isEqualTo(403);
  }

  @Test
  void request_withWrongToken_is403() throws Exception {
    HttpResponse<String> url = bare("/?token=" + console.token.substring(1) + "x");
    HttpResponse<String> cookie = bare("/api/jobs", "Cookie", "soen_console_" + console.port + "=wrong");

    assertThat(url.statusCode()).isEqualTo(403);
    assertThat(url.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(cookie.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("the token URL sets an HttpOnly, SameSite=Strict cookie and redirects to a URL without the token")
  void tokenUrl_setsStrictCookieAndRedirects() throws Exception {
    HttpResponse<String> r = console.send(HttpRequest.newBuilder(URI.create(console.url)).GET());

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    assertThat(r.headers().firstValue("Set-Cookie")).get().asString()
        .contains("HttpOnly").contains("SameSite=Strict").contains(console.token);
    assertThat(console.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void request_fromForeignOrigin_isRefusedEvenWithTheCookie() throws Exception {
    HttpResponse<String> get = console.get("/api/settings", "Origin", "http://evil.example");
    HttpResponse<String> post = console.post("/api/defaults", "{\"settings\":{\"region\":\"us-east-1\"}}",
        "Origin", "http://evil.example");
    HttpResponse<String> crossSite = console.get("/api/jobs", "Sec-Fetch-Site", "cross-site");
    HttpResponse<String> same = console.get("/api/jobs", "Origin", "http://127.0.0.1:" + console.port);

    assertThat(get.statusCode()).isEqualTo(403);
    assertThat(get.body()).contains("requests from other sites are refused");
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(console.home.resolve("cloud_config.yaml")).doesNotExist();
  }

  @Test
  @DisplayName("a request naming another Host (DNS rebinding) is refused even with the cookie")
  void request_withForeignHost_isRefused() throws Exception {
    String cookie = console.cookie();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), console.port)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /api/jobs HTTP/1.1\r\nHost: rebound.example:" + console.port + "\r\nCookie: " + cookie
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 403").contains("the Host header must be 127.0.0.1 or localhost");
    }
  }

  @Test
  void get_onAChange_is405WithAllowPost() throws Exception {
    for (String path : List.of("/api/submit", "/api/check", "/api/defaults", "/api/defaults/effective",
        "/api/jobs/soen-x-20260101000000-abcd/stop")) {
      HttpResponse<String> r = console.get(path);

      assertThat(r.statusCode()).as(path).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).as(path).hasValue("POST");
    }
  }

  @Test
  void post_withoutCsrfToken_is403AndChangesNothing() throws Exception {
    HttpResponse<String> r = console.send(HttpRequest.newBuilder(URI.create(console.base() + "/api/defaults/effective"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Cookie", console.cookie()));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("CSRF token");
    assertThat(console.home.resolve("cloud_config.yaml")).doesNotExist();
  }

  @Test
  @DisplayName("a secret from the environment is only 'set' in the settings, and in no response")
  void secret_isNeverSent() throws Exception {
    HttpResponse<String> settings = console.get("/api/settings");

    assertThat(settings.body()).contains("\"key\" : \"lambda.api_key\"").doesNotContain(SECRET);
    assertThat(settings.body()).containsPattern("\"key\" : \"lambda.api_key\",\\s*\"value\" : \"set\"");
    for (String path : List.of("/", "/api/jobs", "/api/pricing",
        "/api/doctor?provider=local", "/static/app.js")) {
      assertThat(console.get(path).body()).as(path).doesNotContain(SECRET);
    }
  }

  @Test
  void staticFiles_andTheChartLibrary_areServedFromTheJar() throws Exception {
    HttpResponse<String> chart = console.get("/vendor/uPlot.iife.min.js");
    HttpResponse<String> page = console.get("/");

    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.headers().firstValue("Content-Type")).get().asString().startsWith("text/javascript");
    assertThat(page.body()).contains("<script src=\"/vendor/uPlot.iife.min.js\">").doesNotContain("https://");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'self'");
    assertThat(console.get("/static/../ConsoleServer.class").statusCode()).isEqualTo(404);
  }
}
