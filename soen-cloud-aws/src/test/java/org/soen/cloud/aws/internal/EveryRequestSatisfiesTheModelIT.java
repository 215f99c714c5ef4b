package org.soen.cloud.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.JobHandle;
import org.soen.cloud.MlflowSettings;
import org.soen.cloud.aws.SageMakerSettings;
import org.soen.cloud.aws.rules.ServiceRules;
import org.soen.cloud.aws.rules.Violation;

/**
 * Every request the provider sends in a job's whole life (doctor, staging, submit with Secrets
 * Manager, status, logs, list, stop, artifacts, cost, reap) is checked by the real SDK's
 * interceptor chain against the published models' constraints: S3, STS, SageMaker, CloudWatch Logs
 * and Secrets Manager alike, not only the requests the fakes check themselves.
 */
class EveryRequestSatisfiesTheModelIT {
  @TempDir Path tmp;
  private final Map<String, List<Violation>> broken = new ConcurrentHashMap<>();
  private final Map<String, Integer> checked = new ConcurrentHashMap<>();
  @RegisterExtension final FakeAws aws = new FakeAws(() -> tmp);
  private SageMakerBackend backend;

  @BeforeEach
  void start() throws IOException {
    ModelCheckingInterceptor interceptor = new ModelCheckingInterceptor(SageMakerRequestRules.RULES, (call, violations) -> {
      checked.merge(call, 1, Integer::sum);
      if (!violations.isEmpty()) {
        broken.put(call, violations);
      }
    });
    backend = aws.backend((config, env) -> AwsClients.create(config, env, List.of(interceptor)));
    Files.createDirectories(tmp.resolve("data/images"));
    Files.writeString(tmp.resolve("data/dataset.yaml"), "train: images\n");
    Files.write(tmp.resolve("data/images/cat 1.jpg"), new byte[] {1, 2, 3});
  }

  private JobHandle submit(CloudConfig config, String name) {
    return aws.submit(backend, config, name);
  }

  @Test
  void aJobsWholeLife_sendsOnlyRequestsThePublishedModelsAccept() throws IOException {
    CloudConfig config = aws.config(tmp).set(SageMakerSettings.SECRETS, "secrets_manager")
        .putSecretEnvironment("HF_TOKEN", "hf_value").putTags("team", "vision")
        .mlflow(MlflowSettings.builder().trackingUri("http://mlflow:5000").password("pw-value").build()).build();

    backend.doctor(config);
    backend.livePrice(config, "ml.p5.48xlarge");
    JobHandle done = submit(config, "soen-cats-20261122210509-0001");
    JobHandle stopped = submit(config, "soen-cats-20261122210509-0002");
    aws.clock.advance(Duration.ofMinutes(3));
    backend.logs(stopped, "");
    backend.stop(stopped);
    aws.clock.advance(Duration.ofHours(1));
    backend.status(stopped);
    backend.status(done);
    backend.logs(done, "");
    backend.list(10);
    backend.downloadArtifacts(done, Files.createDirectories(tmp.resolve("out")));
    backend.costReport(done);
    backend.reap(true);

    assertThat(broken).as(() -> broken.entrySet().stream()
        .map(e -> e.getKey() + ": " + ServiceRules.validationMessage(e.getValue())).toList().toString()).isEmpty();
    assertThat(checked.keySet()).contains("sts.GetCallerIdentity", "s3.HeadBucket", "s3.PutObject", "s3.GetObject",
        "sagemaker.CreateTrainingJob", "sagemaker.DescribeTrainingJob", "sagemaker.StopTrainingJob",
        "sagemaker.ListTrainingJobs", "logs.DescribeLogStreams", "logs.GetLogEvents", "secretsmanager.CreateSecret",
        "secretsmanager.DeleteSecret", "secretsmanager.ListSecrets", "pricing.GetProducts");
  }

  @Test
  void theRefusingInterceptor_stopsARequestThatBreaksItsModelBeforeItIsSent() {
    var refusing = ModelCheckingInterceptor.refusing();
    try (AwsClients clients = AwsClients.create(aws.config(tmp).build(), aws.env(), List.of(refusing))) {
      assertThatThrownBy(() -> clients.sageMaker().listTrainingJobs(b -> b.maxResults(500)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("sagemaker.ListTrainingJobs would be refused by AWS: 1 validation error detected: "
              + "Value '500' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");
    }
    assertThat(aws.fake.requests()).isEmpty();
  }
}
