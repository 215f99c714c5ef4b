package org.soen.cloud.lambdalabs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.TransferException;

class PartsTest {
  @TempDir Path tmp;

  @Test
  void epochMetrics_readsUltralyticsRows() {
    EpochMetrics m = new EpochMetrics(Optional.empty());
    assertThat(m.accept("      Epoch    GPU_mem   box_loss   cls_loss   dfl_loss  Instances       Size")).isEmpty();
    assertThat(m.accept("\r      7/150      3.1G      1.234      0.876      1.011         42        640: 100%|████| 12/12")).isEmpty();
    assertThat(m.accept("                 Class     Images  Instances      Box(P          R      mAP50  mAP50-95): 100%")).isEmpty();
    EpochMetrics.Epoch e = m.accept("                   all        128        929      0.671      0.512      0.601      0.432").orElseThrow();
    assertThat(e.epoch()).isEqualTo(7);
    assertThat(e.metrics()).containsEntry("box_loss", 1.234).containsEntry("cls_loss", 0.876)
        .containsEntry("mAP50", 0.601).containsEntry("mAP50-95", 0.432).containsEntry("precision", 0.671);
  }

  @Test
  void epochMetrics_withPattern_usesNamedGroups() {
    EpochMetrics m = new EpochMetrics(Optional.of("ep (?<epoch>\\d+) loss (?<loss>[\\d.]+) acc (?<acc>[\\d.]+)"));
    EpochMetrics.Epoch e = m.accept("ep 4 loss 0.25 acc 0.9").orElseThrow();
    assertThat(e.epoch()).isEqualTo(4);
    assertThat(e.metrics()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("loss", 0.25, "acc", 0.9));
    assertThatThrownBy(() -> new EpochMetrics(Optional.of("loss (?<loss>\\d+)")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("lambda.metrics_pattern")
        .hasMessageContaining("needs a named group (?<epoch>...)");
  }

  @Test
  void datasetYaml_pathBecomesTheAbsoluteRemoteFolder() {
    assertThat(DatasetYaml.rewrite("path: .\ntrain: train/images\n", "/home/ubuntu/soen/job/data"))
        .isEqualTo("path: '/home/ubuntu/soen/job/data'\ntrain: train/images\n");
    assertThat(DatasetYaml.rewrite("train: t\nval: v\n", "/r/it's"))
        .isEqualTo("path: '/r/it''s'\ntrain: t\nval: v\n");
    assertThat(DatasetYaml.rewrite("names:\n  path: keep\npath: x # c\n", "/r"))
        .isEqualTo("names:\n  path: keep\npath: '/r'\n");
  }

  @Test
  void tarStream_skipsGzipForImages_andStreamsEveryFile() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("imgs/a"));
    Files.write(images.resolve("x.jpg"), new byte[10_000]);
    Files.writeString(images.resolve("x.txt"), "0 0.5 0.5 0.1 0.1\n");
    TarStream tar = TarStream.of(tmp.resolve("imgs"));
    assertThat(tar.gzip()).isFalse();
    assertThat(tar.extractCommand("/r/it's")).isEqualTo("mkdir -p -- '/r/it'\\''s' && tar -xf - -C '/r/it'\\''s'");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Long> progress = new ArrayList<>();
    tar.writeTo(out, progress::add);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    assertThat(names).containsExactly("a/", "a/x.jpg", "a/x.txt");
    assertThat(progress).last().isEqualTo(10_000L + 18);

    Path text = Files.createDirectories(tmp.resolve("text"));
    Files.writeString(text.resolve("labels.csv"), "a,b\n".repeat(5000));
    TarStream gz = TarStream.of(text);
    assertThat(gz.gzip()).isTrue();
    assertThat(gz.extractCommand("/r")).isEqualTo("mkdir -p -- '/r' && tar -xzf - -C '/r'");
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    gz.writeTo(zipped, b -> {});
    try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(zipped.toByteArray())))) {
      assertThat(in.getNextEntry().getName()).isEqualTo("labels.csv");
    }
    assertThat(zipped.size()).isLessThan(20_000);
  }

  @Test
  void tarStream_oneHeaderPerEntry_longNamesAndContentsSurvive() throws Exception {
    String longDir = "d".repeat(120);
    Path deep = Files.createDirectories(tmp.resolve("ds").resolve(longDir));
    byte[] img = new byte[300_000];
    new java.util.Random(1).nextBytes(img);
    Files.write(deep.resolve("frame.jpg"), img);
    Files.writeString(tmp.resolve("ds/dataset.yaml"), "path: .\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarStream.of(tmp.resolve("ds")).writeTo(out, b -> {});
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
        // no PAX atime/ctime/mtime headers per entry; a PAX path only where the name is too long
        assertThat(e.getExtraPaxHeaders()).isEmpty();
        if (e.getName().endsWith("frame.jpg")) {
          assertThat(e.getSize()).isEqualTo(img.length);
          assertThat(in.readAllBytes()).isEqualTo(img);
        }
      }
    }
    assertThat(names).containsExactly("dataset.yaml", longDir + "/", longDir + "/frame.jpg");
  }

  @Test
  void tarStream_refusesSymlinks() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("d"));
    Files.createSymbolicLink(d.resolve("link"), Path.of("/etc/passwd"));
    assertThatThrownBy(() -> TarStream.of(d)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("symbolic link " + d.resolve("link") + " in the dataset");
  }

  @Test
  void inside_refusesPathsLeavingTheTarget() {
    assertThat(ArtifactFetcher.inside(tmp, "runs/best.pt")).isEqualTo(tmp.resolve("runs/best.pt"));
    assertThatThrownBy(() -> ArtifactFetcher.inside(tmp, "../evil")).isInstanceOf(TransferException.class)
        .hasMessage("refusing to write ../evil: it resolves outside " + tmp.toAbsolutePath());
    assertThatThrownBy(() -> ArtifactFetcher.inside(tmp, "/etc/passwd")).isInstanceOf(TransferException.class);
  }
}
