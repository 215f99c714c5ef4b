package org.soen.cloud.cli.catalogue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Valid training YAMLs that cases start from, with their line numbers, so each case changes one
 * thing and states the exact line and column of the problem it made.
 */
final class Templates {
  private Templates() {}

  /**
   * The local provider. Lines: 1 {@code training:}, 2 {@code epochs}, 3 {@code cloud:},
   * 4 {@code provider} (value at column 13), 5 {@code command} (value at column 12); added lines
   * start at line 6.
   */
  static final String LOCAL = """
      training:
        epochs: 1
      cloud:
        provider: local
        command: [python, train.py]
      """;

  /**
   * SageMaker with every required setting. Values: 4 provider (col 13), 5 region (col 11),
   * 6 role (col 9), 7 bucket (col 11), 8 docker_image_pytorch (col 25), 9 {@code instance:},
   * 10 instance_type (col 20), 11 max_runtime_hours (col 24); added lines start at line 12.
   */
  static final String SAGEMAKER = """
      training:
        epochs: 1
      cloud:
        provider: sagemaker
        region: us-east-1
        role: arn:aws:iam::123456789012:role/SageMakerRole
        bucket: soen-catalogue-bucket
        docker_image_pytorch: 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311
        instance:
          instance_type: ml.g5.xlarge
          max_runtime_hours: 2
      """;

  /**
   * Lambda Labs with every required setting (and the key file {@code id_ed25519}). Values:
   * 4 provider, 5 command, 6 {@code instance:}, 7 instance_type (col 20), 8 max_runtime_hours
   * (col 24), 9 {@code lambda:}, 10 ssh_key_name (col 19), 11 ssh_private_key (col 22),
   * 12 region (col 13); added lines start at line 13 (indent 4 to stay in {@code lambda:}).
   */
  static final String LAMBDA = """
      training:
        epochs: 1
      cloud:
        provider: lambdalabs
        command: [python, train.py]
        instance:
          instance_type: gpu_1x_a10
          max_runtime_hours: 1
        lambda:
          ssh_key_name: catalogue-key
          ssh_private_key: id_ed25519
          region: us-west-1
      """;

  /** The source document's {@code aws:} block: 2 role (col 9), 3 bucket (col 11), 4 region (col 11). */
  static final String USER_AWS = """
      aws:
        role: arn:aws:iam::123456789012:role/SageMakerRole
        bucket: soen-catalogue-bucket
        region: us-east-1
      """;

  /** SageMaker without role, bucket and region: those come from another layer. */
  static final String SAGEMAKER_FROM_DEFAULTS = drop(drop(drop(SAGEMAKER, "role"), "bucket"), "region");

  /** {@code yaml} with the value of the first {@code key:} line replaced (same line, same column). */
  static String set(String yaml, String key, String value) {
    Matcher m = line(key).matcher(yaml);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + key + " in template");
    }
    return yaml.substring(0, m.start()) + m.group(1) + key + ": " + value
        + yaml.substring(m.end());
  }

  /** {@code yaml} without the first {@code key:} line. */
  static String drop(String yaml, String key) {
    Matcher m = line(key).matcher(yaml);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + key + " in template");
    }
    return yaml.substring(0, m.start()) + yaml.substring(m.end() + 1);
  }

  /** {@code yaml} with Windows line endings. */
  static String crlf(String yaml) {
    return yaml.replace("\n", "\r\n");
  }

  /** {@code yaml} with a UTF-8 byte order mark in front. */
  static String bom(String yaml) {
    return "\uFEFF" + yaml;
  }

  private static Pattern line(String key) {
    return Pattern.compile("^( *)" + Pattern.quote(key) + ":[^\\n]*", Pattern.MULTILINE);
  }
}
