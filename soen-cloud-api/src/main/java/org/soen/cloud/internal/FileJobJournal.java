package org.soen.cloud.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobState;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.AtomicFiles;
import org.soen.cloud.spi.JobJournal;
import org.soen.cloud.spi.JobRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal as one JSON file per job under {@code <home>/jobs/}. Writes go to a temporary file
 * that is moved into place atomically, so a crash leaves the old or the new record, never half.
 */
public final class FileJobJournal implements JobJournal {
  private static final Logger LOG = LoggerFactory.getLogger(FileJobJournal.class);
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  /** The file beside the jobs that holds the journal's identity ({@link #owner()}). */
  static final String OWNER_FILE = "owner-id";
  private static final Pattern OWNER = Pattern.compile("[0-9a-f]{16}");

  private final Path directory;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Object lock = new Object();
  private final Function<JobRecord, CloudConfig> configReader;
  private final JournalIndex index;
  private volatile String owner;

  /**
   * A journal in {@code directory}, created on first write; {@code configReader} rebuilds a
   * record's config.
   */
  public FileJobJournal(Path directory, Clock clock, Function<JobRecord, CloudConfig> configReader) {
    this.directory = directory;
    this.clock = clock;
    this.configReader = configReader;
    // The file system's clock, not the journal's: the index compares the times files were written with it.
    this.index = new JournalIndex(directory, this::read, Clock.systemUTC()::instant);
  }

  @Override
  public Optional<CloudConfig> config(String jobId) {
    return find(jobId).map(configReader);
  }

  /**
   * This journal's identity: 16 random hex digits, written to {@value #OWNER_FILE} in the jobs
   * folder the first time it is asked for and read from there ever after.
   */
  @Override
  public String owner() {
    String known = owner;
    if (known != null) {
      return known;
    }
    synchronized (lock) {
      Path file = directory.resolve(OWNER_FILE);
      try {
        if (!Files.exists(file)) {
          byte[] random = new byte[8];
          new SecureRandom().nextBytes(random);
          // No replace: a launcher that created it first wins, and every one reads its id.
          AtomicFiles.writeIfAbsent(file, out -> out.write((HexFormat.of().formatHex(random) + "\n")
              .getBytes(StandardCharsets.UTF_8)));
        }
        String id = Files.readString(file).strip();
        if (!OWNER.matcher(id).matches()) {
          throw new SoenCloudException("the journal's identity file " + file + " holds \"" + id
              + "\", not 16 hex digits; restore it from a backup, or delete it to give this journal a new identity"
              + " (instances launched under the old one then count as someone else's)");
        }
        owner = id;
        return id;
      } catch (IOException e) {
        throw new SoenCloudException("cannot read or create the journal's identity " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /** Where the records live. */
  public Path directory() {
    return directory;
  }

  /** Record a new job; fails if one with the same id exists. */
  public void create(JobRecord record) {
    synchronized (lock) {
      if (Files.exists(file(record.id()))) {
        throw new SoenCloudException("the journal already has a job named " + record.id());
      }
      write(record);
    }
  }

  /** Whether a record with {@code jobId} exists. */
  public boolean exists(String jobId) {
    return SAFE_ID.matcher(jobId).matches() && Files.exists(file(jobId));
  }

  @Override
  public Optional<JobRecord> find(String jobId) {
    if (!SAFE_ID.matcher(jobId).matches()) {
      return Optional.empty();
    }
    Path file = file(jobId);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(read(file));
  }

  @Override
  public List<JobRecord> all() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<JobRecord> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
        try {
          out.add(read(f));
        } catch (SoenCloudException e) {
          LOG.warn("skipping unreadable journal entry {}: {}", f, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the journal " + directory, e);
    }
    out.sort(Comparator.comparing((JobRecord r) -> r.handle().submittedAt()).reversed()
        .thenComparing(JobRecord::id));
    return out;
  }

  /**
   * What {@code list} needs of every job, newest first, from the journal's index
   * ({@link JournalIndex}): one file read instead of every record, the records read only when they
   * changed since. Agrees with {@link #all()}, which reads the records themselves.
   */
  List<JournalIndex.Entry> summaries() {
    return index.entries();
  }

  @Override
  public JobRecord update(String jobId, UnaryOperator<JobRecord> change) {
    synchronized (lock) {
      JobRecord current = find(jobId).orElseThrow(() -> new NotFoundException(
          "no job named " + jobId + " in the journal " + directory));
      JobRecord next = JobRecord.builder().from(change.apply(current)).updatedAt(clock.instant()).build();
      write(next);
      return next;
    }
  }

  @Override
  public JobRecord recordState(String jobId, JobState state) {
    return update(jobId, r -> JobRecord.builder().from(r).state(state).build());
  }

  private Path file(String jobId) {
    return directory.resolve(jobId + ".json");
  }

  private void write(JobRecord r) {
    ObjectNode node = json.createObjectNode();
    node.put("version", 1);
    JobHandle h = r.handle();
    node.put("id", h.id());
    node.put("provider", h.provider());
    node.put("submitted_at", h.submittedAt().toString());
    h.providerJobId().ifPresent(v -> node.put("provider_job_id", v));
    h.stagingUri().ifPresent(v -> node.put("staging_uri", v));
    h.region().ifPresent(v -> node.put("region", v));
    h.consoleUrl().ifPresent(v -> node.put("console_url", v));
    node.set("details", json.valueToTree(new LinkedHashMap<>(h.details())));
    node.put("state", r.state().name());
    node.put("updated_at", r.updatedAt().toString());
    r.sourceFile().ifPresent(v -> node.put("source_file", v));
    node.put("config", r.configYaml());
    node.set("provider_state", json.valueToTree(new LinkedHashMap<>(r.providerState())));
    try {
      AtomicFiles.write(file(h.id()), out -> out.write(json.writeValueAsBytes(node)));
    } catch (IOException e) {
      throw new SoenCloudException("cannot write the journal entry " + file(h.id()) + ": " + e.getMessage(), e);
    }
  }

  private JobRecord read(Path file) {
    try {
      JsonNode n = json.readTree(file.toFile());
      JobHandle.Builder h = JobHandle.builder()
          .id(n.path("id").asText())
          .provider(n.path("provider").asText())
          .submittedAt(Instant.parse(n.path("submitted_at").asText()));
      text(n, "provider_job_id").ifPresent(h::providerJobId);
      text(n, "staging_uri").ifPresent(h::stagingUri);
      text(n, "region").ifPresent(h::region);
      text(n, "console_url").ifPresent(h::consoleUrl);
      h.details(strings(n.path("details")));
      JobRecord.Builder r = JobRecord.builder()
          .handle(h.build())
          .state(JobState.valueOf(n.path("state").asText()))
          .updatedAt(Instant.parse(n.path("updated_at").asText()))
          .configYaml(n.path("config").asText())
          .providerState(strings(n.path("provider_state")));
      text(n, "source_file").ifPresent(r::sourceFile);
      return r.build();
    } catch (IOException | RuntimeException e) {
      throw new SoenCloudException("cannot read the journal entry " + file + ": " + e.getMessage(), e);
    }
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Map<String, String> strings(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  @Override
  public String toString() {
    return "FileJobJournal{" + directory + "}";
  }
}
