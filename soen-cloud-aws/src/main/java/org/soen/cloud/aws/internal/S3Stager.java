package org.soen.cloud.aws.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.soen.cloud.ConfigurationException;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Stages a job in S3: the config, the data set and the output and checkpoint locations.
 *
 * <p>Layout: {@code s3://<bucket>/soen/<project>/<experiment>/<job>/<yyyyMMdd-HHmmss>/} holds
 * {@code config/training_config.yaml}, {@code data/manifest.json} (the data channel, a SageMaker
 * manifest file), {@code output/} and {@code checkpoints/}. Local data is content-addressed: the
 * files of a data set go to {@code soen/<project>/.datasets/<sha256 of the file list>/<path>} once,
 * completed by {@code .datasets/<hash>.json}; a later job with the same file contents finds that
 * marker and uploads no data at all. Data already on {@code s3://} is referenced, not copied.
 *
 * <p>Why a data set, not each file, is the content address: SageMaker names every file of a
 * manifest channel after its key below the manifest's prefix, so the key must end in the user's
 * relative path, byte for byte ({@link S3Keys#relative}); a per-file address such as
 * {@code <sha256>} would rename the files in the container. The data set's address (a SHA-256 over
 * every relative path, size and file SHA-256) changes whenever a name or a content changes, and an
 * unchanged data set is found by its marker without sending a byte. Local digests are cached by
 * path, size and modification time ({@code aws s3 sync}'s test), so an unchanged data set is not
 * even read again. A name S3 or the container cannot hold is refused before anything is sent,
 * naming the file.
 *
 * <p>Files are read as streams (never whole into memory), uploaded in parallel, in parts when
 * large, each request carrying its Content-MD5 so the server rejects a corrupted part, and each
 * returned ETag checked against the local digest.
 */
public final class S3Stager {
  private static final Logger LOG = LoggerFactory.getLogger(S3Stager.class);
  static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

  private final JobListener events;
  private final Clock clock;
  private final DataSetHasher hasher;
  private final S3Uploader uploader;

  /** A stager over {@code s3}, reporting progress to {@code events}, hashing every file each time. */
  public S3Stager(S3Client s3, JobListener events, Clock clock, int parallelism, long partSize) {
    this(s3, events, clock, parallelism, partSize, Optional.empty());
  }

  /**
   * A stager that remembers file digests in {@code hashCache} (a folder), keyed by path, size and
   * modification time like {@code aws s3 sync}, so re-staging unchanged data reads no file.
   */
  public S3Stager(S3Client s3, JobListener events, Clock clock, int parallelism, long partSize, Optional<Path> hashCache) {
    this.events = events;
    this.clock = clock;
    this.hasher = new DataSetHasher(parallelism, partSize, hashCache);
    this.uploader = new S3Uploader(s3, parallelism);
  }

  /** Where a job's pieces went. */
  public record Staged(String bucket, String prefix, Optional<String> dataUri, boolean dataIsManifest,
      long dataBytesUploaded, long dataFilesUploaded, boolean dataReused) {
    /** {@code s3://bucket/prefix} */
    public String prefixUri() {
      return "s3://" + bucket + '/' + prefix;
    }

    /** The staged config. */
    public String configUri() {
      return prefixUri() + "config/";
    }

    /** Where the job writes its output. */
    public String outputUri() {
      return prefixUri() + "output/";
    }

    /** Where spot jobs keep checkpoints, so an interrupted job resumes. */
    public String checkpointUri() {
      return prefixUri() + "checkpoints/";
    }
  }

  /**
   * Stages the job: config, then data ({@code data} is empty, a local path or an {@code s3://}
   * URI), and returns the locations.
   */
  public Staged stage(String jobId, String bucket, String prefix, String configYaml, Optional<String> data,
      Path baseDirectory, String project) {
    if (data.isEmpty()) {
      putConfig(bucket, prefix, configYaml);
      return new Staged(bucket, prefix, Optional.empty(), false, 0, 0, false);
    }
    String d = data.get().trim();
    if (d.startsWith("s3://")) {
      putConfig(bucket, prefix, configYaml);
      notice(jobId, "data already on S3, referenced not copied: " + d);
      return new Staged(bucket, prefix, Optional.of(d), false, 0, 0, false);
    }
    Path root = baseDirectory.resolve(d).normalize();
    if (!Files.exists(root)) {
      throw new ConfigurationException("cloud.data",
          "data path " + root + " does not exist; give a local folder or file, or an s3:// URI");
    }
    // <datasets prefix><64 hex digits>/<relative path>: every name is checked before anything is sent
    int prefixBytes = S3Keys.datasetsPrefix(project).getBytes(StandardCharsets.UTF_8).length + 65;
    long t0 = System.nanoTime();
    List<FileEntry> files = hasher.hashAll(root, prefixBytes);
    long hashed = System.nanoTime();
    putConfig(bucket, prefix, configYaml);
    String datasetHash = DataSetHasher.datasetHash(files);
    String datasetPrefix = S3Keys.datasetsPrefix(project) + datasetHash + '/';
    String marker = S3Keys.datasetsPrefix(project) + datasetHash + ".json";
    long total = files.stream().mapToLong(FileEntry::size).sum();
    boolean reused = uploader.exists(bucket, marker);
    long sent = 0;
    if (reused) {
      notice(jobId, String.format(Locale.ROOT, "reusing %d files (%s) already staged at s3://%s/%s",
          files.size(), UploadProgress.mib(total), bucket, datasetPrefix));
    } else {
      sent = uploader.uploadAll(bucket, datasetPrefix, files, new UploadProgress(events, clock, jobId, total, files.size()));
      uploader.put(bucket, marker, DataSetManifests.marker(files), "application/json");
    }
    uploader.put(bucket, prefix + "data/manifest.json", DataSetManifests.channel(bucket, datasetPrefix, files),
        "application/json");
    LOG.debug("staged {} files ({}): listing and digests {} ms, config, marker check, upload and manifests {} ms",
        files.size(), UploadProgress.mib(total), (hashed - t0) / 1_000_000, (System.nanoTime() - hashed) / 1_000_000);
    return new Staged(bucket, prefix, Optional.of("s3://" + bucket + '/' + prefix + "data/manifest.json"), true,
        sent, reused ? 0 : files.size(), reused);
  }

  private void putConfig(String bucket, String prefix, String configYaml) {
    uploader.put(bucket, prefix + "config/" + SageMakerRequests.CONFIG_FILE, configYaml.getBytes(StandardCharsets.UTF_8),
        "application/x-yaml");
  }

  private void notice(String jobId, String message) {
    events.onEvent(JobEvent.builder().jobId(jobId).at(clock.instant()).kind(JobEvent.Kind.NOTICE).message(message).build());
  }
}
