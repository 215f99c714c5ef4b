package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteListingTest {
  private static final String[] NAME_PARTS = {"a", "img", "b c", "tab\there", "new\nline", "é", "it's", "x.jpg",
      "$(id)", "-n", ".hidden"};

  @TempDir Path tmp;

  private static byte[] listing(String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String f : fields) {
      out.writeBytes(f.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    return out.toByteArray();
  }

  private static Set<String> unchanged(Map<String, TarStream.FileState> local, byte[] listing) {
    RemoteListing l = new RemoteListing(local);
    l.write(listing, 0, listing.length);
    return l.unchanged();
  }

  @Test
  @DisplayName("a remote file with the local path, size and whole-second mtime is unchanged; any difference is not")
  void unchanged_whenPathSizeAndSecondMatch_skipsOnlyThose() {
    Map<String, TarStream.FileState> local = Map.of("same", new TarStream.FileState(10, 1700000000),
        "fraction", new TarStream.FileState(10, 1700000000), "size", new TarStream.FileState(10, 1700000000),
        "mtime", new TarStream.FileState(10, 1700000000), "missing", new TarStream.FileState(1, 1));
    byte[] l = listing("same", "10", "1700000000.0000000000", "fraction", "10", "1700000000.9990000000",
        "size", "9", "1700000000.0000000000", "mtime", "10", "1700000001.0000000000", "extra", "3", "5.0");
    assertThat(unchanged(local, l)).containsExactlyInAnyOrder("same", "fraction");
  }

  @Test
  @DisplayName("an empty listing (no folder on the instance) leaves nothing out")
  void unchanged_whenListingEmpty_isEmpty() {
    assertThat(unchanged(Map.of("a", new TarStream.FileState(1, 1)), new byte[0])).isEmpty();
  }

  @Test
  @DisplayName("a listing with a field that does not parse, an overlong field or a cut-off record is not trusted")
  void unchanged_whenListingMalformed_isEmpty() {
    Map<String, TarStream.FileState> local = Map.of("a", new TarStream.FileState(1, 1));
    assertThat(unchanged(local, listing("a", "1", "1.0", "b", "x", "1.0"))).isEmpty();
    assertThat(unchanged(local, listing("a", "1", "1.0", "b", "1", "1.5s"))).isEmpty();
    assertThat(unchanged(local, listing("a", "1", "1.0", "b".repeat(RemoteListing.MAX_FIELD + 1), "1", "1.0"))).isEmpty();
    byte[] cut = listing("a", "1", "1.0", "b", "1");
    assertThat(unchanged(local, cut)).isEmpty();
    assertThat(unchanged(local, listing("a", "1", "1.0"))).containsExactly("a");
  }

  @Test
  @DisplayName("find's %T@ rounds down to whole seconds, before the epoch too")
  void wholeSeconds_roundsDown() {
    assertThat(RemoteListing.wholeSeconds("1700000000.9999999999")).isEqualTo(1700000000L);
    assertThat(RemoteListing.wholeSeconds("1700000000")).isEqualTo(1700000000L);
    assertThat(RemoteListing.wholeSeconds("-1.0000000000")).isEqualTo(-1L);
    assertThat(RemoteListing.wholeSeconds("-0.5000000000")).isEqualTo(-1L);
    assertThatThrownBy(() -> RemoteListing.wholeSeconds("1.2e3")).isInstanceOf(NumberFormatException.class)
        .hasMessage("not a fraction of a second: 2e3");
  }

  @Test
  @DisplayName("the listing command quotes the folder and lists nothing when it is missing")
  void command_quotesTheFolder() {
    assertThat(RemoteListing.command("/home/u/run it's/ds")).isEqualTo(
        "if [ -d '/home/u/run it'\\''s/ds' ]; then find -H '/home/u/run it'\\''s/ds' -type f"
            + " -printf '%P\\0%s\\0%T@\\0'; fi");
  }

  @Test
  @DisplayName("property: whatever the names and however the listing arrives in pieces, exactly the matching files are skipped")
  void unchanged_property_matchesExactlyTheEqualFiles() {
    long seed = System.nanoTime();
    System.out.println("RemoteListingTest seed " + seed);
    Random rnd = new Random(seed);
    for (int run = 0; run < 200; run++) {
      Map<String, TarStream.FileState> local = new HashMap<>();
      Set<String> expected = new HashSet<>();
      ByteArrayOutputStream remote = new ByteArrayOutputStream();
      int n = rnd.nextInt(30);
      for (int i = 0; i < n; i++) {
        String name = randomName(rnd) + i;
        TarStream.FileState f = new TarStream.FileState(rnd.nextInt(1 << 20), 1_600_000_000L + rnd.nextInt(1 << 24));
        local.put(name, f);
        long size = f.size();
        long seconds = f.mtimeSeconds();
        switch (rnd.nextInt(4)) {
          case 0 -> expected.add(name);
          case 1 -> size += 1 + rnd.nextInt(5);
          case 2 -> seconds += rnd.nextBoolean() ? 1 : -1;
          default -> {
            continue;
          }
        }
        remote.writeBytes(listing(name, Long.toString(size), seconds + "." + String.format("%010d", rnd.nextInt(1_000_000_000))));
      }
      for (int i = 0; i < rnd.nextInt(5); i++) {
        remote.writeBytes(listing("remote only " + randomName(rnd), "7", "1.0"));
      }
      RemoteListing l = new RemoteListing(local);
      byte[] bytes = remote.toByteArray();
      for (int off = 0; off < bytes.length; ) {
        int len = Math.min(bytes.length - off, rnd.nextInt(40));
        if (len == 1) {
          l.write(bytes[off]);
        } else {
          l.write(bytes, off, len);
        }
        off += len;
      }
      assertThat(l.unchanged()).as("seed %d, run %d", seed, run).isEqualTo(expected);
    }
  }

  private static String randomName(Random rnd) {
    StringBuilder b = new StringBuilder();
    for (int k = rnd.nextInt(3); k >= 0; k--) {
      b.append(NAME_PARTS[rnd.nextInt(NAME_PARTS.length)]).append(k > 0 ? "/" : "");
    }
    return b.toString();
  }

  @Test
  @DisplayName("a stream without the files already there keeps the folders and the other files, and counts only their bytes")
  void without_leavesOutNamedFilesOnly() throws Exception {
    Path ds = Files.createDirectories(tmp.resolve("ds/sub"));
    Files.write(ds.resolve("a.bin"), new byte[100]);
    Files.write(ds.resolve("b.bin"), new byte[30]);
    Files.write(tmp.resolve("ds/c.txt"), new byte[7]);
    Files.setLastModifiedTime(tmp.resolve("ds/c.txt"), FileTime.fromMillis(1_700_000_000_500L));
    TarStream tar = TarStream.of(tmp.resolve("ds"));
    assertThat(tar.regularFiles()).containsOnlyKeys("sub/a.bin", "sub/b.bin", "c.txt")
        .containsEntry("c.txt", new TarStream.FileState(7, 1_700_000_000L));
    TarStream rest = tar.without(Set.of("sub/a.bin", "c.txt"));
    assertThat(rest.totalBytes()).isEqualTo(30);
    assertThat(rest.regularFiles()).containsOnlyKeys("sub/b.bin");
    assertThat(rest.fileCount()).isEqualTo(2);
    assertThat(rest.gzip()).isEqualTo(tar.gzip());
    assertThat(tar.without(Set.of())).isSameAs(tar);
  }
}
