package org.soen.cloud;

import java.util.Optional;
import org.immutables.value.Value;

/** One preflight check ({@code soen-cloud doctor}): what was checked, whether it passed, and the fix. */
@Value.Immutable
public abstract class PreflightCheck {
  PreflightCheck() {}

  /** A passed check. */
  public static PreflightCheck ok(String name, String detail) {
    return ImmutablePreflightCheck.builder().name(name).passed(true).detail(detail).build();
  }

  /** A failed check with the fix. */
  public static PreflightCheck failed(String name, String detail, String fix) {
    return ImmutablePreflightCheck.builder().name(name).passed(false).detail(detail).fix(fix).build();
  }

  /** What was checked, e.g. {@code credentials}. */
  public abstract String name();

  /** Whether it passed. */
  public abstract boolean passed();

  /** What was found. */
  public abstract String detail();

  /** What to do, for a failed check. */
  public abstract Optional<String> fix();
}
