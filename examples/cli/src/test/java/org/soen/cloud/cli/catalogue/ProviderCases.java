package org.soen.cloud.cli.catalogue;

import static org.soen.cloud.cli.catalogue.CatalogueCase.bad;
import static org.soen.cloud.cli.catalogue.Source.at;
import static org.soen.cloud.cli.catalogue.Source.file;
import static org.soen.cloud.cli.catalogue.Templates.LAMBDA;
import static org.soen.cloud.cli.catalogue.Templates.LOCAL;
import static org.soen.cloud.cli.catalogue.Templates.SAGEMAKER;
import static org.soen.cloud.cli.catalogue.Templates.set;

import java.util.ArrayList;
import java.util.List;

/**
 * Values a provider would refuse later (regions, bucket names, role ARNs, image URIs, instance
 * types, SSH keys, URLs, names, tags, secrets): each must be refused before anything is sent, at
 * the line and column of the value, like any other config problem.
 */
final class ProviderCases {
  private ProviderCases() {}

  static List<CatalogueCase> all() {
    List<CatalogueCase> cases = new ArrayList<>();
    sagemaker(cases);
    lambda(cases);
    urls(cases);
    namesAndMaps(cases);
    missingAndData(cases);
    return cases;
  }

  private static CatalogueCase sm(String group, String key, String value, int line, int col, String keyPath,
      String... fragments) {
    return bad(group, keyPath.substring(keyPath.lastIndexOf('.') + 1) + " " + value)
        .yaml(set(SAGEMAKER, key, value)).problem(at("train.yaml", line, col), keyPath, fragments).build();
  }

  private static void sagemaker(List<CatalogueCase> cases) {
    String g = "region";
    cases.add(sm(g, "region", "us-est-1", 5, 11, "cloud.region", "did you mean us-east-1"));
    cases.add(sm(g, "region", "mars", 5, 11, "cloud.region", "region"));
    cases.add(sm(g, "region", "US-EAST-1", 5, 11, "cloud.region", "us-east-1"));
    cases.add(sm(g, "region", "eu_west_1", 5, 11, "cloud.region", "did you mean eu-west-1"));
    cases.add(sm(g, "region", "'us-east-1 '", 5, 11, "cloud.region"));
    g = "S3 bucket";
    for (String bucket : List.of("My-Bucket", "my..bucket", "192.168.5.4", "xn--bucket", "mybucket-s3alias", "ab",
        "b".repeat(64), "-bucket", "my_bucket", "sthree-bucket", "bucket--ol-s3", "bucket.", "'my bucket'")) {
      cases.add(sm(g, "bucket", bucket, 7, 11, "cloud.bucket", "bucket"));
    }
    g = "role ARN";
    for (String role : List.of("arn:aws:iam::123456789012:user/bob", "SageMakerRole",
        "arn:aws:iam::12345678901:role/SageMakerRole", "arn:aws:iam::123456789012:role/", "arn:aws:s3:::my-bucket",
        "'arn:aws:iam::123456789012:role/has space'")) {
      cases.add(sm(g, "role", role, 6, 9, "cloud.role", "arn:aws:iam::"));
    }
    g = "image URI";
    for (String image : List.of("'my image:latest'", "pytorch/pytorch:latest", "ghcr.io/org/train:1",
        "763104351884.dkr.ecr.us-east-1.amazonaws.com/PyTorch:1", "123.dkr.ecr.us-east-1.amazonaws.com/x:1")) {
      cases.add(sm(g, "docker_image_pytorch", image, 8, 25, "cloud.docker_image_pytorch"));
    }
    cases.add(bad(g, "docker_image_jax not an image with backend jax")
        .yaml(SAGEMAKER + "  backend: jax\n  docker_image_jax: not an image\n")
        .problem(at("train.yaml", 13, 21), "cloud.docker_image_jax").build());
    g = "instance type";
    cases.add(bad(g, "SageMaker instance type typo suggests ml.g5.xlarge").yaml(set(SAGEMAKER, "instance_type", "ml.g5.xlarg"))
        .problem(at("train.yaml", 10, 20), "cloud.instance.instance_type", "did you mean ml.g5.xlarge").build());
    cases.add(sm(g, "instance_type", "ml.g5.XLARGE", 10, 20, "cloud.instance.instance_type", "ml.g5.xlarge"));
    cases.add(sm(g, "instance_type", "gpu_1x_a10", 10, 20, "cloud.instance.instance_type"));
    cases.add(bad(g, "Lambda instance type typo suggests gpu_1x_a10").sshKey()
        .yaml(set(LAMBDA, "instance_type", "gpu_1x_a1O"))
        .problem(at("train.yaml", 7, 20), "cloud.instance.instance_type", "did you mean gpu_1x_a10").build());
    cases.add(bad(g, "a SageMaker instance type on Lambda").sshKey()
        .yaml(set(LAMBDA, "instance_type", "ml.g5.xlarge"))
        .problem(at("train.yaml", 7, 20), "cloud.instance.instance_type").build());
  }

  private static CatalogueCase lambda(String group, String name, String yaml, int line, int col, String keyPath,
      String... fragments) {
    return bad(group, name).sshKey().yaml(yaml).problem(at("train.yaml", line, col), keyPath, fragments).build();
  }

  private static void lambda(List<CatalogueCase> cases) {
    String g = "region";
    cases.add(lambda(g, "Lambda region mars", set(LAMBDA, "region", "mars"), 12, 13, "cloud.lambda.region"));
    cases.add(lambda(g, "Lambda region us-wset-1 suggests us-west-1", set(LAMBDA, "region", "us-wset-1"), 12, 13,
        "cloud.lambda.region", "did you mean us-west-1"));
    g = "SSH key";
    String key = "cloud.lambda.ssh_private_key";
    cases.add(bad(g, "ssh_private_key is a directory").file(CaseFile.directory(CaseFile.Place.WORK, "keys"))
        .yaml(set(LAMBDA, "ssh_private_key", "keys")).problem(at("train.yaml", 11, 22), key, "directory|folder").build());
    cases.add(bad(g, "ssh_private_key is a .pub file").file(CaseFile.sshPublicKey(CaseFile.Place.WORK, "id_ed25519.pub"))
        .yaml(set(LAMBDA, "ssh_private_key", "id_ed25519.pub")).problem(at("train.yaml", 11, 22), key, "public").build());
    cases.add(bad(g, "ssh_private_key is missing").yaml(set(LAMBDA, "ssh_private_key", "id_missing"))
        .problem(at("train.yaml", 11, 22), key, "id_missing").build());
    cases.add(bad(g, "ssh_private_key under ~ is missing").yaml(set(LAMBDA, "ssh_private_key", "~/.ssh/id_missing"))
        .problem(at("train.yaml", 11, 22), key, "id_missing").build());
    cases.add(bad(g, "ssh_private_key is empty").yaml(set(LAMBDA, "ssh_private_key", "''"))
        .problem(at("train.yaml", 11, 22), key).build());
    cases.add(bad(g, "ssh_private_key is not a key")
        .file(CaseFile.text(CaseFile.Place.WORK, "notes.txt", "remember the milk\n"))
        .yaml(set(LAMBDA, "ssh_private_key", "notes.txt")).problem(at("train.yaml", 11, 22), key, "private key").build());
    g = "Lambda setting";
    cases.add(lambda(g, "instance_count 2 on Lambda", LAMBDA + "  instance_count: 2\n", 13, 19,
        "cloud.instance_count", "one"));
    cases.add(lambda(g, "use_spot on Lambda", LAMBDA + "  use_spot: true\n", 13, 13, "cloud.use_spot", "spot"));
    cases.add(lambda(g, "an artifact outside the run folder", LAMBDA + "  artifacts: [../secret.txt]\n", 13, 15,
        "cloud.artifacts"));
    cases.add(lambda(g, "an absolute artifact path", LAMBDA + "  artifacts: [/etc/passwd]\n", 13, 15, "cloud.artifacts"));
    cases.add(lambda(g, "a relative remote_dir", LAMBDA + "    remote_dir: soen\n", 13, 17, "cloud.lambda.remote_dir",
        "absolute"));
    cases.add(lambda(g, "a metrics_pattern that does not compile", LAMBDA + "    metrics_pattern: 'epoch ('\n", 13, 22,
        "cloud.lambda.metrics_pattern"));
    cases.add(lambda(g, "an ssh_user with shell characters", LAMBDA + "    ssh_user: 'root; rm -rf /'\n", 13, 15,
        "cloud.lambda.ssh_user"));
    g = "Lambda tag";
    for (String tag : List.of("cost_center", "Team", "x", "9lives")) {
      cases.add(lambda(g, "Lambda tag key " + tag, LAMBDA + "  tags:\n    " + tag + ": ml\n", 14, 5,
          "cloud.tags." + tag));
    }
    cases.add(bad(g, "SageMaker tag key with the reserved aws: prefix")
        .yaml(SAGEMAKER + "  tags:\n    'aws:created': x\n")
        .problem(at("train.yaml", 13, 5), "cloud.tags.aws:created", "aws:").build());
  }

  private static void urls(List<CatalogueCase> cases) {
    String g = "URL";
    for (String url : List.of("ftp://x", "notaurl", "'http://'", "file:///etc/passwd", "http://127.0.0.1:99999")) {
      cases.add(lambda(g, "lambda.api_url " + url, LAMBDA + "    api_url: " + url + "\n", 13, 14,
          "cloud.lambda.api_url"));
    }
    for (String url : List.of("'not a uri'", "ftp://127.0.0.1:1", "127.0.0.1:9000")) {
      cases.add(bad(g, "endpoints.s3 " + url).yaml(SAGEMAKER + "  endpoints:\n    s3: " + url + "\n")
          .problem(at("train.yaml", 13, 9), "cloud.endpoints.s3").build());
    }
    cases.add(bad(g, "endpoints.sagemaker without a host").yaml(SAGEMAKER + "  endpoints:\n    sagemaker: 'http://'\n")
        .problem(at("train.yaml", 13, 16), "cloud.endpoints.sagemaker").build());
    for (String uri : List.of("'not a uri'", "'http://exa mple.com'", "'::'")) {
      cases.add(bad(g, "logging.mlflow_tracking_uri " + uri)
          .yaml(LOCAL + "logging:\n  mlflow_tracking_uri: " + uri + "\n")
          .problem(at("train.yaml", 7, 24), "logging.mlflow_tracking_uri").build());
    }
    cases.add(bad(g, "logging.mlflow_active: yes").yaml(LOCAL + "logging:\n  mlflow_active: yes\n")
        .problem(at("train.yaml", 7, 18), "logging.mlflow_active", "true or false").build());
  }

  private static void namesAndMaps(List<CatalogueCase> cases) {
    String g = "name";
    for (String experiment : List.of("-leading", "e".repeat(64), "'has space'", "a/b")) {
      cases.add(bad(g, "experiment " + experiment).yaml(LOCAL + "  experiment: " + experiment + "\n")
          .problem(at("train.yaml", 6, 15), "cloud.experiment").build());
    }
    cases.add(bad(g, "project with non-ASCII letters").yaml(LOCAL + "  project: \u00fcn\u00efcode\n")
        .problem(at("train.yaml", 6, 12), "cloud.project").build());
    g = "environment name";
    for (String name : List.of("1BAD", "MY-VAR", "'HAS SPACE'")) {
      String plain = name.replace("'", "");
      cases.add(bad(g, "environment variable name " + plain)
          .yaml(LOCAL + "  environment:\n    " + name + ": x\n")
          .problem(at("train.yaml", 7, 5), "cloud.environment." + plain).build());
    }
    cases.add(bad(g, "an environment value longer than SageMaker allows")
        .yaml(SAGEMAKER + "  environment:\n    LONG: " + "x".repeat(600) + "\n")
        // A problem with a mapping entry is reported where the entry is named.
        .problem(at("train.yaml", 13, 5), "cloud.environment.LONG", "512").build());
    g = "secret_env";
    cases.add(bad(g, "secret_env names an unset variable").yaml(LOCAL + "  secret_env: [NOT_SET_TOKEN]\n")
        .problem(at("train.yaml", 6, 16), "cloud.secret_env", "NOT_SET_TOKEN").build());
    cases.add(bad(g, "secret_env names an unset variable in a block list")
        .yaml(LOCAL + "  secret_env:\n    - HF_TOKEN\n    - MISSING_ONE\n")
        .problem(at("train.yaml", 8, 7), "cloud.secret_env", "MISSING_ONE").build());
    cases.add(bad(g, "secret_env with a name that is not a variable name").yaml(LOCAL + "  secret_env: [not-a-var]\n")
        .problem(at("train.yaml", 6, 16), "cloud.secret_env", "not-a-var").build());
    cases.add(bad(g, "secret_env names a variable set to the empty string").env("EMPTY_TOKEN", "")
        .yaml(LOCAL + "  secret_env: [HF_TOKEN, EMPTY_TOKEN]\n")
        .problem(at("train.yaml", 6, 26), "cloud.secret_env", "EMPTY_TOKEN").build());
  }

  private static void missingAndData(List<CatalogueCase> cases) {
    String g = "missing setting";
    cases.add(bad(g, "SageMaker without a role").yaml(Templates.drop(SAGEMAKER, "role"))
        .problem(file("train.yaml"), "cloud.role", "SOEN_SM_ROLE").json("config.missing_value").build());
    cases.add(bad(g, "SageMaker without a bucket").yaml(Templates.drop(SAGEMAKER, "bucket"))
        .problem(file("train.yaml"), "cloud.bucket", "SOEN_SM_BUCKET").build());
    cases.add(bad(g, "SageMaker without an image").yaml(Templates.drop(SAGEMAKER, "docker_image_pytorch"))
        .problem(file("train.yaml"), "cloud.docker_image_pytorch", "SOEN_DOCKER_PYTORCH").build());
    cases.add(bad(g, "SageMaker without a region").yaml(Templates.drop(SAGEMAKER, "region"))
        .problem(file("train.yaml"), "cloud.region", "AWS_REGION").build());
    cases.add(bad(g, "Lambda without ssh_key_name").sshKey().yaml(Templates.drop(LAMBDA, "ssh_key_name"))
        .problem(file("train.yaml"), "cloud.lambda.ssh_key_name").build());
    cases.add(bad(g, "local without a command").yaml(Templates.drop(LOCAL, "command"))
        .problem(file("train.yaml"), "cloud.command").build());
    cases.add(bad(g, "Lambda without a command").sshKey().yaml(Templates.drop(LAMBDA, "command"))
        .problem(file("train.yaml"), "cloud.command").build());
    g = "data";
    cases.add(bad(g, "a data folder that does not exist").yaml(LOCAL + "  data: nope/\n")
        .problem(at("train.yaml", 6, 9), "cloud.data", "not exist").build());
    cases.add(bad(g, "s3 data for the local provider").yaml(LOCAL + "  data: s3://bucket/x\n")
        .problem(at("train.yaml", 6, 9), "cloud.data", "sagemaker").build());
    cases.add(bad(g, "s3 data with a bad bucket name").yaml(SAGEMAKER + "  data: s3://Bad_Bucket/x\n")
        .problem(at("train.yaml", 12, 9), "cloud.data").build());
    cases.add(lambda(g, "a file as Lambda's dataset folder", LAMBDA + "  data: train.yaml\n", 13, 9, "cloud.data",
        "folder"));
  }
}
