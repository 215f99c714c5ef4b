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

  /**
   * Where each setting came from: those some layer set, in key order, then the declared defaults
   * no layer replaced (layer {@link SettingOrigin.Layer#DEFAULT}).
   */
  public abstract List<SettingOrigin> origins();
}
