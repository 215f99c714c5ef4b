package org.soen.cloud.testkit.lambda.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongPredicate;

/**
 * Where a fake's instances run things: one sandbox folder per instance under a root, the same
 * environment for every process (the fake's clock first on the {@code PATH}, so {@code date +%s}
 * answers the fake's time), a marker in each process's environment that is unique on the machine,
 * and the switch that kills every process of an instance at once.
 */
public final class ProcessSandbox {
  /** Where an instance keeps what the fake's boot did: the user data and cloud-init's output. */
  public static final String BOOT_FOLDER = ".fake-cloud-init";

  private final Path root;
  private final Map<String, String> environment;
  /**
   * Tells this fake's processes from every other fake's on the machine: instance ids repeat from
   * one fake to the next, and other test JVMs run fakes at the same time, so terminating must not
   * kill by the instance id alone.
   */
  private final String processTag = UUID.randomUUID().toString();

  /**
   * @param root the folder for the instances' sandboxes
   * @param clockUrl where the instances' {@code date} asks the fake for its time
   */
  public ProcessSandbox(Path root, URI clockUrl) {
    this.root = root;
    this.environment = Map.of("PATH", InstanceClock.install(root) + ":" + System.getenv().getOrDefault("PATH",
        "/usr/local/bin:/usr/bin:/bin"), InstanceClock.URL_VARIABLE, clockUrl.toString());
  }

  /** Makes the sandbox folder of instance {@code id}. */
  public Path create(String id) {
    try {
      return Files.createDirectories(root.resolve(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the sandbox of instance " + id, e);
    }
  }

  /** The SSH exec request {@code command} on instance {@code id}, in its sandbox. */
  public SandboxCommand command(String id, Path sandbox, String command, LongPredicate dropAfterStdinBytes) {
    return new SandboxCommand(command, sandbox, marker(id), environment, dropAfterStdinBytes);
  }

  /**
   * Runs {@code userData} as cloud-init runs a user-data script at first boot: a text starting with
   * {@code #!} is written to {@code .fake-cloud-init/user-data} in the sandbox and started detached,
   * as root would start it (here: as the fake's user), with its output in
   * {@code .fake-cloud-init/output.log}. Other user data (a {@code #cloud-config} document) is kept
   * there and not run: the fake has no cloud-init modules.
   */
  public void boot(String id, Path sandbox, String userData) {
    try {
      Path dir = Files.createDirectories(sandbox.resolve(BOOT_FOLDER));
      Path script = dir.resolve("user-data");
      Files.writeString(script, userData, StandardCharsets.UTF_8);
      if (!userData.startsWith("#!")) {
        return;
      }
      script.toFile().setExecutable(true, true);
      SandboxCommand.inSandbox(List.of(script.toString()), sandbox, marker(id), environment)
          .redirectErrorStream(true).redirectOutput(dir.resolve("output.log").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the user data of instance " + id, e);
    }
  }

  /** Kills every process of instance {@code id}, detached ones included, as switching it off would. */
  public void kill(String id) {
    InstanceProcesses.kill(marker(id));
  }

  /** The value of {@code SOEN_FAKE_INSTANCE} in the processes of one instance of this fake: unique on the machine. */
  private String marker(String instanceId) {
    return instanceId + "@" + processTag;
  }
}
