package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch guard's class path in an application packed as a jar of jars: the jars the guard
 * needs are reached through {@code nested:} URLs served from inside an outer jar, as a Spring Boot
 * fat jar's class loader gives them, and {@code java.class.path} names none of them.
 */
class GuardClassPathTest {
  @TempDir Path tmp;

  /** What a URL's connection reads. */
  interface Opener {
    InputStream open(URL u) throws IOException;
  }

  /** {@code spec} as a URL whose connections read what {@code opener} gives, as a fat jar's class loader serves its URLs. */
  private static URL served(String spec, Opener opener) throws IOException {
    return new URL(null, spec, new URLStreamHandler() {
      @Override
      protected URLConnection openConnection(URL u) {
        return new URLConnection(u) {
          @Override
          public void connect() {}

          @Override
          public InputStream getInputStream() throws IOException {
            return opener.open(u);
          }
        };
      }
    });
  }

  /** {@code nested:<outer jar>!/<entry>}, serving the bytes of that entry as a fat jar's launcher does. */
  private static URL nested(Path outer, String entry) throws IOException {
    return served("nested:" + outer + "!/" + entry, u -> {
      String spec = u.getPath();
      int bang = spec.indexOf("!/");
      JarFile jar = new JarFile(spec.substring(0, bang));
      ZipEntry found = jar.getEntry(spec.substring(bang + 2));
      if (found == null) {
        jar.close();
        throw new IOException("no entry " + spec.substring(bang + 2) + " in " + spec.substring(0, bang));
      }
      return new java.io.FilterInputStream(jar.getInputStream(found)) {
        @Override
        public void close() throws IOException {
          super.close();
          jar.close();
        }
      };
    });
  }

  /** {@code location} (a folder of classes or a jar) as the bytes of a jar. */
  private static byte[] asJar(Path location) throws IOException {
    if (Files.isRegularFile(location)) {
      return Files.readAllBytes(location);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes); Stream<Path> files = Files.walk(location)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        jar.putNextEntry(new ZipEntry(location.relativize(f).toString().replace(File.separatorChar, '/')));
        jar.write(Files.readAllBytes(f));
        jar.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** An outer jar holding {@code inner} under {@code BOOT-INF/lib/}, as a fat jar holds its dependencies. */
  private static Path fatJar(Path at, List<byte[]> inner) throws IOException {
    try (OutputStream out = Files.newOutputStream(at); JarOutputStream jar = new JarOutputStream(out)) {
      for (int i = 0; i < inner.size(); i++) {
        ZipEntry e = new ZipEntry("BOOT-INF/lib/lib" + i + ".jar");
        e.setMethod(ZipEntry.STORED);
        e.setSize(inner.get(i).length);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(inner.get(i));
        e.setCrc(crc.getValue());
        jar.putNextEntry(e);
        jar.write(inner.get(i));
        jar.closeEntry();
      }
    }
    return at;
  }

  @Test
  @DisplayName("a jar nested in another is copied once into the cache under its SHA-256; a plain file is used as it is")
  void of_whenJarIsNested_copiesItOnceUnderItsHash() throws Exception {
    byte[] inner = "PK not really a jar, but bytes to copy".getBytes(StandardCharsets.UTF_8);
    Path outer = fatJar(tmp.resolve("app.jar"), List.of(inner));
    Path plain = Files.writeString(tmp.resolve("plain.jar"), "plain");
    Path cache = tmp.resolve("job/guard-lib");
    List<URL> locations = List.of(plain.toUri().toURL(), nested(outer, "BOOT-INF/lib/lib0.jar"));

    String first = GuardClassPath.of(locations, cache);
    Path copy = cache.resolve(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(inner)) + ".jar");
    assertThat(first).isEqualTo(plain + File.pathSeparator + copy);
    assertThat(Files.readAllBytes(copy)).isEqualTo(inner);
    long written = Files.getLastModifiedTime(copy).toMillis();
    Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));

    assertThat(GuardClassPath.of(locations, cache)).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(copy).toMillis()).isEqualTo(written - 60_000);
    try (Stream<Path> left = Files.list(cache)) {
      assertThat(left).containsExactly(copy);
    }
  }

  @Test
  @DisplayName("a nested jar named as Spring Boot before 3.2 names it (jar:file:app.jar!/lib/x.jar!/) is read as the outer jar's entry")
  void of_whenJarUrlOfANestedJarsRoot_copiesTheEntry() throws Exception {
    byte[] inner = "PK the nested jar's bytes".getBytes(StandardCharsets.UTF_8);
    Path outer = fatJar(tmp.resolve("app.jar"), List.of(inner));
    URL root = new URL("jar:" + outer.toUri() + "!/BOOT-INF/lib/lib0.jar!/");

    String classPath = GuardClassPath.of(List.of(root), tmp.resolve("guard-lib"));

    assertThat(Files.readAllBytes(Path.of(classPath))).isEqualTo(inner);
  }

  @Test
  @DisplayName("a nested jar that cannot be read fails naming its location and the reason, leaving no partial copy")
  void of_whenNestedJarUnreadable_failsNamingIt() throws Exception {
    Path outer = fatJar(tmp.resolve("app.jar"), List.of());
    Path cache = tmp.resolve("guard-lib");
    URL missing = nested(outer, "BOOT-INF/lib/gone.jar");

    assertThatThrownBy(() -> GuardClassPath.of(List.of(missing), cache)).isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot put " + missing + " on the launch guard's class path: no entry BOOT-INF/lib/gone.jar in "
            + outer + " (IOException)");
    try (Stream<Path> left = Files.list(cache)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  @DisplayName("a nested jar whose bytes change between naming and copying fails saying so, leaving no copy under either name")
  void of_whenNestedJarChangesWhileCopied_failsLeavingNoCopy() throws Exception {
    Path cache = tmp.resolve("guard-lib");
    int[] reads = {0};
    URL changing = served("nested:changing.jar",
        u -> new java.io.ByteArrayInputStream(("PK read " + ++reads[0]).getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(() -> GuardClassPath.of(List.of(changing), cache)).isInstanceOf(UncheckedIOException.class)
        .hasMessage("cannot put " + changing + " on the launch guard's class path: the bytes of " + changing
            + " changed while they were copied (IOException)");
    assertThat(reads[0]).isEqualTo(2);
    try (Stream<Path> left = Files.list(cache)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  @DisplayName("the guard runs from copies of its jars taken out of a fat jar, with nothing of java.class.path: reads its orders, builds its API client, disarms")
  void guard_whenItsJarsAreNestedInAFatJar_startsFromTheCopies() throws Exception {
    List<byte[]> jars = new ArrayList<>();
    for (URL u : GuardClassPath.locations()) {
      jars.add(asJar(Path.of(u.toURI())));
    }
    Path outer = fatJar(tmp.resolve("app.jar"), jars);
    List<URL> nested = new ArrayList<>();
    for (int i = 0; i < jars.size(); i++) {
      nested.add(nested(outer, "BOOT-INF/lib/lib" + i + ".jar"));
    }
    String classPath = GuardClassPath.of(nested, tmp.resolve("guard-lib"));
    assertThat(classPath.split(File.pathSeparator)).hasSize(jars.size())
        .allMatch(e -> e.startsWith(tmp.resolve("guard-lib").toString()));

    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        classPath, LaunchGuard.class.getName()).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(("{\"api_url\":\"http://127.0.0.1:9/\",\"api_key\":\"k\",\"name\":\"soen-x\",\"grace_seconds\":60}\n"
          + LaunchGuard.DISARM + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains(" guarding the launch of soen-x").contains(" disarmed: the launcher armed");
  }
}
