package org.soen.cloud.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.soen.cloud.CloudConfig;
import org.soen.cloud.ConfigProblem;
import org.soen.cloud.SettingOrigin;
import org.soen.cloud.spi.TrainingBackend;

/**
 * The checks of a loaded config that need its provider: soen-cloud's own (data, command) and the
 * provider's {@link TrainingBackend#validate}. None of them sends anything anywhere. Every problem
 * is reported where its value was written ({@link CloudConfig#origins()}), once: where the
 * provider and soen-cloud both find something wrong with one setting, the provider's more
 * specific message is the one kept.
 */
final class ConfigChecks {
  private ConfigChecks() {}

  /**
   * Every problem with {@code c} for {@code backend}, with {@code declared} (the declarations' own
   * checks of its values), located; empty when the config is fine.
   */
  static List<ConfigProblem> problems(CloudConfig c, TrainingBackend backend, List<ConfigProblem> declared,
      boolean estimateOnly) {
    List<ConfigProblem> own = new ArrayList<>(estimateOnly ? backend.validateForEstimate(c) : backend.validate(c));
    own.addAll(declared);
    Set<String> claimed = own.stream().map(ConfigProblem::keyPath).collect(Collectors.toSet());
    // The same problem found by the declarations and by the provider is reported once.
    Map<String, ConfigProblem> out = new LinkedHashMap<>();
    for (ConfigProblem p : own) {
      ConfigProblem located = locate(p, c);
      out.putIfAbsent(located.keyPath() + "\n" + located.message(), located);
    }
    for (ConfigProblem p : general(c)) {
      if (!claimed.contains(p.keyPath())) {
        ConfigProblem located = locate(p, c);
        out.putIfAbsent(located.keyPath() + "\n" + located.message(), located);
      }
    }
    return List.copyOf(org.soen.cloud.internal.config.ConfigBinder.inSourceOrder(new ArrayList<>(out.values())));
  }

  /** A problem found after loading, moved to where the setting was written. */
  static ConfigProblem locate(ConfigProblem p, CloudConfig c) {
    if (!p.source().equals("config") && !p.source().equals("value")) {
      return p;
    }
    Optional<SettingOrigin> origin = originOf(p.keyPath(), c);
    String keyPath = p.keyPath().replaceAll("\\[\\d+\\]$", "");
    if (origin.isPresent()) {
      return origin.get().problem(keyPath, p.message(), p.code());
    }
    return ConfigProblem.builder().from(p).keyPath(keyPath)
        .source(c.sourceFile().map(Path::toString).orElse("config")).build();
  }

  /**
   * The origin of {@code keyPath}, of the list item it names ({@code cloud.artifacts[1]}), or of the
   * setting it is inside ({@code cloud.environment.X}).
   */
  private static Optional<SettingOrigin> originOf(String keyPath, CloudConfig c) {
    String key = keyPath.startsWith("cloud.") ? keyPath.substring(6) : keyPath;
    while (true) {
      SettingOrigin o = c.origins().get(key);
      if (o != null) {
        return Optional.of(o);
      }
      if (key.endsWith("]")) {
        key = key.substring(0, key.lastIndexOf('['));
        continue;
      }
      int dot = key.lastIndexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      key = key.substring(0, dot);
    }
  }

  private static List<ConfigProblem> general(CloudConfig c) {
    List<ConfigProblem> problems = new ArrayList<>();
    c.data().ifPresent(data -> {
      if (data.startsWith("s3://")) {
        if (!c.provider().equals("sagemaker")) {
          problems.add(problem("cloud.data", "s3:// data can only be read by the sagemaker provider; give a local"
              + " folder for " + c.provider()));
        }
      } else if (!Files.exists(c.baseDirectory().resolve(data))) {
        problems.add(problem("cloud.data", "the data folder " + c.baseDirectory().resolve(data).normalize()
            + " does not exist; give a local folder or file, or an s3:// URI"));
      }
    });
    return problems;
  }

  private static ConfigProblem problem(String key, String message) {
    return ConfigProblem.builder().source("config").keyPath(key).message(message).build();
  }
}
