package org.soen.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.soen.cloud.CloudTrainer;
import org.soen.cloud.ResolvedConfig;
import org.soen.cloud.Setting;
import org.soen.cloud.SettingOrigin;
import org.soen.cloud.SettingOrigin.Layer;
import org.yaml.snakeyaml.Yaml;

/**
 * The precedence table of design section 4, one row per setting and pair of layers, generated from
 * the declarations of every installed provider: flag over training YAML over environment over
 * {@code cloud_config.yaml} over the default. A setting added anywhere gets its rows here.
 */
class DeclaredPrecedenceTest {
  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everyDeclaredSetting_followsThePrecedenceOfItsLayers() throws Exception {
    Path key = privateKey();
    Map<String, List<Setting<?>>> settings;
    try (CloudTrainer trainer = CloudTrainer.builder().home(dir.resolve("probe")).environment(Map.of()).build()) {
      settings = trainer.operations().settings();
    }
    assertThat(settings).containsKeys("soen-cloud", "sagemaker", "lambdalabs");
    List<DynamicTest> rows = new ArrayList<>();
    for (Setting<?> s : settings.values().stream().flatMap(List::stream).toList()) {
      String value = example(s, key);
      rows.add(row(s, "training YAML over the default", Layer.YAML, value, true, null, null, null));
      s.environment().stream().findFirst().ifPresent(variable -> {
        rows.add(row(s, "environment (" + variable + ") over the default", Layer.ENVIRONMENT, value, false, variable,
            null, null));
        rows.add(row(s, "training YAML over " + variable, Layer.YAML, value, true, variable, null, null));
      });
      s.userConfigPath().ifPresent(path -> {
        rows.add(row(s, "cloud_config.yaml (" + path + ") over the default", Layer.USER_CONFIG, value, false, null,
            path, null));
        rows.add(row(s, "training YAML over cloud_config.yaml", Layer.YAML, value, true, null, path, null));
        s.environment().stream().findFirst().ifPresent(variable -> rows.add(row(s, variable
            + " over cloud_config.yaml", Layer.ENVIRONMENT, value, false, variable, path, null)));
      });
      s.flag().ifPresent(flag -> rows.add(row(s, flag + " over the training YAML", Layer.FLAG, value, true, null,
          null, flag)));
    }
    assertThat(rows).hasSizeGreaterThan(100);
    return rows.stream();
  }

  private DynamicTest row(Setting<?> s, String name, Layer expected, String value, boolean inYaml, String variable,
      String userPath, String flag) {
    return DynamicTest.dynamicTest("cloud." + s.key() + ": " + name, () -> {
      Path home = Files.createTempDirectory(dir, "home");
      Map<String, String> env = new HashMap<>();
      secretNames(s, value).forEach(n -> env.put(n, "secret-value-of-" + n));
      if (variable != null) {
        env.put(variable, asText(value));
      }
      if (userPath != null) {
        Files.writeString(home.resolve("cloud_config.yaml"), yaml(userPath, value));
      }
      Path training = home.resolve("train.yaml");
      String base = s.key().equals("instance.max_wait_hours") ? "cloud:\n  instance:\n    use_spot: true\n"
          : "cloud:\n  active: true\n";
      String own = yaml(s.yamlPaths().get(0), value);
      // max_wait_hours applies only with spot: its rows run with use_spot set in the training YAML.
      Files.writeString(training, !inYaml ? base : s.key().equals("instance.max_wait_hours")
          ? "cloud:\n  instance:\n    use_spot: true\n    max_wait_hours: " + value + "\n" : own);
      Map<String, String> flags = flag == null ? Map.of() : Map.of(s.key(), asText(value));
      try (CloudTrainer trainer = CloudTrainer.builder().home(home).environment(env).build()) {
        ResolvedConfig r = trainer.resolveConfig(training, flags);
        SettingOrigin origin = r.origins().stream().filter(o -> o.key().equals(s.key())).findFirst().orElseThrow();
        assertThat(origin.layer()).isEqualTo(expected);
        if (expected == Layer.ENVIRONMENT) {
          assertThat(origin.where()).contains("environment variable " + variable);
        } else if (expected == Layer.FLAG) {
          assertThat(origin.where()).contains(flag);
        } else {
          assertThat(origin.line()).as("a file value has its line").isPresent();
        }
        if (s.secret()) {
          assertThat(origin.displayValue()).isEqualTo("****");
        }
      }
    });
  }

  /** A valid value as YAML writes it: the declared example, or one made from the type and range. */
  private static String example(Setting<?> s, Path key) {
    if (s.type() == Setting.Type.PATH) {
      return key.toString();
    }
    if (s.example().isPresent()) {
      return s.example().get();
    }
    return switch (s.type()) {
      case BOOLEAN -> "true";
      case INTEGER, DECIMAL, HOURS, MINUTES -> s.min().filter(m -> !s.minExclusive()).map(m -> m.toPlainString()).orElse("1");
      case URI -> "http://127.0.0.1:1/api";
      case CHOICE -> s.choices().get(s.choices().size() - 1);
      case LIST -> "[first]";
      case MAP -> "{NAME: value}";
      case NAME -> "name-1";
      case REGEX -> "epoch (?<epoch>\\d+)";
      default -> s.defaultValue().map(Object::toString).orElse("text-value");
    };
  }

  /** {@code secret_env} names variables that must be set. */
  private static List<String> secretNames(Setting<?> s, String value) {
    return s.key().equals("secret_env") ? List.of(value.replaceAll("[\\[\\] ]", "").split(",")) : List.of();
  }

  /** The text a flag or variable gives for a YAML value. */
  private static String asText(String yamlValue) {
    Object v = new Yaml().load(yamlValue);
    if (v instanceof List<?> l) {
      return String.join(",", l.stream().map(String::valueOf).toList());
    }
    if (v instanceof Map<?, ?> m) {
      return String.join(",", m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    return yamlValue;
  }

  private static String yaml(String path, String value) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> node = doc;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      Map<String, Object> child = new LinkedHashMap<>();
      node.put(parts[i], child);
      node = child;
    }
    node.put(parts[parts.length - 1], new Yaml().load(value));
    return new Yaml().dump(doc);
  }

  private Path privateKey() throws IOException, GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    Path file = dir.resolve("key.pem");
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(g.generateKeyPair(), "test", null, out);
    }
    return file;
  }
}
