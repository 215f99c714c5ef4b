package org.soen.cloud.lambdalabs.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.spi.BackendContext;

/**
 * Clients of Lambda Cloud's API for a set of settings: the key (configured, {@code LAMBDA_API_KEY}
 * or {@code ~/.lambda_cloud/lambda_keys}) and the URL, every client made for one key sharing that
 * key's rate limiter.
 */
final class LambdaClients {
  private final BackendContext ctx;
  private final RateLimiters limiters;

  LambdaClients(BackendContext ctx) {
    this.ctx = ctx;
    this.limiters = new RateLimiters(ctx.clock(), ctx.sleeper());
  }

  /** The API key: configured, else {@code LAMBDA_API_KEY}, else the Lambda CLI's key file. */
  String apiKey(Optional<String> configured) {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return configured.get().strip();
    }
    String env = ctx.environment().get("LAMBDA_API_KEY");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    String home = ctx.environment().getOrDefault("HOME", System.getProperty("user.home"));
    Path file = Path.of(home, ".lambda_cloud", "lambda_keys");
    if (Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file)) {
          String l = line.strip();
          if (l.startsWith("api_key")) {
            int eq = l.indexOf('=');
            if (eq > 0 && !l.substring(eq + 1).isBlank()) {
              return l.substring(eq + 1).strip();
            }
          } else if (!l.isEmpty() && !l.startsWith("#") && !l.contains("=")) {
            return l;
          }
        }
      } catch (IOException e) {
        throw new CredentialsException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    throw new CredentialsException("no Lambda Cloud API key: set LAMBDA_API_KEY or write `api_key = <key>` to "
        + file + " (create a key at https://cloud.lambda.ai/api-keys)");
  }

  /** The API URL: configured, else {@code LAMBDA_API_URL} where the setting is left at its default. */
  URI apiUrl(LambdaSettings s) {
    String env = ctx.environment().get("LAMBDA_API_URL");
    if (s.apiUrl().equals(LambdaSettings.DEFAULT_API_URL) && env != null && !env.isBlank()) {
      return URI.create(env.strip());
    }
    return s.apiUrl();
  }

  /** A client of the API; every client made for one API key shares that key's rate limiter. */
  LambdaApi api(LambdaSettings s) {
    return api(apiUrl(s), apiKey(s.apiKey()));
  }

  LambdaApi api(URI url, String key) {
    return new LambdaApi(url, key, limiters.forKey(key), ctx.clock(), ctx.sleeper(), Duration.ofSeconds(30));
  }
}
