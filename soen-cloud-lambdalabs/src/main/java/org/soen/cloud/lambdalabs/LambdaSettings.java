package org.soen.cloud.lambdalabs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.Setting;

/**
 * The {@code cloud.lambda:} section, owned by the {@code lambdalabs} provider: each setting
 * declared once (type, range, default, environment variable, place in {@code cloud_config.yaml}),
 * and a typed view of a config's values.
 *
 * <pre>{@code
 * cloud:
 *   provider: lambdalabs
 *   instance: {instance_type: gpu_1x_a100_sxm4}
 *   lambda:
 *     ssh_key_name: my-key
 *     ssh_private_key: ~/.ssh/lambda.pem
 *     setup: ["pip install 'numpy<2' ultralytics"]
 * }</pre>
 */
public final class LambdaSettings {
  /** Lambda Cloud's public API. */
  public static final URI DEFAULT_API_URL = URI.create("https://cloud.lambda.ai/api/v1");

  /** {@code cloud.lambda.api_url} or {@code LAMBDA_API_URL}. */
  public static final Setting<URI> API_URL = Setting.http("lambda.api_url").env("LAMBDA_API_URL")
      .userConfig("lambda.api_url").defaultValue(DEFAULT_API_URL)
      .allowed("an http or https URL such as https://cloud.lambda.ai/api/v1")
      .description("The Lambda Cloud API").build();
  /** {@code LAMBDA_API_KEY} (or {@code ~/.lambda_cloud/lambda_keys}): a secret, never shown. */
  public static final Setting<String> API_KEY = Setting.text("lambda.api_key").secret().env("LAMBDA_API_KEY")
      .check(LambdaSettings::apiKeyForm).allowed("a Lambda Cloud API key, best given as LAMBDA_API_KEY")
      .example("secret_example_0123456789")
      .description("The Lambda Cloud API key (also read from ~/.lambda_cloud/lambda_keys)").build();
  /** {@code cloud.lambda.region}; empty means the cheapest region with capacity. */
  public static final Setting<String> REGION = Setting.text("lambda.region").userConfig("lambda.region")
      .allowed("a Lambda Cloud region such as us-west-1").example("us-west-1")
      .check(org.soen.cloud.lambdalabs.internal.LambdaRules::region).defaultText("the cheapest region with capacity")
      .description("Where instances are launched").build();
  /** {@code cloud.lambda.ssh_key_name}: the name of an SSH key registered with Lambda. */
  public static final Setting<String> SSH_KEY_NAME = Setting.text("lambda.ssh_key_name")
      .userConfig("lambda.ssh_key_name").description("The name of an SSH key registered with Lambda Cloud").build();
  /** {@code cloud.lambda.ssh_private_key}: the matching private key file (PEM or OpenSSH). */
  public static final Setting<Path> SSH_PRIVATE_KEY = Setting.path("lambda.ssh_private_key")
      .userConfig("lambda.ssh_private_key").check(LambdaSettings::privateKeyFile)
      .allowed("a readable private key file (PEM or OpenSSH), not the .pub file").example("~/.ssh/lambda.pem")
      .description("The private key matching ssh_key_name").build();
  /** {@code cloud.lambda.ssh_user}. */
  public static final Setting<String> SSH_USER = Setting.text("lambda.ssh_user").defaultValue("ubuntu")
      .userConfig("lambda.ssh_user").allowed("a user name: lowercase letters, digits, '_' and '-', starting with a letter")
      .check(u -> u.matches("[a-z_][a-z0-9_-]{0,31}") ? Optional.empty()
          : Optional.of("must be a user name such as ubuntu (lowercase letters, digits, '_' and '-'), was \"" + u + "\""))
      .description("The user to log in as").build();
  /** {@code cloud.lambda.remote_dir}: where the dataset and the run live on the instance. */
  public static final Setting<String> REMOTE_DIR = Setting.text("lambda.remote_dir").defaultValue("/home/ubuntu/soen")
      .userConfig("lambda.remote_dir").check(d -> d.startsWith("/") ? Optional.empty()
          : Optional.of("must be an absolute folder such as /home/ubuntu/soen, was \"" + d + "\""))
      .allowed("an absolute folder on the instance").description("Where the dataset and the run live").build();
  /** {@code cloud.lambda.setup}: shell commands run once before the upload. */
  public static final Setting<List<String>> SETUP = Setting.list("lambda.setup")
      .allowed("a list of shell commands").description("Commands run once before the upload").build();
  /** {@code cloud.lambda.after}: shell commands run after training, e.g. an ONNX export. */
  public static final Setting<List<String>> AFTER = Setting.list("lambda.after")
      .allowed("a list of shell commands").description("Commands run after training, e.g. an export").build();
  /** {@code cloud.lambda.dataset_yaml}: a YAML in the dataset whose {@code path:} is made absolute. */
  public static final Setting<String> DATASET_YAML = Setting.text("lambda.dataset_yaml")
      .allowed("a YAML file inside the dataset").description("A dataset YAML whose path: is made absolute").build();
  /** {@code cloud.lambda.metrics_pattern}: a regex with named groups for epoch metrics. */
  public static final Setting<String> METRICS_PATTERN = Setting.regex("lambda.metrics_pattern")
      .allowed("a regular expression with named groups").description("How to read epoch metrics from the log").build();
  /** {@code cloud.lambda.terminate}. */
  public static final Setting<String> TERMINATE = Setting.choice("lambda.terminate", "always", "on_success", "never")
      .defaultValue("always").userConfig("lambda.terminate")
      .description("When the instance is terminated (always is the only choice that never leaves one running)")
      .build();
  /** {@code cloud.lambda.boot_timeout_minutes}: deadline for {@code active} plus an IP. */
  public static final Setting<Duration> BOOT_TIMEOUT = Setting.minutes("lambda.boot_timeout_minutes")
      .positive("1440").defaultValue(Duration.ofMinutes(30)).userConfig("lambda.boot_timeout_minutes")
      .description("How long an instance may take to become active").build();
  /** {@code cloud.lambda.ssh_timeout_minutes}: deadline for SSH to answer after boot. */
  public static final Setting<Duration> SSH_TIMEOUT = Setting.minutes("lambda.ssh_timeout_minutes")
      .positive("1440").defaultValue(Duration.ofMinutes(10)).userConfig("lambda.ssh_timeout_minutes")
      .description("How long SSH may take to answer after boot").build();

  /**
   * {@code cloud.lambda.autodown}: whether the instance's watchdog may terminate the instance
   * itself. The watchdog always stops the training at the job's deadline; with {@code on} it also
   * terminates the instance then, and once the job ended and no launcher collected its artifacts
   * within {@link #IDLE_MINUTES}. For that the API key is put on the instance, in a file only the
   * job's user can read.
   */
  public static final Setting<String> AUTODOWN = Setting.choice("lambda.autodown", "on", "off")
      .defaultValue("on").userConfig("lambda.autodown")
      .description("Whether the instance terminates itself at the job's deadline, or idle_minutes after the job"
          + " ended with nobody collecting it (on puts the API key on the instance, readable by the job's user"
          + " only; off leaves ending it to a launcher, stop or reap)")
      .build();
  /** {@code cloud.lambda.idle_minutes}: how long an ended job's instance waits for a launcher to collect it. */
  public static final Setting<Duration> IDLE_MINUTES = Setting.minutes("lambda.idle_minutes")
      .positive("1440").defaultValue(Duration.ofMinutes(30)).userConfig("lambda.idle_minutes")
      .description("How long an instance whose job ended (or whose launcher stopped attending it) waits for a"
          + " launcher before it terminates itself (with autodown on)")
      .build();

  /**
   * {@code cloud.lambda.launch_guard}: with autodown on, whether a launch guard process on the
   * launcher's machine terminates the instance {@link #IDLE_MINUTES} after the launcher died
   * before it could start the instance's watchdog (a launcher killed while the instance boots).
   */
  public static final Setting<String> LAUNCH_GUARD = Setting.choice("lambda.launch_guard", "on", "off")
      .defaultValue("on").userConfig("lambda.launch_guard")
      .description("With autodown on, whether a small process on this machine terminates the instance"
          + " idle_minutes after the launcher died before the instance's watchdog was started (the API key"
          + " stays on this machine; off leaves such an instance to the next reap)")
      .build();
  /** {@code cloud.lambda.upload_warmup}: on (default) or off. */
  public static final Setting<String> UPLOAD_WARMUP = Setting.choice("lambda.upload_warmup", "on", "off")
      .defaultValue("on").userConfig("lambda.upload_warmup")
      .description("Whether the launcher warms up its dataset upload while the instance boots: up to 256 MiB or"
          + " 20 s of generated files sent through its own tar and SSH code to a throwaway SSH server inside"
          + " the launcher (127.0.0.1 only, keys made in memory, nothing run), so the upload does not start cold")
      .build();

  private final CloudConfig config;

  private LambdaSettings(CloudConfig config) {
    this.config = config;
  }

  /** Every declaration, in the order the reference lists them. */
  static List<Setting<?>> all() {
    return List.of(API_URL, API_KEY, REGION, SSH_KEY_NAME, SSH_PRIVATE_KEY, SSH_USER, REMOTE_DIR, SETUP, AFTER,
        DATASET_YAML, METRICS_PATTERN, TERMINATE, BOOT_TIMEOUT, SSH_TIMEOUT, AUTODOWN, IDLE_MINUTES,
        LAUNCH_GUARD, UPLOAD_WARMUP);
  }

  /** The {@code cloud.lambda} values of {@code config}, defaults filled in. */
  public static LambdaSettings of(CloudConfig config) {
    return new LambdaSettings(config);
  }

  /** Every default. */
  public static LambdaSettings defaults() {
    return of(CloudConfig.builder().build());
  }

  /** The API URL. */
  public URI apiUrl() {
    return config.get(API_URL).orElseThrow();
  }

  /** The API key, if configured (a secret). */
  public Optional<String> apiKey() {
    return config.get(API_KEY);
  }

  /** The region, if chosen. */
  public Optional<String> region() {
    return config.get(REGION);
  }

  /** The SSH key's name at Lambda. */
  public Optional<String> sshKeyName() {
    return config.get(SSH_KEY_NAME);
  }

  /** The private key file. */
  public Optional<Path> sshPrivateKey() {
    return config.get(SSH_PRIVATE_KEY);
  }

  /** The SSH user. */
  public String sshUser() {
    return config.get(SSH_USER).orElseThrow();
  }

  /** The remote folder. */
  public String remoteDir() {
    return config.get(REMOTE_DIR).orElseThrow();
  }

  /** Setup commands. */
  public List<String> setup() {
    return config.get(SETUP).orElse(List.of());
  }

  /** Commands after training. */
  public List<String> after() {
    return config.get(AFTER).orElse(List.of());
  }

  /** The dataset YAML to rewrite. */
  public Optional<String> datasetYaml() {
    return config.get(DATASET_YAML);
  }

  /** The epoch metrics pattern. */
  public Optional<String> metricsPattern() {
    return config.get(METRICS_PATTERN);
  }

  /** When to terminate. */
  public TerminatePolicy terminate() {
    return TerminatePolicy.valueOf(config.get(TERMINATE).orElseThrow().toUpperCase(Locale.ROOT));
  }

  /** The boot deadline. */
  public Duration bootTimeout() {
    return config.get(BOOT_TIMEOUT).orElseThrow();
  }

  /** The SSH deadline. */
  public Duration sshTimeout() {
    return config.get(SSH_TIMEOUT).orElseThrow();
  }

  /** Whether the instance may terminate itself ({@link #AUTODOWN}). */
  public boolean autodown() {
    return config.get(AUTODOWN).orElseThrow().equals("on");
  }

  /** Whether a launch guard covers the instance until its watchdog runs ({@link #LAUNCH_GUARD}, with autodown on). */
  public boolean launchGuard() {
    return autodown() && config.get(LAUNCH_GUARD).orElseThrow().equals("on");
  }

  /** Whether the upload is warmed up while the instance boots ({@link #UPLOAD_WARMUP}). */
  public boolean uploadWarmup() {
    return config.get(UPLOAD_WARMUP).orElseThrow().equals("on");
  }

  /** How long an ended job's instance waits for a launcher ({@link #IDLE_MINUTES}). */
  public Duration idle() {
    return config.get(IDLE_MINUTES).orElseThrow();
  }

  /** The key travels in an HTTP header: a space or control character would break it (and echo it in errors). */
  private static Optional<String> apiKeyForm(String key) {
    return key.chars().anyMatch(c -> c <= ' ' || c == 0x7f)
        ? Optional.of("holds a space, line break or control character; copy the key again (it is not shown here)")
        : Optional.empty();
  }

  private static Optional<String> privateKeyFile(Path file) {
    if (Files.isDirectory(file)) {
      return Optional.of(file + " is a folder; give the private key file inside it, e.g. " + file.resolve("id_ed25519"));
    }
    if (file.getFileName() != null && file.getFileName().toString().endsWith(".pub")) {
      return Optional.of(file + " is a public key; give the private key (the same name without .pub)");
    }
    if (!Files.exists(file)) {
      return Optional.of(file + " does not exist; give the private key file matching ssh_key_name");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return Optional.of(file + " is not a readable file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      String head = new String(in.readNBytes(64), StandardCharsets.US_ASCII);
      return head.startsWith("-----BEGIN") && head.contains("PRIVATE KEY") ? Optional.empty()
          : Optional.of(file + " does not look like a private key (PEM or OpenSSH, starting with -----BEGIN ... PRIVATE KEY-----)");
    } catch (IOException e) {
      return Optional.of(file + " cannot be read: " + e.getMessage());
    }
  }
}
