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

  /** A new backend bound to {@code context}; the caller closes it. */
  TrainingBackend create(BackendContext context);
}
