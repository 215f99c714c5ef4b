/**
 * The constraints AWS's published service models put on the requests soen-cloud sends, and a
 * checker for them. One resource ({@code service-rules.json}, extracted from
 * <a href="https://github.com/aws/api-models-aws">aws/api-models-aws</a> by
 * {@code src/build/extract_service_rules.py}) is read by the {@code sagemaker} provider, which refuses
 * a submission before uploading anything, and by the testkit's fakes, which answer the same
 * violations with the services' {@code ValidationException}.
 */
package org.soen.cloud.aws.rules;
