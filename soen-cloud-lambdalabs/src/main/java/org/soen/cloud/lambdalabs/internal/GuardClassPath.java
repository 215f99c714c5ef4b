package org.soen.cloud.lambdalabs.internal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.AtomicFiles;

/**
 * The class path of the {@link LaunchGuard} process, built from where the classes it needs were
 * loaded from rather than from {@code java.class.path}, which in an application packed as one jar
 * of jars (a Spring Boot fat jar) names only that outer jar. A class loaded from a folder or a
 * plain jar file gives that file; one loaded from a jar nested in another (its code source is not a
 * {@code file:} URL) gives a copy of the nested jar's bytes, read through its URL (the fat jar's
 * launcher serves it) and kept in a cache folder under a name made of their SHA-256: read once to
 * name it, and a second time to write it when it is not there yet ({@link AtomicFiles#writeIfAbsent}:
 * never half, never replaced).
 */
final class GuardClassPath {
  /** One class from each artifact the guard loads: this module, the API, Jackson (three jars), SLF4J. */
  private static final List<Class<?>> NEEDED = List.of(LaunchGuard.class, SoenCloudException.class,
      ObjectMapper.class, JsonFactory.class, JsonAutoDetect.class, LoggerFactory.class);

  private GuardClassPath() {}

  /** The guard's class path, nested jars copied into {@code cache}; an UncheckedIOException says why there is none. */
  static String of(Path cache) {
    return of(locations(), cache);
  }

  /** Where the classes the guard needs were loaded from, one location per artifact. */
  static List<URL> locations() {
    List<URL> locations = new ArrayList<>();
    for (Class<?> c : NEEDED) {
      CodeSource source = c.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        String why = "the class " + c.getName() + " has no code source to put on the launch guard's class path";
        throw new UncheckedIOException(why, new IOException(why));
      }
      locations.add(source.getLocation());
    }
    return locations;
  }

  /** The class path of {@code locations}: files as they are, anything else copied into {@code cache}. */
  static String of(List<URL> locations, Path cache) {
    Set<String> entries = new LinkedHashSet<>();
    for (URL location : locations) {
      try {
        entries.add(local(location, cache).toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot put " + location + " on the launch guard's class path: "
            + Errors.describe(e), e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * The URL whose content is the jar at {@code location}: {@code jar:file:/app.jar!/lib/x.jar!/}
   * (a nested jar's root, as Spring Boot before 3.2 names it) is read as its outer jar's entry
   * {@code jar:file:/app.jar!/lib/x.jar}, which the JDK can open; any other (Spring Boot's
   * {@code nested:}) as it is, through the handler of the class loader that gave it.
   */
  static URL jarBytes(URL location) throws IOException {
    String spec = location.toString();
    if (location.getProtocol().equals("jar") && spec.endsWith("!/") && spec.indexOf("!/") < spec.length() - 2) {
      return new URL(location, spec.substring(0, spec.length() - 2));
    }
    return location;
  }

  private static Path local(URL location, Path cache) throws IOException {
    if (location.getProtocol().equals("file")) {
      try {
        Path p = Path.of(location.toURI());
        if (Files.exists(p)) {
          return p;
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        // not a plain path: read it through its URL as a nested jar is
      }
    }
    Files.createDirectories(cache);
    URL bytes = jarBytes(location);
    String sha = copy(bytes, OutputStream.nullOutputStream());
    Path copy = cache.resolve(sha + ".jar");
    // Never replaced: a launcher writing the same copy at the same moment writes the same bytes, and the first stays.
    AtomicFiles.writeIfAbsent(copy, out -> {
      if (!copy(bytes, out).equals(sha)) {
        throw new IOException("the bytes of " + location + " changed while they were copied");
      }
    });
    return copy;
  }

  /** Copies the content of {@code bytes} to {@code out}; its SHA-256, in hex. */
  private static String copy(URL bytes, OutputStream out) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(bytes.openStream(), sha)) {
        in.transferTo(out);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
