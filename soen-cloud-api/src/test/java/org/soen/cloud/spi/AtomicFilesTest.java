package org.soen.cloud.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path tmp;

  @Test
  void write_whenTargetExists_replacesItsContentAndLeavesNoTemporaryFile() throws IOException {
    Path target = Files.writeString(tmp.resolve("record.json"), "old");

    assertThat(AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)))).isEqualTo(target);

    assertThat(target).hasContent("new");
    assertThat(names(tmp)).containsExactly("record.json");
  }

  @Test
  void write_whileContentIsWritten_targetStillHoldsTheOldContentAndTheTemporaryFileIsHiddenBesideIt() throws IOException {
    Path target = Files.writeString(tmp.resolve("record.json"), "old");
    List<String> during = new ArrayList<>();

    AtomicFiles.write(target, out -> {
      out.write("half".getBytes(StandardCharsets.UTF_8));
      out.flush();
      during.add(Files.readString(target));
      during.addAll(names(tmp));
      out.write(" and the rest".getBytes(StandardCharsets.UTF_8));
    });

    assertThat(during).hasSize(3);
    assertThat(during.get(0)).isEqualTo("old");
    assertThat(during.subList(1, 3)).contains("record.json").anyMatch(n -> n.matches("\\.record\\.json\\.[0-9]+\\.tmp"));
    assertThat(target).hasContent("half and the rest");
  }

  @Test
  void write_whenContentThrows_leavesTheOldFileUntouchedAndNoTemporaryFile() throws IOException {
    Path target = Files.writeString(tmp.resolve("cache.tsv"), "old");

    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");

    assertThat(target).hasContent("old");
    assertThat(names(tmp)).containsExactly("cache.tsv");
  }

  @Test
  void write_whenContentThrowsUnchecked_passesItOnAndLeavesNoFileAtAll() throws IOException {
    Path target = tmp.resolve("new.json");

    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      throw new IllegalStateException("a name holds a tab");
    })).isInstanceOf(IllegalStateException.class).hasMessage("a name holds a tab");

    assertThat(names(tmp)).isEmpty();
  }

  @Test
  void write_whenFolderIsMissing_createsIt() throws IOException {
    Path target = tmp.resolve("cache/prices/us-east-1.json");

    AtomicFiles.writeString(target, "{}\n");

    assertThat(Files.readString(target)).isEqualTo("{}\n");
    assertThat(names(target.getParent())).containsExactly("us-east-1.json");
  }

  @Test
  void write_whenTheMoveIsRefused_leavesNoTemporaryFile() throws IOException {
    Path target = Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(target.resolve("inside"), "a folder that is not empty cannot be replaced by a file");

    assertThatThrownBy(() -> AtomicFiles.writeString(target, "text")).isInstanceOf(IOException.class)
        .hasMessageContaining(target.toString());

    assertThat(names(tmp)).containsExactly("taken");
  }

  @Test
  void writeString_writesUtf8() throws IOException {
    Path target = tmp.resolve("owner-id");

    AtomicFiles.writeString(target, "größe ✓\n");

    assertThat(Files.readAllBytes(target)).isEqualTo("größe ✓\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writeIfAbsent_whenTargetIsAbsent_createsItAndReturnsTrue() throws IOException {
    Path target = tmp.resolve("abc.jar");

    assertThat(AtomicFiles.writeIfAbsent(target, out -> out.write(1))).isTrue();

    assertThat(Files.readAllBytes(target)).containsExactly(1);
    assertThat(names(tmp)).containsExactly("abc.jar");
  }

  @Test
  void writeIfAbsent_whenTargetExists_keepsItWithoutWritingAndReturnsFalse() throws IOException {
    Path target = Files.writeString(tmp.resolve("owner-id"), "first");
    List<String> calls = new ArrayList<>();

    assertThat(AtomicFiles.writeIfAbsent(target, out -> calls.add("written"))).isFalse();

    assertThat(calls).isEmpty();
    assertThat(target).hasContent("first");
  }

  @Test
  void writeIfAbsent_whenAnotherProcessCreatesTheTargetMeanwhile_keepsTheirsAndLeavesNoTemporaryFile() throws IOException {
    Path target = tmp.resolve("owner-id");

    boolean created = AtomicFiles.writeIfAbsent(target, out -> {
      out.write("mine".getBytes(StandardCharsets.UTF_8));
      Files.writeString(target, "theirs");
    });

    assertThat(created).isFalse();
    assertThat(target).hasContent("theirs");
    assertThat(names(tmp)).containsExactly("owner-id");
  }

  @Test
  void writeIfAbsent_whenContentThrows_createsNothing() throws IOException {
    Path target = tmp.resolve("abc.jar");

    assertThatThrownBy(() -> AtomicFiles.writeIfAbsent(target, out -> {
      throw new IOException("no entry lib/abc.jar");
    })).isInstanceOf(IOException.class).hasMessage("no entry lib/abc.jar");

    assertThat(names(tmp)).isEmpty();
  }

  @Test
  void writeIfAbsent_onAFileSystemWithoutHardLinks_movesWithoutReplacing() throws IOException {
    try (FileSystem zip = FileSystems.newFileSystem(tmp.resolve("store.zip"), Map.of("create", "true"))) {
      Path target = zip.getPath("/cache/abc.jar");
      Path raced = zip.getPath("/cache/def.jar");

      assertThat(AtomicFiles.writeIfAbsent(target, out -> out.write(1))).isTrue();
      boolean again = AtomicFiles.writeIfAbsent(raced, out -> {
        out.write(2);
        Files.write(raced, new byte[] {3});
      });

      assertThat(Files.readAllBytes(target)).containsExactly(1);
      assertThat(again).isFalse();
      assertThat(Files.readAllBytes(raced)).containsExactly(3);
      assertThat(names(target.getParent())).containsExactly("abc.jar", "def.jar");
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
