package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.TransferException;
import org.soen.cloud.testkit.aws.FakeSageMaker;

class SafeTarTest {
  @TempDir Path tmp;

  private static byte[] tar(String name, String content) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(name, content.getBytes(StandardCharsets.UTF_8));
    return FakeSageMaker.tarGz(files);
  }

  @Test
  void extract_writesFilesInsideTheTarget() throws Exception {
    List<Path> files = SafeTar.extract(new ByteArrayInputStream(tar("weights/best.pt", "w")), tmp.resolve("out"), "model.tar.gz");

    assertThat(files).containsExactly(tmp.resolve("out/weights/best.pt"));
    assertThat(Files.readString(tmp.resolve("out/weights/best.pt"))).isEqualTo("w");
  }

  @Test
  void extract_whenAnEntryClimbsOut_refusesAndWritesNothingOutside() {
    assertThatThrownBy(() -> SafeTar.extract(new ByteArrayInputStream(tar("../../evil.sh", "x")), tmp.resolve("out"), "model.tar.gz"))
        .isInstanceOf(TransferException.class)
        .hasMessageContaining("model.tar.gz holds entry \"../../evil.sh\" that would be written outside");
    assertThat(tmp.resolve("evil.sh")).doesNotExist();
  }

  @Test
  void extract_whenAnEntryIsAbsolute_refuses() {
    assertThatThrownBy(() -> SafeTar.extract(new ByteArrayInputStream(tar("/etc/passwd", "x")), tmp.resolve("out"), "a.tar.gz"))
        .isInstanceOf(TransferException.class)
        .hasMessageContaining("with an absolute path");
  }

  @Test
  void extract_withAFilter_writesOnlyTheKeptFilesAndSkipsTheRestsBytes() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("weights/best.pt", "b".getBytes(StandardCharsets.UTF_8));
    files.put("weights/last.pt", "l".repeat(700).getBytes(StandardCharsets.UTF_8));
    files.put("metrics.json", "{}".getBytes(StandardCharsets.UTF_8));

    List<Path> written = SafeTar.extract(new ByteArrayInputStream(FakeSageMaker.tarGz(files)), tmp.resolve("out"),
        "model.tar.gz", p -> p.toString().endsWith(".json") || p.toString().equals("weights/best.pt"));

    assertThat(written).containsExactlyInAnyOrder(tmp.resolve("out/weights/best.pt"), tmp.resolve("out/metrics.json"));
    assertThat(Files.readString(tmp.resolve("out/metrics.json"))).isEqualTo("{}");
    assertThat(tmp.resolve("out/weights/last.pt")).doesNotExist();
  }

  @Test
  void extract_withAFilterThatDropsAnUnsafeEntry_stillRefusesIt() {
    assertThatThrownBy(() -> SafeTar.extract(new ByteArrayInputStream(tar("../../evil.sh", "x")), tmp.resolve("out"),
            "model.tar.gz", p -> false))
        .isInstanceOf(TransferException.class)
        .hasMessageContaining("model.tar.gz holds entry \"../../evil.sh\" that would be written outside");
  }
}
