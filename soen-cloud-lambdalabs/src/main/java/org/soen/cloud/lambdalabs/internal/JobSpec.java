package org.soen.cloud.lambdalabs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.lambdalabs.LambdaSettings;
import org.soen.cloud.ProviderException;

/**
 * What a job needs to resume in another process, journaled as JSON at submit. Holds no secret:
 * the API key is read again from the environment, secret environment is not kept.
 */
record JobSpec(String instanceType, String region, String sshKeyName, String sshPrivateKey, String sshUser,
    String remoteDir, List<String> setup, List<String> after, String datasetYaml, String metricsPattern,
    String terminate, long bootTimeoutSeconds, long sshTimeoutSeconds, long maxRuntimeSeconds,
    String maxCostUsd, String data, List<String> command, List<String> artifacts, Map<String, String> environment,
    Map<String, String> tags) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static JobSpec of(CloudConfig c, String defaultType) {
    LambdaSettings l = LambdaSettings.of(c);
    return new JobSpec(c.instance().instanceType().orElse(defaultType), l.region().orElse(null),
        l.sshKeyName().orElse(null), l.sshPrivateKey().map(p -> c.baseDirectory().resolve(p).toAbsolutePath().toString()).orElse(null),
        l.sshUser(), l.remoteDir(), l.setup(), l.after(), l.datasetYaml().orElse(null), l.metricsPattern().orElse(null),
        l.terminate().name(), l.bootTimeout().toSeconds(), l.sshTimeout().toSeconds(), c.instance().maxRuntime().toSeconds(),
        c.maxCostUsd().map(b -> b.toPlainString()).orElse(null),
        c.data().map(d -> c.baseDirectory().resolve(d).toAbsolutePath().normalize().toString()).orElse(null),
        c.command(), c.artifacts(), c.environment(), c.tags());
  }

  Path dataPath() {
    return data == null ? null : Path.of(data);
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JobSpec fromJson(String json) {
    try {
      return JSON.readValue(json, JobSpec.class);
    } catch (JsonProcessingException e) {
      throw new ProviderException("the journal's Lambda job record is unreadable: " + e.getOriginalMessage(), e);
    }
  }
}
