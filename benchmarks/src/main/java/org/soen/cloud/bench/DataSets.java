package org.soen.cloud.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The benchmark's data sets, written once under a folder (seeded, so every run sends the same
 * bytes): A one 1 GiB file; B a YOLO-like data set of 9,001 files (3,750 + 750 images of 104 KiB
 * with a label file each, and dataset.yaml: 457 MiB); C 20,000 files of 16 KiB in 100 folders.
 */
final class DataSets {
  private static final int KIB = 1024;

  private DataSets() {}

  /** Writes A, B and C under {@code root} unless a complete copy is there; the folders. */
  static Path[] write(Path root, double scale) throws IOException {
    Path a = root.resolve("a");
    Path b = root.resolve("b");
    Path c = root.resolve("c");
    Path done = root.resolve(".complete-" + scale);
    if (Files.exists(done)) {
      return new Path[] {a, b, c};
    }
    SplittableRandom random = new SplittableRandom(42);
    random(Files.createDirectories(a).resolve("big.bin"), (long) (1024L * KIB * KIB * scale), random);
    int train = (int) (3750 * scale);
    for (String split : new String[] {"train", "val"}) {
      int count = split.equals("train") ? train : Math.max(1, train / 5);
      Path images = Files.createDirectories(b.resolve(split).resolve("images"));
      Path labels = Files.createDirectories(b.resolve(split).resolve("labels"));
      for (int i = 0; i < count; i++) {
        random(images.resolve("frame_" + i + ".jpg"), 104 * KIB, random);
        Files.writeString(labels.resolve("frame_" + i + ".txt"), "0 " + random.nextDouble() + " "
            + random.nextDouble() + " 0.1 0.1\n", StandardCharsets.UTF_8);
      }
    }
    Files.writeString(b.resolve("dataset.yaml"), "path: .\ntrain: train/images\nval: val/images\nnames: {0: villager}\n");
    int small = (int) (20_000 * scale);
    for (int i = 0; i < small; i++) {
      Path shard = Files.createDirectories(c.resolve("shard" + (i % 100)));
      random(shard.resolve("f" + i + ".bin"), 16 * KIB, random);
    }
    Files.createFile(done);
    return new Path[] {a, b, c};
  }

  private static void random(Path file, long size, SplittableRandom random) throws IOException {
    byte[] chunk = new byte[(int) Math.min(1 << 20, Math.max(1, size))];
    try (OutputStream out = Files.newOutputStream(file)) {
      long left = size;
      while (left > 0) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }
  }
}
