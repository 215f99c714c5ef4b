package org.soen.cloud.aws;

import org.soen.cloud.aws.internal.SageMakerBackend;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

/**
 * The {@code sagemaker} provider: AWS SageMaker training jobs, with configs and data staged in
 * S3 and logs read from CloudWatch. Found by {@link java.util.ServiceLoader}; users select it
 * with {@code cloud.provider: sagemaker}.
 */
public final class SageMakerProvider implements TrainingBackendProvider {
  /** The provider id. */
  public static final String ID = "sagemaker";

  /** For {@link java.util.ServiceLoader}. */
  public SageMakerProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "AWS SageMaker training jobs (S3 staging, CloudWatch logs, spot with checkpoints)";
  }

  @Override
  public String defaultInstanceType() {
    return "ml.g5.xlarge";
  }

  @Override
  public java.util.List<org.soen.cloud.Setting<?>> settings() {
    return SageMakerSettings.all();
  }

  @Override
  public TrainingBackend create(BackendContext context) {
    return new SageMakerBackend(context);
  }
}
