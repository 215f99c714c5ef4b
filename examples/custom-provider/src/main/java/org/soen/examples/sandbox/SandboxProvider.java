package org.soen.examples.sandbox;

import java.util.List;
import org.soen.cloud.Setting;
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

  /**
   * {@code cloud.sandbox.pass_env}: variables of the launching shell the job may see, by name. A
   * provider's own section is declared like this, once, and soen-cloud reads it from the training
   * YAML and {@code cloud_config.yaml} with the same checks and did-you-mean as its own keys.
   */
  public static final Setting<List<String>> PASS_ENV = Setting.list("sandbox.pass_env")
      .userConfig("sandbox.pass_env").example("[LANG, TZ]")
      .check(names -> names.stream().filter(n -> !n.matches("[A-Za-z_][A-Za-z0-9_]*")).findFirst()
          .map(n -> "environment variable names must match [A-Za-z_][A-Za-z0-9_]*, was \"" + n + "\""))
      .allowed("a list of environment variable names")
      .description("Variables of the launching shell the sandboxed job may see").build();

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
  public List<Setting<?>> settings() {
    return List.of(PASS_ENV);
  }

  @Override
  public TrainingBackend create(BackendContext context) {
    return new SandboxBackend(context);
  }
}
