package org.soen.cloud.cli.catalogue;

import static org.soen.cloud.cli.catalogue.CatalogueCase.good;
import static org.soen.cloud.cli.catalogue.Templates.LAMBDA;
import static org.soen.cloud.cli.catalogue.Templates.LOCAL;
import static org.soen.cloud.cli.catalogue.Templates.SAGEMAKER;
import static org.soen.cloud.cli.catalogue.Templates.SAGEMAKER_FROM_DEFAULTS;

import java.util.ArrayList;
import java.util.List;

/**
 * Configs that must be accepted ({@code train --estimate} exits 0 and submits nothing): every
 * provider, anchors and aliases, merge keys, CRLF and byte order marks, flat spellings, values
 * from the environment and from {@code cloud_config.yaml}, flags.
 */
final class GoodConfigs {
  static final String IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311";
  static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerRole";

  private GoodConfigs() {}

  static List<CatalogueCase> all() {
    String g = "good config";
    List<CatalogueCase> cases = new ArrayList<>();
    cases.add(good(g, "local").yaml(LOCAL).build());
    cases.add(good(g, "sagemaker").yaml(SAGEMAKER).build());
    cases.add(good(g, "lambdalabs").sshKey().yaml(LAMBDA).build());
    cases.add(good(g, "anchors and aliases").yaml("""
        defaults: &gpu
          instance_type: ml.g5.xlarge
          max_runtime_hours: 2
        training:
          epochs: 1
        cloud:
          provider: sagemaker
          region: us-east-1
          role: %s
          bucket: soen-catalogue-bucket
          docker_image_pytorch: %s
          instance: *gpu
        """.formatted(ROLE, IMAGE)).build());
    cases.add(good(g, "a merge key").yaml("""
        base: &base
          provider: local
          command: [python, train.py]
        training:
          epochs: 1
        cloud:
          <<: *base
          experiment: merged
        """).build());
    cases.add(good(g, "merge keys with overrides, nested").yaml("""
        aws: &aws
          provider: sagemaker
          region: us-east-1
          role: %s
          bucket: soen-catalogue-bucket
        gpu: &gpu
          instance_type: ml.g5.2xlarge
          max_runtime_hours: 1
        cloud:
          <<: *aws
          region: us-west-2
          docker_image_pytorch: %s
          instance:
            <<: *gpu
            max_runtime_hours: 3
        """.formatted(ROLE, IMAGE)).build());
    cases.add(good(g, "a list of merge keys").yaml("""
        a: &a {provider: local}
        b: &b {command: [python, train.py], experiment: listed}
        cloud:
          <<: [*a, *b]
        """).build());
    cases.add(good(g, "CRLF line endings on SageMaker").yaml(Templates.crlf(SAGEMAKER)).build());
    cases.add(good(g, "a byte order mark on local").yaml(Templates.bom(LOCAL)).build());
    cases.add(good(g, "a byte order mark and CRLF on Lambda").sshKey().yaml(Templates.bom(Templates.crlf(LAMBDA))).build());
    cases.add(good(g, "flat spellings").yaml("""
        cloud:
          provider: sagemaker
          region: us-east-1
          role: %s
          bucket: soen-catalogue-bucket
          docker_image_pytorch: %s
          instance_type: ml.g5.xlarge
          use_spot: true
          max_runtime_hours: 2
          max_wait_hours: 4
        """.formatted(ROLE, IMAGE)).build());
    cases.add(good(g, "flat and nested spelling with the same value")
        .yaml(LOCAL + "  instance_type: local\n  instance:\n    instance_type: local\n").build());
    cases.add(good(g, "role, bucket and region from the environment").yaml(SAGEMAKER_FROM_DEFAULTS)
        .env("SOEN_SM_ROLE", ROLE).env("SOEN_SM_BUCKET", "soen-env-bucket").env("AWS_REGION", "eu-west-1").build());
    cases.add(good(g, "everything else from cloud_config.yaml").yaml("training:\n  epochs: 1\ncloud:\n  provider: sagemaker\n")
        .userConfig("""
            aws:
              role: %s
              bucket: soen-catalogue-bucket
              region: us-east-1
              s3_path_style: true
            instance:
              instance_type: ml.g5.xlarge
              instance_count: 1
              use_spot: false
              max_runtime_hours: 4
            mlflow:
              tracking_uri: http://127.0.0.1:9
              experiment_name: catalogue
            project: soen
            experiment: defaults
            docker_images:
              pytorch: %s
              jax: 763104351884.dkr.ecr.us-east-1.amazonaws.com/jax-training:0.4-gpu
            lambda:
              region: us-west-1
              ssh_key_name: catalogue-key
            """.formatted(ROLE, IMAGE)).build());
    cases.add(good(g, "an empty cloud_config.yaml").yaml(LOCAL).userConfig("").build());
    cases.add(good(g, "a cloud_config.yaml of comments").yaml(LOCAL).userConfig("# aws:\n#   region: us-east-1\n").build());
    cases.add(good(g, "spot with a longer wait").yaml(SAGEMAKER + "  use_spot: true\n  max_wait_hours: 4\n").build());
    cases.add(good(g, "the jax backend").yaml(Templates.drop(SAGEMAKER, "docker_image_pytorch")
        + "  backend: jax\n  docker_image_jax: 763104351884.dkr.ecr.us-east-1.amazonaws.com/jax-training:0.4-gpu\n").build());
    cases.add(good(g, "MLflow, secret_env, environment and tags").yaml(SAGEMAKER + """
          secret_env: [HF_TOKEN]
          environment:
            HF_HOME: /opt/ml/cache
            EPOCHS: "3"
          tags:
            team: vision
        logging:
          mlflow_active: true
          mlflow_experiment_name: catalogue
        """).build());
    cases.add(good(g, "flags over the YAML").yaml(SAGEMAKER).flags("--instance-type", "ml.g5.2xlarge", "--spot",
        "--max-runtime-hours", "3", "--max-cost-usd", "50", "--backend", "pytorch").build());
    cases.add(good(g, "a symbolic link to a config")
        .file(CaseFile.text(CaseFile.Place.WORK, "real.yaml", LOCAL))
        .file(CaseFile.symlink(CaseFile.Place.WORK, "train.yaml", "real.yaml")).build());
    cases.add(good(g, "config show of a SageMaker config").yaml(SAGEMAKER)
        .args("config", "show", "--config", "train.yaml").build());
    cases.add(good(g, "flow style").yaml("cloud: {provider: local, command: [python, train.py], instance: {instance_type: local}}\n")
        .build());
    cases.add(good(g, "document markers, comments, quotes and an explicit !!str")
        .yaml("%YAML 1.1\n---\n# a comment\ntraining: {epochs: 1}  # trailing\ncloud:\n  provider: 'local'\n"
            + "  experiment: !!str 2024\n  command: [\"python\", 'train.py']\n...\n").build());
    cases.add(good(g, "Lambda with a key under ~ and every lambda setting")
        .file(CaseFile.sshPrivateKey(CaseFile.Place.HOME, ".ssh/id_ed25519"))
        .yaml(Templates.set(LAMBDA, "ssh_private_key", "~/.ssh/id_ed25519") + """
                ssh_user: ubuntu
                remote_dir: /home/ubuntu/soen
                setup: ["pip install 'numpy<2' ultralytics"]
                after: [yolo export model=runs/train/weights/best.pt format=onnx]
                dataset_yaml: dataset.yaml
                metrics_pattern: 'epoch (?<epoch>\\d+)'
                terminate: on_success
                boot_timeout_minutes: 20
              tags:
                cost-center: ml
              artifacts: [runs/train/weights/best.pt]
            """).build());
    cases.add(good(g, "non-ASCII text in the user's own sections")
        .yaml("training:\n  note: \"na\u00efve caf\u00e9 \u2713\"\n" + LOCAL.substring("training:\n  epochs: 1\n".length()))
        .build());
    return cases;
  }
}
