package org.soen.cloud.lambdalabs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.soen.cloud.spi.Sleeper;

/**
 * The rate limiters of one {@link LambdaBackend}: one per API key, made on first use and kept for
 * the backend's life, so that every {@link LambdaApi} the backend makes (estimate, reap, submit,
 * attach, stop) paces itself with the others of the same key. Scoped to the backend, not the
 * process, because that is where the clock and sleeper come from (a test's manual clock, say); a
 * process normally holds one backend per trainer. Keyed by a digest of the key, not the key.
 */
final class RateLimiters {
  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<String, RateLimiter> byKey = new ConcurrentHashMap<>();

  RateLimiters(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The limiter of {@code apiKey}. */
  RateLimiter forKey(String apiKey) {
    return byKey.computeIfAbsent(digest(apiKey), k -> RateLimiter.lambda(clock, sleeper));
  }

  private static String digest(String apiKey) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
