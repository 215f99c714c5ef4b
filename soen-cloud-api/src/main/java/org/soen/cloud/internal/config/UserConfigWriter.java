package org.soen.cloud.internal.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.soen.cloud.Setting;
import org.soen.cloud.spi.AtomicFiles;

/**
 * Writes defaults into {@code cloud_config.yaml} at each setting's declared place, keeping the
 * file's other values; atomically, with the previous file kept as {@code cloud_config.yaml.bak}.
 * Secrets are never written. Values must already be valid (the caller resolves them first).
 */
public final class UserConfigWriter {
  /** The source document's order of the file's sections; other sections follow in declaration order. */
  private static final java.util.List<String> SECTION_ORDER =
      java.util.List.of("aws", "instance", "mlflow", "project", "experiment", "docker_images");

  private final SettingsRegistry registry;
  private final Path file;

  /** A writer of {@code file} for {@code registry}'s settings. */
  public UserConfigWriter(SettingsRegistry registry, Path file) {
    this.registry = registry;
    this.file = file;
  }

  /** Merge {@code values} (typed, by declaration) into the file; returns the file. */
  @SuppressWarnings("unchecked")
  public Path write(Map<Setting<?>, Object> values) {
    Map<String, Object> doc = Files.exists(file)
        ? YamlReader.read(file, "", true).map(root -> (Map<String, Object>) NodeValues.toJava(root))
            .orElseGet(LinkedHashMap::new)
        : new LinkedHashMap<>();
    for (Setting<?> s : registry.all()) {
      if (!values.containsKey(s)) {
        continue;
      }
      if (s.secret() || s.userConfigPath().isEmpty()) {
        throw new IllegalArgumentException(s + " is not kept in " + file.getFileName());
      }
      ConfigWriter.putPath(doc, s.userConfigPath().get(), ConfigWriter.plain(s, values.get(s)));
    }
    String text = "# soen-cloud defaults (`soen-cloud config show` lists where each setting comes from).\n"
        + "# Secrets stay in the environment: LAMBDA_API_KEY, MLFLOW_TRACKING_PASSWORD, AWS credentials.\n"
        + ConfigWriter.yaml().dump(ordered(doc));
    try {
      if (Files.exists(file)) {
        Files.copy(file, file.resolveSibling(file.getFileName() + ".bak"), StandardCopyOption.REPLACE_EXISTING);
      }
      AtomicFiles.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /** Top-level sections in the order the declarations give them (the source document's: aws, instance ...). */
  private Map<String, Object> ordered(Map<String, Object> doc) {
    Map<String, Object> out = new LinkedHashMap<>();
    SECTION_ORDER.stream().filter(doc::containsKey).forEach(top -> out.put(top, doc.get(top)));
    for (Setting<?> s : registry.all()) {
      s.userConfigPath().map(p -> p.split("\\.")[0]).filter(doc::containsKey)
          .ifPresent(top -> out.putIfAbsent(top, doc.get(top)));
    }
    doc.forEach(out::putIfAbsent);
    return out;
  }
}
