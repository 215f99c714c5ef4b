package org.soen.cloud.cli.catalogue;

import static org.soen.cloud.cli.catalogue.CatalogueCase.bad;
import static org.soen.cloud.cli.catalogue.Expect.ANY_KEY;
import static org.soen.cloud.cli.catalogue.Source.user;
import static org.soen.cloud.cli.catalogue.Source.userFile;
import static org.soen.cloud.cli.catalogue.Templates.LAMBDA;
import static org.soen.cloud.cli.catalogue.Templates.LOCAL;
import static org.soen.cloud.cli.catalogue.Templates.SAGEMAKER;
import static org.soen.cloud.cli.catalogue.Templates.SAGEMAKER_FROM_DEFAULTS;
import static org.soen.cloud.cli.catalogue.Templates.USER_AWS;
import static org.soen.cloud.cli.catalogue.Templates.drop;
import static org.soen.cloud.cli.catalogue.Templates.set;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bad values from the layers below the training YAML: environment variables (the problem names
 * the variable) and {@code $SOEN_HOME/cloud_config.yaml} (the problem names that file, line and
 * column, and the key as the file spells it).
 */
final class LayerCases {
  private LayerCases() {}

  static List<CatalogueCase> all() {
    List<CatalogueCase> cases = new ArrayList<>();
    environment(cases);
    userConfig(cases);
    return cases;
  }

  private static CatalogueCase env(String yaml, String variable, String value, String keyPath, String... fragments) {
    return bad("environment variable", variable + "=" + value).yaml(yaml).env(variable, value)
        .problem(Source.env(variable), keyPath, fragments).build();
  }

  private static void environment(List<CatalogueCase> cases) {
    cases.add(env(drop(SAGEMAKER, "role"), "SOEN_SM_ROLE", "notanarn", "cloud.role", "arn:aws:iam::"));
    cases.add(env(drop(SAGEMAKER, "role"), "SOEN_SM_ROLE", "arn:aws:iam::123456789012:user/bob", "cloud.role"));
    cases.add(env(drop(SAGEMAKER, "region"), "AWS_REGION", "mars", "cloud.region"));
    cases.add(env(drop(SAGEMAKER, "region"), "AWS_REGION", "us-est-1", "cloud.region", "did you mean us-east-1"));
    cases.add(env(drop(SAGEMAKER, "region"), "AWS_DEFAULT_REGION", "mars", "cloud.region"));
    cases.add(env(drop(SAGEMAKER, "bucket"), "SOEN_SM_BUCKET", "Bad_Bucket", "cloud.bucket"));
    cases.add(env(drop(SAGEMAKER, "bucket"), "SOEN_SM_BUCKET", "xn--bucket", "cloud.bucket"));
    cases.add(env(drop(SAGEMAKER, "docker_image_pytorch"), "SOEN_DOCKER_PYTORCH", "not an image",
        "cloud.docker_image_pytorch"));
    cases.add(env(drop(SAGEMAKER, "docker_image_pytorch") + "  backend: jax\n", "SOEN_DOCKER_JAX", "pytorch/pytorch:latest",
        "cloud.docker_image_jax"));
    cases.add(bad("environment variable", "LAMBDA_API_URL=nope").sshKey().yaml(LAMBDA).env("LAMBDA_API_URL", "nope")
        .problem(Source.env("LAMBDA_API_URL"), "cloud.lambda.api_url").json("config.invalid_value").build());
    cases.add(bad("environment variable", "LAMBDA_API_URL=ftp://127.0.0.1:1").sshKey().yaml(LAMBDA)
        .env("LAMBDA_API_URL", "ftp://127.0.0.1:1").problem(Source.env("LAMBDA_API_URL"), "cloud.lambda.api_url").build());
    cases.add(env(LOCAL, "MLFLOW_TRACKING_URI", "not a uri", "cloud.mlflow.tracking_uri"));
    cases.add(bad("environment variable", "doctor --provider sagemaker with AWS_REGION=mars")
        .args("doctor", "--provider", "sagemaker").env("AWS_REGION", "mars")
        .problem(Source.env("AWS_REGION"), "cloud.region").build());
    cases.add(bad("environment variable", "config show with SOEN_SM_BUCKET=Bad_Bucket")
        .yaml(drop(SAGEMAKER, "bucket")).env("SOEN_SM_BUCKET", "Bad_Bucket")
        .args("config", "show", "--config", "train.yaml")
        .problem(Source.env("SOEN_SM_BUCKET"), "cloud.bucket").build());
  }

  private static CatalogueCase userCase(String name, String yaml, String userConfig, int line, int col, String key,
      String... fragments) {
    return bad("cloud_config.yaml", name).yaml(yaml).userConfig(userConfig)
        .problem(Source.user(line, col), key, fragments).build();
  }

  private static void userConfig(List<CatalogueCase> cases) {
    String sm = SAGEMAKER_FROM_DEFAULTS;
    cases.add(bad("cloud_config.yaml", "aws.rol suggests role").yaml(sm).userConfig(USER_AWS.replace("  role:", "  rol:"))
        .problem(user(2, 3), "aws.rol", "did you mean role").json("config.unknown_key").build());
    cases.add(userCase("aws.region mars", sm, set(USER_AWS, "region", "mars"), 4, 11, "aws.region"));
    cases.add(userCase("aws.region us-est-1", sm, set(USER_AWS, "region", "us-est-1"), 4, 11, "aws.region",
        "did you mean us-east-1"));
    cases.add(userCase("aws.bucket Bad_Bucket", sm, set(USER_AWS, "bucket", "Bad_Bucket"), 3, 11, "aws.bucket"));
    cases.add(userCase("aws.role notanarn", sm, set(USER_AWS, "role", "notanarn"), 2, 9, "aws.role"));
    cases.add(userCase("instance.instance_count 0", LOCAL, "instance:\n  instance_count: 0\n", 2, 19,
        "instance.instance_count", "1 to 100"));
    cases.add(userCase("instance.use_spot yes", LOCAL, "instance:\n  use_spot: yes\n", 2, 13, "instance.use_spot",
        "true or false"));
    cases.add(userCase("instance.max_runtime_hours abc", LOCAL, "instance:\n  max_runtime_hours: abc\n", 2, 22,
        "instance.max_runtime_hours", "number"));
    cases.add(userCase("instance.instance_type typo on SageMaker", SAGEMAKER_FROM_DEFAULTS.replace(
        "    instance_type: ml.g5.xlarge\n", ""), USER_AWS + "instance:\n  instance_type: ml.g5.xlarg\n", 6, 18,
        "instance.instance_type", "did you mean ml.g5.xlarge"));
    cases.add(userCase("aws.region twice", sm, USER_AWS + "  region: us-west-2\n", 5, 3, "aws.region"));
    cases.add(bad("cloud_config.yaml", "aws: section twice").yaml(sm).userConfig(USER_AWS + "aws:\n  s3_path_style: true\n")
        .problem(user(5, 1), "aws").json("config.duplicate_key").build());
    cases.add(userCase("awss: suggests aws", LOCAL, "awss:\n  region: us-east-1\n", 1, 1, "awss", "did you mean aws"));
    cases.add(userCase("Instance: suggests instance", LOCAL, "Instance:\n  use_spot: false\n", 1, 1, "Instance",
        "did you mean instance"));
    cases.add(userCase("docker_images.pytroch suggests pytorch", LOCAL, "docker_images:\n  pytroch: x\n", 2, 3,
        "docker_images.pytroch", "did you mean pytorch"));
    cases.add(userCase("mlflow.tracking_uri not a URI", LOCAL, "mlflow:\n  tracking_uri: not a uri\n", 2, 17,
        "mlflow.tracking_uri"));
    cases.add(userCase("lambda.api_key is refused and never shown", LOCAL, "lambda:\n  api_key: secret_PLANTED_userfile\n",
        2, 3, "lambda.api_key", "LAMBDA_API_KEY"));
    cases.add(userCase("lambda.terminate sometimes in cloud_config.yaml", LOCAL, "lambda:\n  terminate: sometimes\n", 2, 14, "lambda.terminate",
        "always"));
    cases.add(userCase("project a/b", LOCAL, "project: a/b\n", 1, 10, "project"));
    cases.add(userCase("max_cost_usd 0 in cloud_config.yaml", LOCAL, "max_cost_usd: 0\n", 1, 15, "max_cost_usd", "more than 0"));
    cases.add(userCase("aws.endpoints.s4 suggests s3", LOCAL, "aws:\n  endpoints:\n    s4: http://127.0.0.1:1\n", 3, 5,
        "aws.endpoints.s4", "did you mean s3"));
    cases.add(userCase("aws: as text", LOCAL, "aws: us-east-1\n", 1, 6, "aws", "mapping"));
    cases.add(userCase("provider sagemakr suggests sagemaker", drop(LOCAL, "provider"), "provider: sagemakr\n", 1, 11,
        "provider", "did you mean sagemaker"));
    cases.add(bad("cloud_config.yaml", "a syntax error").yaml(LOCAL).userConfig("aws:\n  region: [us-east-1\n")
        .problem(user(3, 1), ANY_KEY, "YAML").build());
    cases.add(bad("cloud_config.yaml", "a list document").yaml(LOCAL).userConfig("- aws\n- instance\n")
        .problem(user(1, 1), ANY_KEY, "mapping").build());
    cases.add(bad("cloud_config.yaml", "Latin-1 bytes").yaml(LOCAL)
        .file(CaseFile.bytes(CaseFile.Place.SOEN_HOME, "cloud_config.yaml",
            "project: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)))
        .problem(user(1, 13), ANY_KEY, "UTF-8").build());
    cases.add(bad("cloud_config.yaml", "cloud_config.yaml is a directory").yaml(LOCAL)
        .file(CaseFile.directory(CaseFile.Place.SOEN_HOME, "cloud_config.yaml"))
        .problem(userFile(), ANY_KEY, "directory").build());
    cases.add(bad("cloud_config.yaml", "config show names the file's problem").userConfig("aws:\n  regoin: us-east-1\n")
        .args("config", "show").problem(user(2, 3), "aws.regoin", "did you mean region").build());
    cases.add(bad("cloud_config.yaml", "doctor names the file's problem").userConfig("instance:\n  use_spot: maybe\n")
        .args("doctor").problem(user(2, 13), "instance.use_spot").build());
  }
}
