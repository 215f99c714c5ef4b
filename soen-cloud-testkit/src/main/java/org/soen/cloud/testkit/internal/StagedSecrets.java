package org.soen.cloud.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.spi.SubmitRequest;

/** The fakes' check that no secret value of a config reached the config they were asked to stage. */
public final class StagedSecrets {
  private StagedSecrets() {}

  /**
   * Refuses {@code request} when its staged config holds a secret value of its config.
   *
   * @param who names the fake in the message
   * @throws IllegalStateException naming the job, never the secret
   */
  public static void requireNone(String who, SubmitRequest request) {
    CloudConfig c = request.config();
    List<String> secrets = new ArrayList<>(c.secretEnvironment().values());
    c.mlflow().password().ifPresent(secrets::add);
    c.settingValues().forEach((setting, value) -> {
      if (setting.secret()) {
        secrets.add(String.valueOf(value));
      }
    });
    for (String secret : secrets) {
      if (!secret.isEmpty() && request.stagedConfigYaml().contains(secret)) {
        throw new IllegalStateException(who + ": the staged config of job " + request.jobName()
            + " contains a secret value; secrets must be removed before staging");
      }
    }
  }
}
