package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.testkit.lambda.internal.SandboxCommand;

/**
 * A resumed upload on the wire: the embedded MINA server the fake's instances use runs the listing
 * and the remote tar as real processes; the target holds part of the dataset, as a dropped upload
 * leaves it, and only what is missing or differs crosses the connection.
 */
class ResumedUploadIT {
  @TempDir static Path dir;
  static SshServer server;
  static KeyPair key;
  static Path data;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    key = g.generateKeyPair();
    Path sandbox = Files.createDirectories(dir.resolve("instance"));
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider();
    hostKey.setAlgorithm(KeyUtils.EC_ALGORITHM);
    hostKey.setKeySize(256);
    server.setKeyPairProvider(hostKey);
    server.setPublickeyAuthenticator((user, k, session) -> KeyUtils.compareKeys(k, key.getPublic()));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory((channel, command) -> new SandboxCommand(command, sandbox, "resumed-upload-it",
        Map.of(), total -> false));
    server.start();
    data = Files.createDirectories(dir.resolve("local/ds it's"));
    Random rnd = new Random(14);
    for (int i = 0; i < 24; i++) {
      Path f = data.resolve((i % 3 == 0 ? "val/" : "train/images/") + (i == 5 ? "odd\tname\nimg" : "img") + i + ".jpg");
      Files.createDirectories(f.getParent());
      byte[] b = new byte[1000 + rnd.nextInt(20_000)];
      rnd.nextBytes(b);
      Files.write(f, b);
      Files.setLastModifiedTime(f, FileTime.fromMillis(1_700_000_000_000L + rnd.nextInt(1_000_000_000)));
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.stop(true);
    }
  }

  private record Sent(long bytes, int files) {}

  /** Uploads {@code data} into {@code target} as the launcher does: the listing, then the missing part. */
  private static Sent upload(Path target) throws IOException {
    long[] bytes = {0};
    int[] files = {0};
    try (SshRunner r = new SshRunner("127.0.0.1", server.getPort(), "test", key, Optional.empty(), pin -> {},
        Duration.ofSeconds(20))) {
      TarStream tar = RemoteListing.missing(r, TarStream.of(data), target.toString());
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = r.execWriting(tar.extractCommand(target.toString()), out -> tar.writeTo(out, done -> {
        bytes[0] = done;
        files[0]++;
      }), OutputStream.nullOutputStream(), err);
      assertThat(code).as(err.toString()).isZero();
    }
    return new Sent(bytes[0], files[0]);
  }

  /** The regular files under {@code root} by relative name, in the order the tar stream sends them. */
  private static List<Path> files(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    for (Path f : files(root)) {
      out.put(root.relativize(f).toString(), Files.readAllBytes(f));
    }
    return out;
  }

  private static void assertSameTree(Path remote) throws IOException {
    Map<String, byte[]> want = contents(data);
    Map<String, byte[]> got = contents(remote);
    assertThat(got.keySet()).isEqualTo(want.keySet());
    want.forEach((name, bytes) -> assertThat(got.get(name)).as(name).isEqualTo(bytes));
    for (Path f : files(data)) {
      assertThat(Files.getLastModifiedTime(remote.resolve(data.relativize(f).toString())).toMillis() / 1000)
          .as(f.toString()).isEqualTo(Files.getLastModifiedTime(f).toMillis() / 1000);
    }
  }

  /** Copies {@code files} of the dataset into {@code target} with their sizes and mtimes, as a finished transfer leaves them. */
  private static void seed(List<Path> files, Path target) throws IOException {
    for (Path f : files) {
      Path to = target.resolve(data.relativize(f).toString());
      Files.createDirectories(to.getParent());
      Files.copy(f, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static long size(List<Path> files) throws IOException {
    long n = 0;
    for (Path f : files) {
      n += Files.size(f);
    }
    return n;
  }

  @Test
  @DisplayName("a target holding the first half of the files sends only the other half, and ends identical")
  void upload_whenHalfThere_sendsOnlyTheMissingHalf() throws Exception {
    Path target = dir.resolve("remote/half $x");
    List<Path> all = files(data);
    List<Path> second = all.subList(all.size() / 2, all.size());
    seed(all.subList(0, all.size() / 2), target);

    Sent sent = upload(target);

    assertThat(sent).isEqualTo(new Sent(size(second), second.size()));
    assertSameTree(target);
    assertThat(upload(target)).isEqualTo(new Sent(0, 0));
  }

  @Test
  @DisplayName("a file of the same size but another mtime, and a file cut off mid-write, are sent again")
  void upload_whenMtimeDiffersOrFileTruncated_resendsThem() throws Exception {
    Path target = dir.resolve("remote/changed");
    List<Path> all = files(data);
    seed(all, target);
    Path touched = target.resolve(data.relativize(all.get(2)).toString());
    Files.write(touched, new byte[(int) Files.size(touched)]);
    Files.setLastModifiedTime(touched, FileTime.fromMillis(Files.getLastModifiedTime(all.get(2)).toMillis() + 5_000));
    Path cut = target.resolve(data.relativize(all.get(7)).toString());
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.setLastModifiedTime(cut, Files.getLastModifiedTime(all.get(7)));

    Sent sent = upload(target);

    assertThat(sent).isEqualTo(new Sent(size(List.of(all.get(2), all.get(7))), 2));
    assertSameTree(target);
  }

  @Test
  @DisplayName("a target that does not exist yet gets every file")
  void upload_whenTargetMissing_sendsEverything() throws Exception {
    Path target = dir.resolve("remote/new");
    List<Path> all = files(data);
    assertThat(upload(target)).isEqualTo(new Sent(size(new ArrayList<>(all)), all.size()));
    assertSameTree(target);
  }
}
