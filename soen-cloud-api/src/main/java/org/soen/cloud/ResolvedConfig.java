package org.soen.cloud;

import java.util.List;
import org.immutables.value.Value;

/** An effective config and, for each setting, the layer it came from ({@code soen-cloud config show}). */
@Value.Immutable
public abstract class ResolvedConfig {
  ResolvedConfig() {}

  /** A resolved config. */
  public static ResolvedConfig of(CloudConfig config, List<SettingOrigin> origins) {
    return ImmutableResolvedConfig.builder().config(config).origins(origins).build();
  }

  /** The effective config. */
  public abstract CloudConfig config();

  /** Where each setting that is not a built-in default came from, in key order. */
  public abstract List<SettingOrigin> origins();
}
