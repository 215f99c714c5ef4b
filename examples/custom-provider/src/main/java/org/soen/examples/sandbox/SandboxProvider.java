package org.soen.examples.sandbox;

import org.soen.cloud.spi.BackendContext;
import org.soen.cloud.spi.TrainingBackend;
import org.soen.cloud.spi.TrainingBackendProvider;

/**
 * Provider {@code sandbox}: runs the training command on this machine as a child process whose
 * environment holds only {@code PATH}, the job's own variables and soen-cloud's {@code SOEN_*}
 * folders, so nothing from the launching shell (cloud keys, tokens) reaches it. Registered in
 * {@code META-INF/services/org.soen.cloud.spi.TrainingBackendProvider}; tiny and stateless.
 */
public final class SandboxProvider implements TrainingBackendProvider {
  /** The provider id users write in {@code cloud.provider}. */
  public static final String ID = "sandbox";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String description() {
    return "this machine, in a sandbox with a scrubbed environment";
  }

  @Override
  public String defaultInstanceType() {
    return SandboxBackend.INSTANCE_TYPE;
  }

  @Override
  public TrainingBackend create(BackendContext context) {
    return new SandboxBackend(context);
  }
}
