/**
 * The {@code sagemaker} provider of soen-cloud: {@link org.soen.cloud.aws.SageMakerProvider}.
 * Everything else of this module is internal.
 */
package org.soen.cloud.aws;
