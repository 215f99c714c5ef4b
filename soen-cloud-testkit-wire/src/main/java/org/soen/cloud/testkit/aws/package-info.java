/**
 * AWS fakes for tests: {@link org.soen.cloud.testkit.aws.EmbeddedS3}, a real S3 server (S3Proxy)
 * in-process on 127.0.0.1, and {@link org.soen.cloud.testkit.aws.FakeSageMaker}, a SageMaker,
 * CloudWatch Logs and STS endpoint that speaks the AWS wire protocols to the real AWS SDK client.
 */
package org.soen.cloud.testkit.aws;
