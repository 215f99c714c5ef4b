package org.soen.cloud.lambdalabs.internal;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.CredentialsException;
import org.soen.cloud.PreflightCheck;
import org.soen.cloud.SoenCloudException;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.spi.BackendContext;

/** What the {@code lambdalabs} provider checks before a job: the config's problems, and {@code doctor}'s preflight. */
final class LambdaChecks {
  private final BackendContext ctx;
  private final LambdaClients clients;

  LambdaChecks(BackendContext ctx, LambdaClients clients) {
    this.ctx = ctx;
    this.clients = clients;
  }

  /** The problems of {@code c} for this provider (see {@code TrainingBackend.validate}). */
  List<ConfigProblem> validate(CloudConfig c) {
    List<ConfigProblem> out = new ArrayList<>();
    LambdaSettings l = LambdaSettings.of(c);
    if (l.sshKeyName().isEmpty()) {
      out.add(missing("cloud.lambda.ssh_key_name", "is required: the name of an SSH key registered with Lambda Cloud"));
    }
    if (l.sshPrivateKey().isEmpty()) {
      out.add(missing("cloud.lambda.ssh_private_key", "is required: the private key file matching lambda.ssh_key_name"));
    }
    if (c.command().isEmpty()) {
      out.add(problem("cloud.command", "is required for lambdalabs: the training command to run on the instance"));
    }
    c.data().ifPresent(d -> {
      if (!d.startsWith("s3://") && Files.exists(c.baseDirectory().resolve(d)) && !Files.isDirectory(c.baseDirectory().resolve(d))) {
        out.add(problem("cloud.data", c.baseDirectory().resolve(d) + " is a file; lambdalabs uploads a dataset folder"));
      }
    });
    c.instance().instanceType().flatMap(t -> LambdaRules.instanceType(t, ctx.pricing().instanceTypes(LambdaBackend.PROVIDER)))
        .ifPresent(why -> out.add(problem("cloud.instance.instance_type", why)));
    if (c.instance().instanceCount() != 1) {
      out.add(problem("cloud.instance.instance_count", "lambdalabs runs on exactly one instance, was " + c.instance().instanceCount()));
    }
    if (c.instance().useSpot()) {
      out.add(problem("cloud.instance.use_spot", "Lambda Cloud has no spot instances; remove use_spot"));
    }
    c.tags().forEach((k, v) -> {
      LambdaRules.tagKey(k).ifPresent(why -> out.add(problem("cloud.tags." + k, why)));
    });
    l.metricsPattern().ifPresent(p -> {
      try {
        EpochMetrics.compile(p);
      } catch (SoenCloudException e) {
        out.add(problem("cloud.lambda.metrics_pattern", e.getMessage()));
      }
    });
    try {
      clients.apiKey(l.apiKey());
    } catch (CredentialsException e) {
      out.add(problem("cloud.lambda.api_key", e.getMessage()));
    }
    return out;
  }

  private static ConfigProblem problem(String key, String message) {
    return ConfigProblem.builder().source("config").keyPath(key).message(message).build();
  }

  private static ConfigProblem missing(String key, String message) {
    return ConfigProblem.builder().source("config").keyPath(key).message(message)
        .code(ConfigProblem.CODE_MISSING).build();
  }

  /** The preflight checks of {@code config} (see {@code TrainingBackend.doctor}). */
  List<PreflightCheck> doctor(CloudConfig config) {
    List<PreflightCheck> out = new ArrayList<>();
    LambdaSettings l = LambdaSettings.of(config);
    try {
      LambdaApi api = clients.api(l);
      Map<String, String> keys = api.sshKeys();
      out.add(PreflightCheck.ok("lambda api", "the API key works at " + clients.apiUrl(l)));
      if (l.sshKeyName().isPresent() && !keys.containsKey(l.sshKeyName().get())) {
        out.add(PreflightCheck.failed("lambda ssh key", "no SSH key named " + l.sshKeyName().get() + "; registered: "
            + String.join(", ", new java.util.TreeSet<>(keys.keySet())), "register it in the Lambda console or fix cloud.lambda.ssh_key_name"));
      } else if (l.sshKeyName().isPresent()) {
        out.add(PreflightCheck.ok("lambda ssh key", l.sshKeyName().get() + " is registered"));
      }
    } catch (SoenCloudException e) {
      out.add(PreflightCheck.failed("lambda api", Errors.describe(e), "set LAMBDA_API_KEY or ~/.lambda_cloud/lambda_keys"));
    }
    l.sshPrivateKey().ifPresent(p -> {
      try {
        SshRunner.loadKey(config.baseDirectory().resolve(p));
        out.add(PreflightCheck.ok("ssh private key", p + " loads"));
      } catch (SoenCloudException e) {
        out.add(PreflightCheck.failed("ssh private key", e.getMessage(), "point cloud.lambda.ssh_private_key at the key file"));
      }
    });
    return out;
  }
}
