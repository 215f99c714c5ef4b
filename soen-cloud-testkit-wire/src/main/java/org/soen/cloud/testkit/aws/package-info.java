/**
 * AWS fakes for tests: {@link org.soen.cloud.testkit.aws.EmbeddedS3}, a real S3 server (S3Proxy)
 * in-process on 127.0.0.1, and {@link org.soen.cloud.testkit.aws.FakeSageMaker}, a SageMaker,
 * CloudWatch Logs, STS and Secrets Manager endpoint that speaks the AWS wire protocols to the real
 * AWS SDK client. Inside, one type per job: the HTTP/JSON protocol and dispatch
 * ({@code AwsJsonEndpoint}), training jobs ({@code FakeTrainingJobs}, {@code FakeTrainingJob}),
 * CloudWatch Logs ({@code FakeLogs}), STS ({@code FakeSts}) and
 * {@link org.soen.cloud.testkit.aws.FakeSecretsManager}.
 */
package org.soen.cloud.testkit.aws;
