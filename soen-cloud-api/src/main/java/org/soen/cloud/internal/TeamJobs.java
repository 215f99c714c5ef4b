package org.soen.cloud.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobEvent;
import org.soen.cloud.JobStatus;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.internal.config.ConfigLoader;
import org.soen.cloud.internal.config.ConfigWriter;
import org.soen.cloud.spi.JobRecord;
import org.soen.cloud.spi.TrainingBackend;

/**
 * The jobs of the providers' accounts that this journal does not hold (a teammate's, another
 * machine's, or one whose journal was lost): listing them, marked {@link JobStatus#foreign()}, and
 * adopting one into the journal.
 */
final class TeamJobs {
  private static final Logger LOG = LoggerFactory.getLogger(TeamJobs.class);
  /** At most this many jobs of a provider's account in the team's view. */
  private static final int LIMIT = 200;

  private final Providers providers;
  private final Backends backends;
  private final FileJobJournal journal;
  private final ConfigLoader loader;
  private final ConfigWriter writer;
  private final Clock clock;
  private final Consumer<JobEvent> emit;

  TeamJobs(Providers providers, Backends backends, FileJobJournal journal, ConfigLoader loader, ConfigWriter writer,
      Clock clock, Consumer<JobEvent> emit) {
    this.providers = providers;
    this.backends = backends;
    this.journal = journal;
    this.loader = loader;
    this.writer = writer;
    this.clock = clock;
    this.emit = emit;
  }

  /**
   * The jobs of {@code provider}'s account that the journal does not hold, marked foreign. Best
   * effort: when the provider cannot list its account, none, and a log line says why.
   */
  List<JobStatus> list(String provider) {
    List<JobStatus> out = new ArrayList<>();
    if (!providers.has(provider)) {
      return out;
    }
    try {
      for (JobStatus s : backends.call(provider, b -> b.list(LIMIT))) {
        if (!journal.exists(s.jobId()) && out.stream().noneMatch(o -> o.jobId().equals(s.jobId()))) {
          out.add(JobStatus.builder().from(s).foreign(true).build());
        }
      }
    } catch (SoenCloudException e) {
      LOG.warn("cannot list the {} jobs of other launchers: {}", provider, e.getMessage());
    }
    return out;
  }

  /**
   * Adopts {@code jobId} from the account of the first provider that knows it
   * ({@link TrainingBackend#adopt}): its record is written to the journal, its config in the
   * journal's own form.
   *
   * @throws NotFoundException when no provider knows it, naming the providers that could not be asked
   *     (no credentials or region, say), or when a provider refuses it (not a soen-cloud job)
   */
  JobRecord adopt(String jobId, NotFoundException notInJournal) {
    List<String> unasked = new ArrayList<>();
    for (String id : providers.ids()) {
      Optional<JobRecord> adopted;
      try {
        adopted = backends.call(id, b -> b.adopt(jobId));
      } catch (NotFoundException e) {
        throw e;
      } catch (SoenCloudException e) {
        unasked.add(id + " (" + e.getMessage() + ")");
        continue;
      }
      if (adopted.isPresent()) {
        return write(id, adopted.get());
      }
    }
    if (unasked.isEmpty()) {
      throw notInJournal;
    }
    throw new NotFoundException(notInJournal.getMessage() + "; nor is it in the providers' accounts, except perhaps"
        + " those that could not be asked: " + String.join(", ", unasked), notInJournal);
  }

  private JobRecord write(String provider, JobRecord r) {
    Path source = journal.directory().resolve(r.id() + ".json");
    CloudConfig config = loader.readStored(source, r.configYaml());
    JobRecord record = JobRecord.builder().from(r).configYaml(writer.storedYaml(config)).updatedAt(clock.instant()).build();
    journal.create(record);
    emit.accept(JobEvent.builder().jobId(r.id()).at(clock.instant()).kind(JobEvent.Kind.NOTICE)
        .message("adopted " + r.id() + " from the " + provider + " account into " + journal.directory()).build());
    return record;
  }
}
