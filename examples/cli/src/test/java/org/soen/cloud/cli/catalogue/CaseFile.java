package org.soen.cloud.cli.catalogue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One thing a case puts on disk before the command runs: a file with given bytes, a folder, a
 * FIFO, a symbolic link, a large file, or an SSH key pair's private or public half.
 */
record CaseFile(Place place, String name, Kind kind, byte[] bytes, String target, long size) {
  /** The folder the file goes in. */
  enum Place { WORK, HOME, SOEN_HOME }

  /** What is made. */
  enum Kind { BYTES, DIRECTORY, FIFO, SYMLINK, FILLER, SSH_PRIVATE_KEY, SSH_PUBLIC_KEY }

  static CaseFile text(Place place, String name, String text) {
    return bytes(place, name, text.getBytes(StandardCharsets.UTF_8));
  }

  static CaseFile bytes(Place place, String name, byte[] bytes) {
    return new CaseFile(place, name, Kind.BYTES, bytes.clone(), null, 0);
  }

  static CaseFile directory(Place place, String name) {
    return new CaseFile(place, name, Kind.DIRECTORY, null, null, 0);
  }

  static CaseFile fifo(Place place, String name) {
    return new CaseFile(place, name, Kind.FIFO, null, null, 0);
  }

  /** A symbolic link {@code name} pointing at {@code target} (relative to the link's folder). */
  static CaseFile symlink(Place place, String name, String target) {
    return new CaseFile(place, name, Kind.SYMLINK, null, target, 0);
  }

  /** A valid YAML file of {@code size} bytes: a small cloud section, then comment lines. */
  static CaseFile filler(Place place, String name, String head, long size) {
    return new CaseFile(place, name, Kind.FILLER, head.getBytes(StandardCharsets.UTF_8), null, size);
  }

  static CaseFile sshPrivateKey(Place place, String name) {
    return new CaseFile(place, name, Kind.SSH_PRIVATE_KEY, null, null, 0);
  }

  static CaseFile sshPublicKey(Place place, String name) {
    return new CaseFile(place, name, Kind.SSH_PUBLIC_KEY, null, null, 0);
  }

  void create(CaseDirs dirs, SshKeyMaterial keys) throws IOException, InterruptedException {
    Path file = dirs.place(place).resolve(name);
    Files.createDirectories(file.getParent());
    switch (kind) {
      case BYTES -> Files.write(file, bytes);
      case DIRECTORY -> Files.createDirectories(file);
      case FIFO -> {
        Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
          throw new IOException("mkfifo " + file + " failed");
        }
      }
      case SYMLINK -> Files.createSymbolicLink(file, Path.of(target));
      case FILLER -> {
        try (OutputStream out = Files.newOutputStream(file)) {
          out.write(bytes);
          byte[] line = ("# " + "padding ".repeat(15) + "\n").getBytes(StandardCharsets.US_ASCII);
          for (long written = bytes.length; written < size; written += line.length) {
            out.write(line);
          }
        }
      }
      case SSH_PRIVATE_KEY -> Files.write(file, keys.privateKey());
      case SSH_PUBLIC_KEY -> Files.write(file, keys.publicKey());
      default -> throw new IllegalStateException(kind.name());
    }
  }

  @Override
  public String toString() {
    return place + "/" + name + " (" + kind + ")";
  }
}
