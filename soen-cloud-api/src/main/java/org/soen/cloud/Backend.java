package org.soen.cloud;

import java.util.Locale;

/** The training framework a job's container is built for; picks the docker image on SageMaker. */
public enum Backend {
  /** PyTorch image ({@code cloud.docker_image_pytorch}, {@code SOEN_DOCKER_PYTORCH}). */
  PYTORCH,
  /** JAX image ({@code cloud.docker_image_jax}, {@code SOEN_DOCKER_JAX}). */
  JAX;

  /** The name used in YAML and on the command line: {@code pytorch} or {@code jax}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
