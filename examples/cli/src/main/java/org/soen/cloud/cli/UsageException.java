package org.soen.cloud.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Bad usage of a command, with the stable error code {@code --json} reports for it. */
final class UsageException extends ParameterException {
  private static final long serialVersionUID = 1L;

  private final transient ExitCodes.Code code;

  UsageException(CommandLine commandLine, ExitCodes.Code code, String message) {
    super(commandLine, message);
    if (!code.usage()) {
      throw new IllegalArgumentException("code must be a usage.* code, was " + code.id());
    }
    this.code = code;
  }

  ExitCodes.Code code() {
    return code;
  }
}
