package org.soen.cloud.testkit.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.soen.cloud.aws.rules.ServiceRules;

/**
 * A fake SageMaker, CloudWatch Logs and STS endpoint on {@code 127.0.0.1} that the real AWS SDK
 * clients talk to: SageMaker and Logs over AWS JSON 1.1 ({@code X-Amz-Target}), STS over the AWS
 * Query protocol (form body, XML answer). Point every client's {@code endpointOverride} at
 * {@link #endpoint()}.
 *
 * <p>Training jobs move through SageMaker's real status sequence on the {@link Clock} you give
 * (advance it, then call any API or {@link #tick()}): {@code InProgress/Starting → Downloading →
 * Training → Uploading → Completed}, with {@code Stopping → Stopped}, {@code MaxRuntimeExceeded},
 * {@code Failed} and spot {@code Interrupted → Starting} (resuming from the job's checkpoint
 * prefix). Jobs read their {@code config} and {@code data} channels from the {@link EmbeddedS3}
 * (a manifest file or a prefix), write {@code <output>/<job>/output/model.tar.gz} there, and log
 * to one CloudWatch stream per instance under {@code /aws/sagemaker/TrainingJobs}.
 * {@code ListTrainingJobs} and {@code ListTags} page as SageMaker does (see {@link FakeTrainingJobs}).
 *
 * <p>It rejects what SageMaker rejects, with SageMaker's error shapes: {@code ValidationException}
 * for every request that breaks the published model's constraints (the same {@link ServiceRules}
 * the provider checks before sending: patterns, lengths, counts, ranges, enums such as the
 * instance types, required members), spot waits and unknown jobs; {@code ResourceInUse}
 * (duplicate names) and {@code ResourceLimitExceeded} ({@link #limitInstances(String, int)});
 * {@link #throttle(String, int)} injects {@code ThrottlingException}. Requests are checked for a
 * SigV4 {@code Authorization} header with the expected access key id (the signature itself is not
 * verified). Every request is recorded ({@link #requests()}).
 *
 * <p>This class wires the parts together: {@link AwsJsonEndpoint} (HTTP, signing, recording,
 * model checks), and behind it, by target prefix, {@link FakeTrainingJobs}, {@link FakeLogs} and
 * {@link FakeSecretsManager}, with {@link FakeSts} for the Query protocol.
 */
public final class FakeSageMaker implements AutoCloseable {
  /** The account id the fake reports. */
  public static final String ACCOUNT = "123456789012";
  /** The log group of training jobs. */
  public static final String LOG_GROUP = "/aws/sagemaker/TrainingJobs";

  /** One recorded request: the target (e.g. {@code SageMaker.CreateTrainingJob}, {@code sts:GetCallerIdentity}) and body. */
  public record Request(String target, String body) {}

  private final Clock clock;
  private final FakeLogs logs;
  private final FakeTrainingJobs trainingJobs;
  private final FakeSecretsManager secretsManager;
  private final FakePriceList priceList = new FakePriceList();
  private final FakeSts sts;
  private final AwsJsonEndpoint http;

  private FakeSageMaker(Clock clock, EmbeddedS3 s3, String accessKeyId) {
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(s3, "s3");
    this.logs = new FakeLogs(clock);
    this.trainingJobs = new FakeTrainingJobs(clock, logs, new S3Objects(s3));
    this.secretsManager = new FakeSecretsManager(clock);
    this.sts = new FakeSts(clock, s3);
    // The AWS JSON services on this endpoint, by the prefix of X-Amz-Target, each with its model's name in ServiceRules.
    Map<String, AwsJsonEndpoint.Route> services = new LinkedHashMap<>();
    services.put("SageMaker", new AwsJsonEndpoint.Route("sagemaker", trainingJobs::handle));
    services.put("Logs_20140328", new AwsJsonEndpoint.Route("logs", logs::handle));
    services.put("secretsmanager", new AwsJsonEndpoint.Route("secretsmanager", secretsManager::handle));
    // FakePriceList checks the pricing model's rules itself.
    services.put("AWSPriceListService", new AwsJsonEndpoint.Route("", priceList::handle));
    this.http = new AwsJsonEndpoint(Objects.requireNonNull(accessKeyId, "accessKeyId"), services, sts, trainingJobs::tick);
  }

  /** Starts a fake on 127.0.0.1 that accepts the embedded S3's access key and reads and writes objects there. */
  public static FakeSageMaker start(Clock clock, EmbeddedS3 s3) {
    return new FakeSageMaker(clock, s3, s3.accessKeyId());
  }

  /** The endpoint for the SageMaker, CloudWatch Logs, STS and Secrets Manager clients. */
  public URI endpoint() {
    return http.endpoint();
  }

  /**
   * Trusts {@code token} as a web identity (an EKS service account's OIDC token, say): STS
   * {@code AssumeRoleWithWebIdentity} with it answers the embedded S3's credentials as temporary
   * ones; any other token is refused with {@code InvalidIdentityToken}, as STS refuses it.
   */
  public FakeSageMaker trustWebIdentityToken(String token) {
    sts.trustWebIdentityToken(Objects.requireNonNull(token, "token"));
    return this;
  }

  /** How long the {@code Training} phase of new jobs takes (default 5 minutes). */
  public FakeSageMaker trainingDuration(Duration duration) {
    trainingJobs.trainingDuration(duration);
    return this;
  }

  /** The next {@code count} calls to {@code target} (e.g. {@code SageMaker.CreateTrainingJob}) answer {@code ThrottlingException}. */
  public FakeSageMaker throttle(String target, int count) {
    http.throttle(target, count);
    return this;
  }

  /** At most {@code instances} instances of {@code instanceType} may run at once; more is {@code ResourceLimitExceeded}. */
  public FakeSageMaker limitInstances(String instanceType, int instances) {
    trainingJobs.limitInstances(instanceType, instances);
    return this;
  }

  /** The next job created trains for {@code duration} instead of {@link #trainingDuration(Duration)}. */
  public FakeSageMaker trainNextJobFor(Duration duration) {
    trainingJobs.trainNextJobFor(duration);
    return this;
  }

  /**
   * The next {@code count} successful CreateTrainingJob calls create the job but answer HTTP 500
   * {@code InternalFailure}, as when an answer is lost: the client's retry then meets
   * {@code ResourceInUse}.
   */
  public FakeSageMaker serverErrorAfterCreate(int count) {
    trainingJobs.serverErrorAfterCreate(count);
    return this;
  }

  /** The next job created fails in {@code Training} with this {@code FailureReason}. */
  public FakeSageMaker failNextJob(String failureReason) {
    trainingJobs.failNextJob(failureReason);
    return this;
  }

  /** The Secrets Manager this fake also serves on {@link #endpoint()}. */
  public FakeSecretsManager secretsManager() {
    return secretsManager;
  }

  /** The Price List Query API this endpoint also serves ({@code AWSPriceListService.GetProducts}). */
  public FakePriceList priceList() {
    return priceList;
  }

  /** Every request received, in order. */
  public List<Request> requests() {
    return http.requests();
  }

  /** Advances every job to the clock's time. */
  public void tick() {
    trainingJobs.tick();
  }

  /**
   * Reclaims the spot instances of a job in {@code Training}: a checkpoint is written to its
   * checkpoint prefix, the job goes {@code Interrupted}, and after two minutes starts again and
   * resumes from the checkpoint.
   */
  public void interruptSpot(String jobName) {
    synchronized (trainingJobs) {
      tick();
      FakeTrainingJob job = trainingJobs.job(jobName);
      if (!job.spot || !"Training".equals(job.secondary)) {
        throw new IllegalStateException("job " + jobName + " is not a spot job in Training (" + job.secondary + ")");
      }
      job.interrupt(clock.instant());
    }
  }

  /** Appends a log line that arrives late (after others were read), stamped {@code at}. */
  public void appendLog(String jobName, int instance, Instant at, String message) {
    synchronized (trainingJobs) {
      FakeTrainingJob job = trainingJobs.job(jobName);
      logs.append(job.streamNames.get(Math.min(instance, job.streamNames.size()) - 1), at, message);
    }
  }

  /** What a job saw in its channels: channel name → file names (relative) → sizes. */
  public Map<String, Map<String, Long>> inputs(String jobName) {
    synchronized (trainingJobs) {
      return trainingJobs.job(jobName).inputs;
    }
  }

  /**
   * The JSON body of the {@code CreateTrainingJob} request that created {@code jobName}, as sent
   * (AWS JSON 1.1); parse it with the JSON library of the test's choice.
   */
  public String createRequest(String jobName) {
    synchronized (trainingJobs) {
      return trainingJobs.job(jobName).request.toString();
    }
  }

  @Override
  public void close() {
    http.close();
  }

  /** A gzip'd tar of {@code files} (name → bytes), as SageMaker writes {@code model.tar.gz}. */
  public static byte[] tarGz(Map<String, byte[]> files) {
    return S3Objects.tarGz(files);
  }

  /** An error answer: the service's error code, message and HTTP status. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;
    final int status;

    Failure(String code, String message) {
      this(code, message, 400);
    }

    Failure(String code, String message, int status) {
      super(message);
      this.code = code;
      this.status = status;
    }
  }
}
