package org.soen.cloud.aws.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobListener;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.TransferException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

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
  private static final int MAX_PARTS = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HASH_BUFFER = 256 * 1024;
  private static final int MAX_REFUSED_NAMED = 20;

  private final S3Client s3;
  private final JobListener events;
  private final Clock clock;
  private final int parallelism;
  private final long partSize;
  private final Optional<Path> hashCache;

  /** A stager over {@code s3}, reporting progress to {@code events}, hashing every file each time. */
  public S3Stager(S3Client s3, JobListener events, Clock clock, int parallelism, long partSize) {
    this(s3, events, clock, parallelism, partSize, Optional.empty());
  }

  /**
   * A stager that remembers file digests in {@code hashCache} (a folder), keyed by path, size and
   * modification time like {@code aws s3 sync}, so re-staging unchanged data reads no file.
   */
  public S3Stager(S3Client s3, JobListener events, Clock clock, int parallelism, long partSize, Optional<Path> hashCache) {
    this.s3 = s3;
    this.events = events;
    this.clock = clock;
    this.parallelism = Math.max(1, parallelism);
    this.partSize = partSize;
    this.hashCache = hashCache;
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
   * A data set file: its key inside the data set, its size and modification time when listed, its
   * SHA-256 (the content address) and, for a file sent in one request, its MD5 (null when unknown). The
   * MD5s of a multipart file's parts are computed on the upload threads, part by part.
   */
  record FileEntry(String key, Path path, long size, long mtime, String sha256, byte[] md5, long partSize) {
    boolean multipart() {
      return size > partSize;
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
      throw new org.soen.cloud.ConfigurationException("cloud.data",
          "data path " + root + " does not exist; give a local folder or file, or an s3:// URI");
    }
    // <datasets prefix><64 hex digits>/<relative path>: every name is checked before anything is sent
    int prefixBytes = S3Keys.datasetsPrefix(project).getBytes(StandardCharsets.UTF_8).length + 65;
    List<FileEntry> files = hashAll(root, prefixBytes);
    putConfig(bucket, prefix, configYaml);
    String datasetHash = datasetHash(files);
    String datasetPrefix = S3Keys.datasetsPrefix(project) + datasetHash + '/';
    String marker = S3Keys.datasetsPrefix(project) + datasetHash + ".json";
    long total = files.stream().mapToLong(FileEntry::size).sum();
    boolean reused = exists(bucket, marker);
    long sent = 0;
    if (reused) {
      notice(jobId, String.format(Locale.ROOT, "reusing %d files (%s) already staged at s3://%s/%s",
          files.size(), mib(total), bucket, datasetPrefix));
    } else {
      sent = uploadAll(jobId, bucket, datasetPrefix, files, total);
      put(bucket, marker, markerJson(files), "application/json");
    }
    put(bucket, prefix + "data/manifest.json", channelManifest(bucket, datasetPrefix, files), "application/json");
    return new Staged(bucket, prefix, Optional.of("s3://" + bucket + '/' + prefix + "data/manifest.json"), true,
        sent, reused ? 0 : files.size(), reused);
  }

  private void putConfig(String bucket, String prefix, String configYaml) {
    put(bucket, prefix + "config/" + SageMakerRequests.CONFIG_FILE, configYaml.getBytes(StandardCharsets.UTF_8), "application/x-yaml");
  }

  private boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private void put(String bucket, String key, byte[] body, String type) {
    byte[] md5 = digest("MD5").digest(body);
    var response = s3.putObject(b -> b.bucket(bucket).key(key).contentType(type)
        .contentMD5(Base64.getEncoder().encodeToString(md5)), RequestBody.fromBytes(body));
    verifyEtag(response.eTag(), HexFormat.of().formatHex(md5), "s3://" + bucket + '/' + key);
  }

  // ---- hashing ----

  List<FileEntry> hashAll(Path root, int prefixBytes) {
    Path base = Files.isDirectory(root) ? root : root.getParent();
    List<String> refused = new ArrayList<>();
    List<Listed> listed = list(root, base, prefixBytes, refused);
    if (!refused.isEmpty()) {
      String named = String.join("; ", refused.subList(0, Math.min(MAX_REFUSED_NAMED, refused.size())))
          + (refused.size() > MAX_REFUSED_NAMED ? "; and " + (refused.size() - MAX_REFUSED_NAMED) + " more" : "");
      throw new org.soen.cloud.ConfigurationException("cloud.data", "the container sees data files under their exact "
          + "names, and " + refused.size() + " under " + root + " cannot be kept; rename them (nothing was uploaded): "
          + named);
    }
    if (listed.isEmpty()) {
      throw new org.soen.cloud.ConfigurationException("cloud.data", "data path " + root + " holds no files");
    }
    Optional<Path> cacheFile = hashCache.map(dir -> dir.resolve(HexFormat.of().formatHex(
        digest("SHA-256").digest(root.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8))) + ".tsv"));
    Map<String, String[]> cached = cacheFile.map(S3Stager::readCache).orElse(Map.of());
    FileEntry[] out = new FileEntry[listed.size()];
    List<Integer> misses = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      Listed l = listed.get(i);
      out[i] = fromCache(cached.get(l.stamp()), l);
      if (out[i] == null) {
        misses.add(i);
      }
    }
    if (!misses.isEmpty()) {
      ExecutorService pool = Executors.newFixedThreadPool(Math.min(Math.min(parallelism, misses.size()),
          Runtime.getRuntime().availableProcessors() + 1));
      try {
        List<Future<FileEntry>> futures = new ArrayList<>();
        for (int i : misses) {
          Listed l = listed.get(i);
          futures.add(pool.submit(() -> hash(l)));
        }
        for (int j = 0; j < misses.size(); j++) {
          out[misses.get(j)] = await(futures.get(j));
        }
      } finally {
        pool.shutdownNow();
      }
    }
    List<FileEntry> entries = List.of(out);
    if (!misses.isEmpty() || cached.size() != entries.size()) {
      cacheFile.ifPresent(file -> writeCache(file, entries));
    }
    return entries;
  }

  /** A regular file found under the data root, with what its cache line is keyed by. */
  private record Listed(String key, Path path, long size, long mtime, long partSize) {
    String stamp() {
      return key + '\t' + size + '\t' + mtime + '\t' + partSize;
    }

    boolean multipart() {
      return size > partSize;
    }
  }

  /**
   * The regular files under {@code root} (symbolic links are not followed), sorted by key; one stat
   * each. A file whose relative path cannot be a key below {@code prefixBytes} is added to
   * {@code refused} instead.
   */
  private List<Listed> list(Path root, Path base, int prefixBytes, List<String> refused) {
    List<Listed> out = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            List<String> segments = new ArrayList<>();
            base.relativize(file).forEach(s -> segments.add(s.toString()));
            Optional<String> why = S3Keys.unholdable(segments, prefixBytes);
            if (why.isPresent()) {
              refused.add(file + ": " + why.get());
              return FileVisitResult.CONTINUE;
            }
            long size = attrs.size();
            out.add(new Listed(S3Keys.relative(segments), file, size,
                attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), partSizeFor(size)));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          throw e;
        }
      });
    } catch (IOException e) {
      throw new TransferException("cannot list data folder " + root + ": " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(Listed::key));
    return out;
  }

  // ---- digest cache: "<key>\t<size>\t<mtime nanos>\t<partSize>" -> "...\t<sha256>\t<md5 or ->\t" ----
  // (the last column held the part MD5s in earlier versions; they are computed when uploading now)

  private static FileEntry fromCache(String[] line, Listed l) {
    if (line == null) {
      return null;
    }
    String sha = line[0];
    byte[] md5 = null;
    if (!l.multipart() && line[1].length() == 32) {
      md5 = hex(line[1], 16);
    }
    if (sha.length() != 64 || hex(sha, 32) == null || (!l.multipart() && md5 == null)) {
      return null;
    }
    return new FileEntry(l.key(), l.path(), l.size(), l.mtime(), sha, md5, l.partSize());
  }

  /** {@code s} as {@code bytes} bytes, or null when it is not that many bytes of hex (a damaged cache line). */
  private static byte[] hex(String s, int bytes) {
    if (s.length() != bytes * 2 || !s.chars().allMatch(HexFormat::isHexDigit)) {
      return null;
    }
    return HexFormat.of().parseHex(s);
  }

  /** The cache's lines by their first four columns, each to its sha256 and md5 columns. */
  private static Map<String, String[]> readCache(Path file) {
    Map<String, String[]> out = new HashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split("\t", -1);
        if (f.length == 7) {
          out.put(f[0] + '\t' + f[1] + '\t' + f[2] + '\t' + f[3], new String[] {f[4], f[5]});
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("ignoring unreadable digest cache {}: {}", file, e.getMessage());
    }
    return out;
  }

  private static void writeCache(Path file, List<FileEntry> entries) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "digests", ".tmp");
      try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (FileEntry e : entries) {
          // the mtime seen when listing, before hashing: an edit during hashing shows as a miss next time
          w.write(e.key() + '\t' + e.size() + '\t' + e.mtime() + '\t' + e.partSize() + '\t' + e.sha256() + '\t'
              + (e.md5() == null ? "-" : HexFormat.of().formatHex(e.md5())) + '\t');
          w.write('\n');
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.debug("could not write digest cache {}: {}", file, e.getMessage());
    }
  }

  /**
   * Reads the file once for its SHA-256 (the content address) and, when it goes in one request, its
   * MD5 in the same read; a multipart file's part MD5s are left to the upload threads.
   */
  private FileEntry hash(Listed l) throws IOException {
    MessageDigest sha = digest("SHA-256");
    MessageDigest md5 = l.multipart() ? null : digest("MD5");
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(HASH_BUFFER, Math.max(1, l.size())));
    long read = 0;
    try (FileChannel channel = FileChannel.open(l.path(), StandardOpenOption.READ)) {
      int n;
      while ((n = channel.read(buffer)) >= 0) {
        if (n > 0) {
          buffer.flip();
          sha.update(buffer);
          if (md5 != null) {
            buffer.rewind();
            md5.update(buffer);
          }
          buffer.clear();
          read += n;
        }
      }
    }
    if (read != l.size()) {
      throw new TransferException("data file " + l.path() + " changed while it was read (" + l.size() + " bytes listed, "
          + read + " read); retry when it is complete");
    }
    return new FileEntry(l.key(), l.path(), l.size(), l.mtime(), HexFormat.of().formatHex(sha.digest()),
        md5 == null ? null : md5.digest(), l.partSize());
  }

  /** The MD5 of {@code length} bytes of {@code path} from {@code offset}: one request's Content-MD5. */
  static byte[] md5(Path path, long offset, long length) {
    MessageDigest md5 = digest("MD5");
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(HASH_BUFFER, Math.max(1, length)));
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long position = offset;
      long end = offset + length;
      while (position < end) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new TransferException("data file " + path + " shrank while it was uploaded; retry when it is complete");
        }
        buffer.flip();
        md5.update(buffer);
        position += n;
      }
    } catch (IOException e) {
      throw new TransferException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return md5.digest();
  }

  long partSizeFor(long size) {
    long ps = partSize;
    while (size / ps >= MAX_PARTS) {
      ps *= 2;
    }
    return ps;
  }

  static String datasetHash(List<FileEntry> files) {
    MessageDigest sha = digest("SHA-256");
    for (FileEntry f : files) {
      sha.update((f.key() + '\t' + f.size() + '\t' + f.sha256() + '\n').getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  // ---- uploads ----

  private long uploadAll(String jobId, String bucket, String datasetPrefix, List<FileEntry> files, long total) {
    UploadProgress progress = new UploadProgress(events, clock, jobId, total, files.size());
    ExecutorService filePool = Executors.newFixedThreadPool(parallelism);
    ExecutorService partPool = Executors.newFixedThreadPool(Math.max(2, parallelism / 2));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (FileEntry f : files) {
        futures.add(filePool.submit(() -> {
          String key = datasetPrefix + f.key();
          if (f.multipart()) {
            uploadMultipart(bucket, key, f, partPool, progress::bytes);
            progress.fileDone(0);
          } else {
            uploadSingle(bucket, key, f);
            progress.fileDone(f.size());
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        await(future);
      }
    } finally {
      filePool.shutdownNow();
      partPool.shutdownNow();
    }
    return progress.done();
  }

  private void uploadSingle(String bucket, String key, FileEntry f) {
    byte[] md5 = f.md5() != null ? f.md5() : md5(f.path(), 0, f.size());
    var response = s3.putObject(b -> b.bucket(bucket).key(key).contentLength(f.size())
            .contentMD5(Base64.getEncoder().encodeToString(md5))
            .metadata(Map.of("soen-sha256", f.sha256())),
        RequestBody.fromContentProvider(() -> region(f.path(), 0, f.size()), f.size(), "application/octet-stream"));
    verifyEtag(response.eTag(), HexFormat.of().formatHex(md5), "s3://" + bucket + '/' + key);
  }

  private record Part(CompletedPart completed, byte[] md5) {}

  private void uploadMultipart(String bucket, String key, FileEntry f, ExecutorService partPool,
      java.util.function.LongConsumer onPart) {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
        .contentType("application/octet-stream").metadata(Map.of("soen-sha256", f.sha256()))).uploadId();
    boolean completed = false;
    List<Future<Part>> futures = new ArrayList<>();
    try {
      int count = (int) ((f.size() + f.partSize() - 1) / f.partSize());
      for (int i = 0; i < count; i++) {
        int number = i + 1;
        long offset = i * f.partSize();
        long length = Math.min(f.partSize(), f.size() - offset);
        futures.add(partPool.submit(() -> {
          // the part's MD5 is read just before it is sent, on this part's thread, so digesting overlaps
          // the other parts' transfers; the send then reads the same pages from the page cache
          byte[] md5 = md5(f.path(), offset, length);
          String etag;
          try {
            etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                    .contentLength(length).contentMD5(Base64.getEncoder().encodeToString(md5)),
                RequestBody.fromContentProvider(() -> region(f.path(), offset, length), length, "application/octet-stream"))
                .eTag();
          } catch (S3Exception e) {
            if ("BadDigest".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())
                || "InvalidDigest".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
              throw new TransferException("integrity check failed: S3 rejected part " + number + " of "
                  + f.path() + " (checksum mismatch, the bytes were corrupted on the way); nothing was kept, retry the submit", e);
            }
            throw e;
          }
          verifyEtag(etag, HexFormat.of().formatHex(md5), "part " + number + " of " + f.path());
          onPart.accept(length);
          return new Part(CompletedPart.builder().partNumber(number).eTag(etag).build(), md5);
        }));
      }
      List<CompletedPart> parts = new ArrayList<>();
      MessageDigest all = digest("MD5");
      for (Future<Part> future : futures) {
        Part part = await(future);
        parts.add(part.completed());
        all.update(part.md5());
      }
      String etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts))).eTag();
      verifyEtag(etag, HexFormat.of().formatHex(all.digest()) + "-" + parts.size(), "s3://" + bucket + '/' + key);
      completed = true;
    } finally {
      if (!completed) {
        futures.forEach(future -> future.cancel(true));
        try {
          s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
          LOG.warn("could not abort multipart upload of s3://{}/{}: {}", bucket, key, e.getMessage());
        }
      }
    }
  }

  private static void verifyEtag(String etag, String expected, String what) {
    String got = etag == null ? "" : etag.replace("\"", "").toLowerCase(Locale.ROOT);
    if (!got.equals(expected.toLowerCase(Locale.ROOT))) {
      throw new TransferException("integrity check failed for " + what + ": S3 stored ETag " + got
          + " but the local checksum is " + expected + "; the upload was corrupted, retry the submit");
    }
  }

  private static InputStream region(Path path, long offset, long length) {
    try {
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
      channel.position(offset);
      InputStream in = Channels.newInputStream(channel);
      return new FilterInputStream(in) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) {
            return -1;
          }
          int b = super.read();
          if (b >= 0) {
            left--;
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(b, off, (int) Math.min(len, left));
          if (n > 0) {
            left -= n;
          }
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          long s = super.skip(Math.min(n, left));
          left -= s;
          return s;
        }

        @Override
        public int available() throws IOException {
          return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
          return false;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- manifests and events ----

  private static byte[] markerJson(List<FileEntry> files) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    ArrayNode list = root.putArray("files");
    for (FileEntry f : files) {
      list.addObject().put("key", f.key()).put("size", f.size()).put("sha256", f.sha256());
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] channelManifest(String bucket, String datasetPrefix, List<FileEntry> files) {
    ArrayNode root = JSON.createArrayNode();
    root.addObject().put("prefix", "s3://" + bucket + '/' + datasetPrefix);
    files.forEach(f -> root.add(f.key()));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The progress of one upload, shared by its threads: a PROGRESS event at each new whole percent
   * and one when the last file is done, in order and never going back.
   */
  static final class UploadProgress {
    private final JobListener events;
    private final Clock clock;
    private final String jobId;
    private final long total;
    private final int files;
    private final AtomicLong done = new AtomicLong();
    private final AtomicInteger filesDone = new AtomicInteger();
    private int lastPercent = -1;
    private long lastDone;

    UploadProgress(JobListener events, Clock clock, String jobId, long total, int files) {
      this.events = events;
      this.clock = clock;
      this.jobId = jobId;
      this.total = total;
      this.files = files;
      report(0, 0);
    }

    /** {@code n} more bytes of a file still in flight. */
    void bytes(long n) {
      report(done.addAndGet(n), filesDone.get());
    }

    /**
     * A file is uploaded, with {@code bytes} not yet counted. Its bytes are added before it is
     * counted as done, so the thread that counts the last file sees every byte.
     */
    void fileDone(long bytes) {
      done.addAndGet(bytes);
      int counted = filesDone.incrementAndGet();
      report(done.get(), counted);
    }

    long done() {
      return done.get();
    }

    private synchronized void report(long bytesDone, int counted) {
      long shown = Math.max(bytesDone, lastDone);
      int percent = total == 0 ? 100 : (int) (shown * 100 / total);
      if (percent > lastPercent || counted == files) {
        lastPercent = percent;
        lastDone = shown;
        events.onEvent(JobEvent.builder().jobId(jobId).at(clock.instant()).kind(JobEvent.Kind.PROGRESS)
            .bytesDone(shown).bytesTotal(total)
            .message(String.format(Locale.ROOT, "uploading data: %s of %s (%d of %d files)", mib(shown), mib(total),
                counted, files))
            .build());
      }
    }
  }

  private void notice(String jobId, String message) {
    events.onEvent(JobEvent.builder().jobId(jobId).at(clock.instant()).kind(JobEvent.Kind.NOTICE).message(message).build());
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException("staging was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SoenCloudException s) {
        throw s;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new TransferException("staging failed: " + cause.getMessage(), cause);
    }
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
