package org.soen.cloud.aws.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.JobStatus;
import org.soen.cloud.NotFoundException;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.JobRecord;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTagsResponse;
import software.amazon.awssdk.services.sagemaker.model.ListTrainingJobsResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobSummary;

/**
 * The team's view of the SageMaker accounts this journal uses: the soen-cloud training jobs there,
 * this journal's and everyone else's, and adoption of one that this journal does not hold.
 *
 * <p>A job is soen-cloud's when its name starts with {@code soen-} and it carries the tag
 * {@value JobSecrets#TOOL_TAG}{@code =soen-cloud}; the tag {@value SageMakerRequests#OWNER_TAG}
 * names the journal that submitted it ({@code JobJournal.owner()}). {@code ListTrainingJobs} has no
 * tags, so a job not in this journal costs one {@code ListTags} call. Both are paged as the model
 * says ({@code MaxResults} at most 100 and at least 50, {@code NextToken}).
 *
 * <p>The accounts are those of this journal's SageMaker jobs (region, endpoints and credentials of
 * their stored configs), or the default one (today's settings and environment) when it has none.
 *
 * <p><b>Adoption</b> ({@link #adopt}) rebuilds the journal record from the account alone, because
 * the job's config is in another journal: {@code DescribeTrainingJob} gives the handle (ARN,
 * creation time, instance type and count, spot, region) and the state, and the staging prefix (the
 * {@code config} channel's S3 URI, {@code s3://<bucket>/soen/<project>/<experiment>/<job>/<timestamp>/config/});
 * the config is the staged {@code config/training_config.yaml} there, which holds the submitter's
 * effective {@code cloud:} section without secrets (secrets are read again from this environment,
 * as for any stored config). The provider state records where it was staged, the output URI, the
 * ARN and {@code adoptedFrom} (the owner tag, or {@code unknown}), so status, logs, stop and
 * download then work as for a job submitted here. Nothing is changed in the account.
 */
final class SageMakerTeam {
  private static final Logger LOG = LoggerFactory.getLogger(SageMakerTeam.class);
  private static final String NAME_PREFIX = "soen-";
  /** The folder of the staged config under a job's staging prefix (see {@link S3Stager.Staged#configUri()}). */
  private static final String CONFIG_DIR = "config/";
  /** At most this many pages of {@code ListTrainingJobs} per account. */
  private static final int MAX_PAGES = 100;

  private final BackendContext context;
  private final Function<CloudConfig, AwsClients> clients;
  private final Supplier<CloudConfig> defaultConfig;

  SageMakerTeam(BackendContext context, Function<CloudConfig, AwsClients> clients, Supplier<CloudConfig> defaultConfig) {
    this.context = context;
    this.clients = clients;
    this.defaultConfig = defaultConfig;
  }

  /** soen-cloud's jobs in the accounts, newest first per account; those not in this journal marked foreign. */
  List<JobStatus> list(int limit) {
    List<JobStatus> out = new ArrayList<>();
    if (limit <= 0) {
      return out;
    }
    Set<String> mine = new HashSet<>(journalJobs().stream().map(JobRecord::id).toList());
    Set<String> seen = new HashSet<>();
    for (AwsClients aws : accounts()) {
      String token = null;
      int pages = 0;
      do {
        String next = token;
        ListTrainingJobsResponse page = AwsErrors.call("list training jobs", () -> aws.sageMaker().listTrainingJobs(b -> b
            .nameContains(NAME_PREFIX).sortBy("CreationTime").sortOrder("Descending")
            .maxResults(Math.min(100, limit)).nextToken(next)));
        for (TrainingJobSummary s : page.trainingJobSummaries()) {
          if (out.size() < limit && s.trainingJobName().startsWith(NAME_PREFIX) && seen.add(s.trainingJobName())) {
            status(aws, s, mine.contains(s.trainingJobName())).ifPresent(out::add);
          }
        }
        token = page.nextToken();
        pages++;
      } while (token != null && out.size() < limit && pages < MAX_PAGES);
    }
    return out;
  }

  private Optional<JobStatus> status(AwsClients aws, TrainingJobSummary s, boolean inJournal) {
    JobStatus status = SageMakerStatuses.toStatus(s.trainingJobName(), s.trainingJobStatusAsString(),
        s.secondaryStatusAsString(), null, null, s.trainingEndTime(), context.clock().instant());
    if (inJournal) {
      return Optional.of(status);
    }
    Map<String, String> tags = tags(aws, s.trainingJobArn());
    if (!ours(tags)) {
      return Optional.empty();
    }
    JobStatus.Builder b = JobStatus.builder().from(status).foreign(true);
    Optional.ofNullable(tags.get(SageMakerRequests.OWNER_TAG)).ifPresent(b::owner);
    return Optional.of(b.build());
  }

  /**
   * The journal record of {@code jobId}, a soen-cloud job in one of the accounts that this journal
   * does not hold; empty when no account has a job of that name.
   *
   * @throws NotFoundException when the job is there but soen-cloud did not submit it
   */
  Optional<JobRecord> adopt(String jobId) {
    if (!jobId.startsWith(NAME_PREFIX) || !SageMakerValidation.JOB_NAME.matcher(jobId).matches()) {
      return Optional.empty();
    }
    for (AwsClients aws : accounts()) {
      DescribeTrainingJobResponse d;
      try {
        d = aws.sageMaker().describeTrainingJob(b -> b.trainingJobName(jobId));
      } catch (AwsServiceException e) {
        if (AwsErrors.isMissing(e)) {
          continue;
        }
        throw AwsErrors.translate("describe training job " + jobId, e);
      } catch (SdkException e) {
        throw AwsErrors.translate("describe training job " + jobId, e);
      }
      return Optional.of(record(aws, d));
    }
    return Optional.empty();
  }

  private JobRecord record(AwsClients aws, DescribeTrainingJobResponse d) {
    String job = d.trainingJobName();
    Map<String, String> tags = tags(aws, d.trainingJobArn());
    if (!ours(tags)) {
      throw new NotFoundException(job + " is a SageMaker training job that soen-cloud did not submit (it has no "
          + JobSecrets.TOOL_TAG + "=soen-cloud tag); attach adopts only soen-cloud's jobs");
    }
    String configPrefix = d.inputDataConfig().stream().filter(c -> c.channelName().equals("config")).findFirst()
        .map(Channel::dataSource).map(s -> s.s3DataSource().s3Uri())
        .orElseThrow(() -> new NotFoundException(job + " has no config channel, so its configuration cannot be read;"
            + " attach adopts only soen-cloud's jobs"));
    String[] location = S3Keys.bucketAndKey(configPrefix.endsWith("/") ? configPrefix : configPrefix + "/");
    if (!location[1].endsWith(CONFIG_DIR)) {
      throw new NotFoundException(job + "'s config channel " + configPrefix + " is not a soen-cloud staging prefix"
          + " (.../<job>/<timestamp>/" + CONFIG_DIR + "); attach adopts only soen-cloud's jobs");
    }
    String stagingPrefix = location[1].substring(0, location[1].length() - CONFIG_DIR.length());
    String configYaml = AwsErrors.call("read the staged config of " + job + " from " + configPrefix,
        () -> aws.s3().getObjectAsBytes(b -> b.bucket(location[0]).key(location[1] + SageMakerRequests.CONFIG_FILE))
            .asUtf8String());
    String region = aws.region().id();
    JobHandle handle = SageMakerBackend.handle(job, d.creationTime(), d.trainingJobArn(),
        "s3://" + location[0] + "/" + stagingPrefix, region, d.resourceConfig().instanceTypeAsString(),
        d.resourceConfig().instanceCount(), Boolean.TRUE.equals(d.enableManagedSpotTraining()));
    Map<String, String> state = new LinkedHashMap<>();
    state.put("region", region);
    state.put("bucket", location[0]);
    state.put("stagingPrefix", stagingPrefix);
    state.put("outputUri", d.outputDataConfig().s3OutputPath());
    state.put("step", "created");
    state.put("arn", d.trainingJobArn());
    state.put("adoptedFrom", tags.getOrDefault(SageMakerRequests.OWNER_TAG, "unknown"));
    state.put("adoptedAt", context.clock().instant().toString());
    Instant now = context.clock().instant();
    return JobRecord.builder().handle(handle).updatedAt(now).configYaml(configYaml)
        .state(SageMakerStatuses.state(d.trainingJobStatusAsString(), d.secondaryStatusAsString()))
        .putAllProviderState(state).build();
  }

  private static boolean ours(Map<String, String> tags) {
    return "soen-cloud".equals(tags.get(JobSecrets.TOOL_TAG));
  }

  private static Map<String, String> tags(AwsClients aws, String arn) {
    Map<String, String> tags = new LinkedHashMap<>();
    String token = null;
    do {
      String next = token;
      ListTagsResponse page = AwsErrors.call("list the tags of " + arn,
          () -> aws.sageMaker().listTags(b -> b.resourceArn(arn).maxResults(100).nextToken(next)));
      page.tags().forEach(t -> tags.put(t.key(), t.value()));
      token = page.nextToken();
    } while (token != null);
    return tags;
  }

  private List<JobRecord> journalJobs() {
    return context.journal().all().stream().filter(r -> r.handle().provider().equals(SageMakerBackend.PROVIDER)).toList();
  }

  /** The clients of each account this journal's SageMaker jobs used, or of the default one. */
  private List<AwsClients> accounts() {
    Set<AwsClients> out = new LinkedHashSet<>();
    for (JobRecord r : journalJobs()) {
      try {
        context.journal().config(r.id()).map(clients).ifPresent(out::add);
      } catch (SoenCloudException e) {
        LOG.debug("the stored configuration of {} cannot be read ({}); it adds no account", r.id(), e.getMessage());
      }
    }
    if (out.isEmpty()) {
      out.add(clients.apply(defaultConfig.get()));
    }
    return List.copyOf(out);
  }
}
