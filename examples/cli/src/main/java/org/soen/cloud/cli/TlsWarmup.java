package org.soen.cloud.cli;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Readies the JDK's TLS while the command line is parsed and the configuration read: a verb that
 * talks to a provider builds an HTTP client whose TLS context loads the JDK's trusted certificates
 * and its cipher-suite tables (about 80 ms on one core), all of which the JDK then keeps for the
 * process. Done on a daemon thread at the lowest priority, so it only uses a core the command does
 * not; whichever gets there first does the work, the other waits for it. Nothing is sent.
 */
final class TlsWarmup {
  /** The verbs that reach a provider over HTTPS (the AWS SDK's and Lambda's clients). */
  private static final Set<String> REMOTE = Set.of("train", "status", "stop", "logs", "attach", "download", "doctor",
      "reap", "pricing");

  private TlsWarmup() {}

  /**
   * Starts the warm-up when the verb of {@code args} (its first word that is not an option) reaches
   * a provider; the thread started, if any.
   */
  static Optional<Thread> startFor(List<String> args) {
    String verb = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
    if (!REMOTE.contains(verb)) {
      return Optional.empty();
    }
    Thread t = new Thread(TlsWarmup::warm, "soen-tls-warmup");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return Optional.of(t);
  }

  private static void warm() {
    try {
      SSLContext.getInstance("TLS").init(null, null, null);
    } catch (GeneralSecurityException | RuntimeException e) {
      // Nothing to report here: the command's own client meets the same failure and reports it.
    }
  }
}
