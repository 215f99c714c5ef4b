package org.soen.cloud;

import java.util.Locale;

/**
 * The training framework a job's container is built for ({@code cloud.backend} in YAML,
 * {@code --backend} on the command line); picks the docker image on SageMaker. Not to be confused
 * with {@link org.soen.cloud.spi.TrainingBackend}, a provider's job lifecycle.
 */
public enum Framework {
  /** PyTorch image ({@code cloud.docker_image_pytorch}, {@code SOEN_DOCKER_PYTORCH}). */
  PYTORCH,
  /** JAX image ({@code cloud.docker_image_jax}, {@code SOEN_DOCKER_JAX}). */
  JAX;

  /** The name used in YAML and on the command line: {@code pytorch} or {@code jax}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
