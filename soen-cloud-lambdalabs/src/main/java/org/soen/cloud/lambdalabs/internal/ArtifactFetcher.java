package org.soen.cloud.lambdalabs.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.soen.cloud.TransferException;
import org.soen.cloud.spi.AtomicFiles;

/**
 * Brings the job's artifacts home: the files of the job's folder on the instance that match
 * {@code cloud.artifacts}, each checked against its size and SHA-256 on the instance and moved
 * into place only when it matches, kept in the job's local folder.
 */
final class ArtifactFetcher {
  private final Ledger ledger;
  private final JobSpec spec;
  private final RemoteSession session;

  ArtifactFetcher(Ledger ledger, JobSpec spec, RemoteSession session) {
    this.ledger = ledger;
    this.spec = spec;
    this.session = session;
  }

  /** The {@code DOWNLOAD} step. */
  void download() {
    String run = session.remoteRun();
    Path target = ledger.localDir().resolve("artifacts");
    if (spec.artifacts().isEmpty()) {
      return;
    }
    byte[] listing = session.withSsh("listing artifacts", r -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = r.exec("cd " + Shell.quote(run) + " && find . -path ./.soen -prune -o -type f -print0", null, out,
          OutputStream.nullOutputStream());
      if (code != 0) {
        throw new TransferException("listing " + run + " failed with exit code " + code);
      }
      return out.toByteArray();
    });
    List<String> files = new ArrayList<>();
    for (String f : new String(listing, StandardCharsets.UTF_8).split("\0")) {
      if (f.startsWith("./")) {
        files.add(f.substring(2));
      }
    }
    List<String> chosen = new ArrayList<>();
    for (String pattern : spec.artifacts()) {
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      List<String> hits = files.stream().filter(f -> m.matches(Path.of(f))).sorted().toList();
      if (hits.isEmpty()) {
        throw new TransferException("artifact " + pattern + " matched no file under " + run);
      }
      hits.stream().filter(h -> !chosen.contains(h)).forEach(chosen::add);
    }
    for (String f : chosen) {
      fetch(run, f, target);
    }
    ledger.put(Map.of(Keys.ARTIFACTS, String.join("\n", chosen), Keys.T_DOWNLOAD_END, ledger.now()));
  }

  private void fetch(String run, String relative, Path target) {
    Path local = inside(target, relative);
    String remote = run + "/" + relative;
    SshRunner.Result sum = session.withSsh("checksumming " + relative, r -> RemoteSession.check("checksumming " + relative,
        r.run("wc -c < " + Shell.quote(remote) + " && sha256sum < " + Shell.quote(remote), null)));
    String[] parts = sum.stdout().strip().split("\\s+");
    long size = Long.parseLong(parts[0]);
    String sha = parts[1];
    session.withSsh("downloading " + relative, r -> AtomicFiles.write(local, out -> {
      Checked got = new Checked(out);
      int code = r.exec(RemoteScripts.attending(session.remoteRun(), "cat " + Shell.quote(remote)), null, got,
          OutputStream.nullOutputStream());
      String gotSha = HexFormat.of().formatHex(got.getMessageDigest().digest());
      if (code != 0 || got.size != size || !gotSha.equals(sha)) {
        throw new IOException("download of " + relative + " did not verify: " + got.size + " of " + size
            + " bytes, sha256 " + gotSha + " expected " + sha);
      }
    }));
  }

  /** The bytes written through it, hashed with SHA-256 and counted. */
  private static final class Checked extends DigestOutputStream {
    private long size;

    Checked(OutputStream out) {
      super(out, sha256());
    }

    @Override
    public void write(int b) throws IOException {
      super.write(b);
      size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      super.write(b, off, len);
      size += len;
    }
  }

  /** {@code relative} under {@code root}; refused when it would resolve outside it. */
  static Path inside(Path root, String relative) {
    Path base = root.toAbsolutePath().normalize();
    Path p = base.resolve(relative).normalize();
    if (relative.isEmpty() || Path.of(relative).isAbsolute() || !p.startsWith(base) || p.equals(base)) {
      throw new TransferException("refusing to write " + relative + ": it resolves outside " + base);
    }
    return p;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
