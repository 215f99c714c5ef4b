package org.soen.cloud.internal.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.soen.cloud.Framework;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.InstanceSpec;
import org.soen.cloud.MlflowSettings;
import org.soen.cloud.Setting;
import org.soen.cloud.SettingBuilder;

/**
 * The settings every provider shares, each declared once with where it lives in a
 * {@link CloudConfig}: the declaration line is also the binding, so reading and writing a config
 * are loops over this list.
 */
final class CoreSettings {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The builders a config is assembled in. */
  record Builders(CloudConfig.Builder cloud, InstanceSpec.Builder instance, MlflowSettings.Builder mlflow) {}

  /** A core setting and where its value goes in, and comes from, a {@link CloudConfig}. */
  record Bound<T>(Setting<T> setting, BiConsumer<Builders, T> set, Function<CloudConfig, Optional<T>> get) {
    @SuppressWarnings("unchecked")
    void setUnchecked(Builders b, Object value) {
      set.accept(b, (T) value);
    }
  }

  static final List<Bound<?>> ALL = List.of(
      bind(Setting.bool("active").defaultValue(false)
          .description("Whether a launcher sends the run to the cloud (CloudTrainer.submitIfActive)").build(),
          (b, v) -> b.cloud().active(v), c -> Optional.of(c.active())),
      bind(Setting.text("provider").defaultValue(CloudConfig.DEFAULT_PROVIDER).userConfig("provider")
          .flag("--provider").allowed("a provider id: local, sagemaker, lambdalabs or a plug-in's id")
          .description("Where the job runs").build(),
          (b, v) -> b.cloud().provider(v), c -> Optional.of(c.provider())),
      bind(Setting.name("project").defaultValue("default").userConfig("project")
          .description("Groups jobs; part of the staging path").build(),
          (b, v) -> b.cloud().project(v), c -> Optional.of(c.project())),
      bind(Setting.name("experiment").defaultValue("training").userConfig("experiment")
          .description("Part of the job name and the staging path").build(),
          (b, v) -> b.cloud().experiment(v), c -> Optional.of(c.experiment())),
      bind(Setting.choice("backend", "pytorch", "jax").defaultValue("pytorch").flag("--backend")
          .description("The training framework, which picks the container image").build(),
          (b, v) -> b.cloud().framework(Framework.valueOf(v.toUpperCase(Locale.ROOT))),
          c -> Optional.of(c.framework().configName())),
      bind(instance(Setting.text("instance.instance_type")).flag("--instance-type")
          .defaultText("the provider's default type")
          .allowed("an instance type of the provider, e.g. ml.g5.xlarge or gpu_1x_a10")
          .description("What the job runs on").build(),
          (b, v) -> b.instance().instanceType(v), c -> c.instance().instanceType()),
      bind(instance(Setting.integer("instance.instance_count")).range("1", "100").defaultValue(1)
          .description("How many instances (distributed training)").build(),
          (b, v) -> b.instance().instanceCount(v), c -> Optional.of(c.instance().instanceCount())),
      bind(instance(Setting.bool("instance.use_spot")).defaultValue(false).flag("--spot")
          .description("Run on spot capacity (cheaper, may be interrupted)").build(),
          (b, v) -> b.instance().useSpot(v), c -> Optional.of(c.instance().useSpot())),
      bind(instance(Setting.hours("instance.max_runtime_hours")).positive("672")
          .defaultValue(Duration.ofHours(24)).flag("--max-runtime-hours")
          .description("The job is stopped after this long").build(),
          (b, v) -> b.instance().maxRuntime(v), c -> Optional.of(c.instance().maxRuntime())),
      bind(instance(Setting.hours("instance.max_wait_hours")).positive(null)
          .allowed("hours, at least max_runtime_hours (spot only)").example("30")
          .description("Spot only: how long to wait for capacity plus run").build(),
          (b, v) -> b.instance().maxWait(v), c -> c.instance().maxWait()),
      bind(instance(Setting.integer("instance.volume_size_gb")).range("1", "16384").defaultValue(30)
          .description("Disk per instance in GB").build(),
          (b, v) -> b.instance().volumeSizeGb(v), c -> Optional.of(c.instance().volumeSizeGb())),
      bind(Setting.list("command").allowed("a list of arguments, e.g. [python, train.py]")
          .checkEach(a -> a.isEmpty() ? Optional.of("an argument is empty") : Optional.empty())
          .description("The training command (SageMaker: the image's entry point when empty)").build(),
          (b, v) -> b.cloud().command(v), c -> nonEmpty(c.command())),
      bind(Setting.text("data").allowed("a local folder or file, or an s3:// URI (sagemaker)")
          .description("The dataset to stage").build(),
          (b, v) -> b.cloud().data(v), CloudConfig::data),
      bind(Setting.list("artifacts").allowed("a list of output paths or globs, e.g. [weights/best.pt]")
          .checkEach(CoreSettings::insideOutput)
          .description("What to bring back after the run").build(),
          (b, v) -> b.cloud().artifacts(v), c -> nonEmpty(c.artifacts())),
      bind(Setting.map("environment").checkEach(CoreSettings::variableName)
          .allowed("a mapping of environment variable names to values")
          .description("Environment of the training command (not secret)").build(),
          (b, v) -> b.cloud().environment(v), c -> nonEmpty(c.environment())),
      bind(Setting.list("secret_env").checkEach(CoreSettings::variableName).example("[HF_TOKEN]")
          .allowed("a list of environment variable names that are set where soen-cloud runs")
          .description("Variables handed to the job as secrets (values never stored)").build(),
          (b, v) -> { }, c -> nonEmpty(List.copyOf(c.secretEnvironment().keySet()))),
      bind(Setting.map("tags").allowed("a mapping of tag names to values")
          .description("Extra tags on the provider's resources").build(),
          (b, v) -> b.cloud().tags(v), c -> nonEmpty(c.tags())),
      bind(Setting.decimal("max_cost_usd").positive(null).userConfig("max_cost_usd").flag("--max-cost-usd")
          .allowed("USD, more than 0")
          .description("A hard budget: refused if even the cheapest run exceeds it, and the run is bounded by it")
          .build(),
          (b, v) -> b.cloud().maxCostUsd(v), CloudConfig::maxCostUsd),
      bind(Setting.decimal("expected_hours").positive(null)
          .description("The expected duration, for estimates (default: the max runtime)").build(),
          (b, v) -> b.cloud().expectedHours(v), CloudConfig::expectedHours),
      bind(Setting.bool("mlflow.active").defaultValue(false).yamlPaths("logging.mlflow_active")
          .description("Log to MLflow").build(),
          (b, v) -> b.mlflow().active(v), c -> Optional.of(c.mlflow().active())),
      bind(Setting.text("mlflow.tracking_uri").env("MLFLOW_TRACKING_URI").userConfig("mlflow.tracking_uri")
          .yamlPaths("logging.mlflow_tracking_uri").check(CoreSettings::uriText)
          .allowed("a URI such as http://127.0.0.1:5000, databricks or file:///tmp/mlruns").example("http://127.0.0.1:5000")
          .description("The MLflow tracking server").build(),
          (b, v) -> b.mlflow().trackingUri(v), c -> c.mlflow().trackingUri()),
      bind(Setting.text("mlflow.experiment_name").userConfig("mlflow.experiment_name")
          .yamlPaths("logging.mlflow_experiment_name").description("The MLflow experiment").build(),
          (b, v) -> b.mlflow().experimentName(v), c -> c.mlflow().experimentName()),
      bind(Setting.text("mlflow.username").userConfig("mlflow.username").yamlPaths("logging.mlflow_username")
          .description("The MLflow user name").build(),
          (b, v) -> b.mlflow().username(v), c -> c.mlflow().username()),
      bind(Setting.text("mlflow.password").secret().env("MLFLOW_TRACKING_PASSWORD")
          .yamlPaths("logging.mlflow_password")
          .description("The MLflow password (better in the environment than in a file)").build(),
          (b, v) -> b.mlflow().password(v), c -> c.mlflow().password()));

  private CoreSettings() {}

  private static <T> Bound<T> bind(Setting<T> s, BiConsumer<Builders, T> set, Function<CloudConfig, Optional<T>> get) {
    return new Bound<>(s, set, get);
  }

  /** Instance settings: nested under {@code instance:} or flat, and kept in {@code cloud_config.yaml}. */
  private static <T> SettingBuilder<T> instance(SettingBuilder<T> b) {
    String leaf = b.key().substring("instance.".length());
    return b.yamlPaths("cloud." + b.key(), "cloud." + leaf).userConfig(b.key());
  }

  private static <T> Optional<T> nonEmpty(T value) {
    boolean empty = value instanceof List<?> l ? l.isEmpty() : value instanceof Map<?, ?> m && m.isEmpty();
    return empty ? Optional.empty() : Optional.of(value);
  }

  private static Optional<String> variableName(String name) {
    return ENV_NAME.matcher(name).matches() ? Optional.empty()
        : Optional.of("environment variable names must match [A-Za-z_][A-Za-z0-9_]*, was " + NodeText.quote(name));
  }

  /** Artifacts are fetched into the download folder: relative, and never above the job's output. */
  private static Optional<String> insideOutput(String path) {
    java.nio.file.Path p;
    try {
      p = java.nio.file.Path.of(path).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.of(NodeText.quote(path) + " is not a usable path: " + e.getReason());
    }
    return path.startsWith("/") || p.startsWith("..") || path.isBlank()
        ? Optional.of(NodeText.quote(path) + " must be relative to the job's output folder and stay inside it")
        : Optional.empty();
  }

  private static Optional<String> uriText(String text) {
    if (text.equals("databricks") || text.startsWith("databricks://")) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      if (uri.getScheme() != null && (uri.getHost() != null || uri.getScheme().equals("file"))) {
        return Optional.empty();
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    return Optional.of("must be a URI with a scheme, such as http://127.0.0.1:5000 or file:///tmp/mlruns, was "
        + NodeText.quote(text));
  }
}
