package org.soen.cloud.lambdalabs.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobEvent;
import org.soen.cloud.TransferException;

/**
 * Puts the job's dataset on the instance: streamed as tar over SSH into the job's folder (no
 * archive on disk, progress as events; files the folder already holds, as a dropped upload leaves
 * them, are not sent again, see {@link RemoteListing}; the first attempt of a job's first upload
 * lists nothing, as the folder is new), then its {@code dataset.yaml} rewritten so that
 * {@code path:} names the folder on the instance.
 */
final class DatasetUpload {
  private final Ledger ledger;
  private final JobSpec spec;
  private final RemoteSession session;

  DatasetUpload(Ledger ledger, JobSpec spec, RemoteSession session) {
    this.ledger = ledger;
    this.spec = spec;
    this.session = session;
  }

  private String remoteData() {
    return session.remoteRun() + "/" + spec.dataPath().getFileName();
  }

  /** The {@code UPLOAD} step. */
  void upload() {
    Path data = spec.dataPath();
    if (data == null) {
      return;
    }
    TarStream tar;
    try {
      tar = TarStream.of(data);
    } catch (IOException e) {
      throw new TransferException("cannot read the dataset " + data + ": " + Errors.describe(e), e);
    }
    // no upload of this job was ever started, so its folder (named for the job) holds nothing of the
    // dataset: the first attempt sends everything without listing; a retry or a resumed launcher lists
    Optional<String> started = ledger.get(Keys.T_UPLOAD_START);
    boolean[] mayHoldFiles = {started.isPresent()};
    ledger.put(Map.of(Keys.T_UPLOAD_START, started.orElse(ledger.now()),
        Keys.UPLOAD_GZIP, Boolean.toString(tar.gzip())));
    String target = remoteData();
    session.withSsh("uploading the dataset", r -> {
      // only what the target lacks: after a drop, or a rerun of this step, the files already there stay
      TarStream missing = mayHoldFiles[0] ? RemoteListing.missing(r, tar, target) : tar;
      mayHoldFiles[0] = true;
      if (missing.totalBytes() < tar.totalBytes()) {
        ledger.notice((tar.totalBytes() - missing.totalBytes()) + " of " + tar.totalBytes()
            + " bytes of the dataset are already on the instance; sending the rest");
      }
      long[] lastReported = {-1};
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      // the tar is written straight into the channel on this thread: no pipe, no copy on disk
      int code = r.execWriting(RemoteScripts.attending(session.remoteRun(), missing.extractCommand(target)),
          remote -> missing.writeTo(remote, done -> {
            if (done - lastReported[0] >= 8 << 20 || done == missing.totalBytes()) {
              lastReported[0] = done;
              ledger.event(JobEvent.builder().kind(JobEvent.Kind.PROGRESS).bytesDone(done)
                  .bytesTotal(missing.totalBytes()).message("uploaded " + done + " of " + missing.totalBytes() + " bytes"));
            }
          }), OutputStream.nullOutputStream(), err);
      if (code != 0) {
        throw new TransferException("unpacking the dataset into " + target + " failed with exit code " + code + ": "
            + RemoteSession.tail(err.toString(StandardCharsets.UTF_8)));
      }
      return null;
    });
    ledger.put(Map.of(Keys.UPLOAD_BYTES, Long.toString(tar.totalBytes()), Keys.T_UPLOAD_END, ledger.now()));
  }

  /** The {@code DATASET_YAML} step. */
  void rewriteDatasetYaml() {
    Path data = spec.dataPath();
    if (data == null) {
      return;
    }
    String name = spec.datasetYaml() != null ? spec.datasetYaml() : "dataset.yaml";
    Path local = data.resolve(name).normalize();
    if (!local.startsWith(data)) {
      throw new ConfigurationException("lambda.dataset_yaml", name + " must be a path inside the dataset folder");
    }
    if (!Files.isRegularFile(local)) {
      if (spec.datasetYaml() != null) {
        throw new ConfigurationException("lambda.dataset_yaml", local + " does not exist");
      }
      return;
    }
    String yaml;
    try {
      yaml = Files.readString(local);
    } catch (IOException e) {
      throw new TransferException("cannot read " + local + ": " + Errors.describe(e), e);
    }
    String rewritten = DatasetYaml.rewrite(yaml, remoteData());
    String remote = remoteData() + "/" + data.relativize(local).toString().replace('\\', '/');
    session.withSsh("writing " + remote, r -> RemoteSession.check("writing " + remote, r.run("cat > " + Shell.quote(remote),
        new ByteArrayInputStream(rewritten.getBytes(StandardCharsets.UTF_8)))));
  }
}
