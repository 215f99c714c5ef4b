package org.soen.cloud.lambdalabs.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.lambdalabs.LambdaSettings;

/**
 * The parts of a job's configuration the Lambda flow uses, read from the config it was submitted
 * with (the journal's stored form when resuming): paths made absolute, defaults filled in. Holds no
 * secret.
 */
record JobSpec(String instanceType, String region, String sshKeyName, String sshPrivateKey, String sshUser,
    String remoteDir, List<String> setup, List<String> after, String datasetYaml, String metricsPattern,
    String terminate, long bootTimeoutSeconds, long sshTimeoutSeconds, long maxRuntimeSeconds,
    String maxCostUsd, String data, List<String> command, List<String> artifacts, Map<String, String> environment,
    Map<String, String> tags, boolean autodown, long idleSeconds, boolean launchGuard,
    boolean uploadWarmup) {

  static JobSpec of(CloudConfig c, String defaultType) {
    LambdaSettings l = LambdaSettings.of(c);
    return new JobSpec(c.instance().instanceType().orElse(defaultType), l.region().orElse(null),
        l.sshKeyName().orElse(null), l.sshPrivateKey().map(p -> c.baseDirectory().resolve(p).toAbsolutePath().toString()).orElse(null),
        l.sshUser(), l.remoteDir(), l.setup(), l.after(), l.datasetYaml().orElse(null), l.metricsPattern().orElse(null),
        l.terminate().name(), l.bootTimeout().toSeconds(), l.sshTimeout().toSeconds(), c.instance().maxRuntime().toSeconds(),
        c.maxCostUsd().map(b -> b.toPlainString()).orElse(null),
        c.data().map(d -> c.baseDirectory().resolve(d).toAbsolutePath().normalize().toString()).orElse(null),
        c.command(), c.artifacts(), c.environment(), c.tags(), l.autodown(), l.idle().toSeconds(),
        l.launchGuard(), l.uploadWarmup());
  }

  Path dataPath() {
    return data == null ? null : Path.of(data);
  }
}
