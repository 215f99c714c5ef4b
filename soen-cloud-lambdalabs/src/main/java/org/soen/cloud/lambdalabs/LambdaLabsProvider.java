package org.soen.cloud.lambdalabs;

import org.soen.cloud.lambdalabs.internal.LambdaBackend;
import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

/**
 * Provider {@code lambdalabs}: runs a training command on a Lambda Cloud instance (launch, SSH
 * setup, tar-over-SSH dataset upload, detached run, log tail, artifact download, terminate) as a
 * resumable, journaled state machine. Stateless; registered for {@link java.util.ServiceLoader}.
 */
public final class LambdaLabsProvider implements TrainingBackendProvider {
  /** The provider id. */
  public static final String ID = "lambdalabs";

  /** For {@link java.util.ServiceLoader}. */
  public LambdaLabsProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "Lambda Cloud GPU instances over REST and SSH";
  }

  @Override
  public String defaultInstanceType() {
    return "gpu_1x_a100_sxm4";
  }

  @Override
  public java.util.List<org.soen.cloud.Setting<?>> settings() {
    return LambdaSettings.all();
  }

  @Override
  public TrainingBackend create(BackendContext context) {
    return new LambdaBackend(context, defaultInstanceType());
  }
}
