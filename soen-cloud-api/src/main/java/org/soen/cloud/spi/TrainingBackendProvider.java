package org.soen.cloud.spi;

/**
 * Creates the {@link TrainingBackend} of one provider. Implementations are tiny and stateless,
 * have a public no-argument constructor, and are found by {@link java.util.ServiceLoader}. Two
 * providers with one {@link #id()} on the class path are an error.
 */
public interface TrainingBackendProvider {
  /** The id users write in {@code cloud.provider}: lowercase letters, digits and dashes. */
  String id();

  /** One line for {@code soen-cloud pricing} and error messages. */
  default String description() {
    return id();
  }

  /** The instance type used when the config names none. */
  String defaultInstanceType();

  /**
   * The settings this provider owns (its section {@code cloud.<section>.*}, and keys only it
   * reads), declared once each; soen-cloud reads, layers, checks, shows and writes them exactly
   * like its own. Read the values with {@link org.soen.cloud.CloudConfig#get}.
   */
  default java.util.List<org.soen.cloud.Setting<?>> settings() {
    return java.util.List.of();
  }

  /** A new backend bound to {@code context}; the caller closes it. */
  TrainingBackend create(BackendContext context);
}
