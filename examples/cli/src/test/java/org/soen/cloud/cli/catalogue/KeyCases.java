package org.soen.cloud.cli.catalogue;

import static org.soen.cloud.cli.catalogue.CatalogueCase.bad;
import static org.soen.cloud.cli.catalogue.Source.at;
import static org.soen.cloud.cli.catalogue.Templates.LOCAL;

import java.util.ArrayList;
import java.util.List;

/**
 * Unknown keys (with a did-you-mean at every level), misspelt sections and duplicate keys. All
 * start from {@link Templates#LOCAL}, whose added lines start at line 6.
 */
final class KeyCases {
  private KeyCases() {}

  static List<CatalogueCase> all() {
    List<CatalogueCase> cases = new ArrayList<>();
    unknownKeys(cases);
    sections(cases);
    duplicates(cases);
    return cases;
  }

  /** One unknown key {@code key} written at 6:3 (cloud level) or 7:5 (inside {@code section}). */
  private static CatalogueCase unknown(String section, String line, String keyPath, String suggestion) {
    boolean nested = section != null;
    String yaml = LOCAL + (nested ? "  " + section + ":\n    " : "  ") + line + "\n";
    var b = bad("unknown key", "unknown key " + keyPath + " suggests " + suggestion).yaml(yaml)
        .problem(nested ? at("train.yaml", 7, 5) : at("train.yaml", 6, 3), keyPath, "did you mean " + suggestion);
    return b.build();
  }

  private static void unknownKeys(List<CatalogueCase> cases) {
    cases.add(bad("unknown key", "unknown key cloud.instnce_type suggests instance_type")
        .yaml(LOCAL + "  instnce_type: ml.g5.xlarge\n")
        .problem(at("train.yaml", 6, 3), "cloud.instnce_type", "did you mean instance_type")
        .json("config.unknown_key").build());
    cases.add(unknown(null, "comand: [python, train.py]", "cloud.comand", "command"));
    cases.add(unknown(null, "experimnt: exp1", "cloud.experimnt", "experiment"));
    cases.add(unknown(null, "max_cost_uds: 5", "cloud.max_cost_uds", "max_cost_usd"));
    cases.add(unknown(null, "secrets_env: [HF_TOKEN]", "cloud.secrets_env", "secret_env"));
    cases.add(unknown(null, "artefacts: [model.pt]", "cloud.artefacts", "artifacts"));
    cases.add(unknown(null, "enviroment: {A: b}", "cloud.enviroment", "environment"));
    cases.add(unknown(null, "projet: p1", "cloud.projet", "project"));
    cases.add(unknown(null, "bakend: jax", "cloud.bakend", "backend"));
    cases.add(unknown(null, "expected_hour: 1", "cloud.expected_hour", "expected_hours"));
    cases.add(unknown(null, "s3_pathstyle: true", "cloud.s3_pathstyle", "s3_path_style"));
    cases.add(unknown(null, "activ: true", "cloud.activ", "active"));
    cases.add(unknown(null, "Provider: local", "cloud.Provider", "provider"));
    cases.add(unknown(null, "instances:\n    instance_type: local", "cloud.instances", "instance"));
    cases.add(unknown(null, "endpoint:\n    s3: http://127.0.0.1:1", "cloud.endpoint", "endpoints"));
    cases.add(unknown("instance", "instance_typ: local", "cloud.instance.instance_typ", "instance_type"));
    cases.add(unknown("instance", "use_spots: false", "cloud.instance.use_spots", "use_spot"));
    cases.add(unknown("instance", "max_runtime_hour: 1", "cloud.instance.max_runtime_hour", "max_runtime_hours"));
    cases.add(unknown("instance", "volume_size: 50", "cloud.instance.volume_size", "volume_size_gb"));
    cases.add(unknown("instance", "instance_cout: 1", "cloud.instance.instance_cout", "instance_count"));
    cases.add(unknown("instance", "max_wait_hour: 2", "cloud.instance.max_wait_hour", "max_wait_hours"));
    cases.add(unknown("lambda", "ssh_key_nme: k", "cloud.lambda.ssh_key_nme", "ssh_key_name"));
    cases.add(unknown("lambda", "terminte: always", "cloud.lambda.terminte", "terminate"));
    cases.add(unknown("lambda", "api_ur: http://127.0.0.1:1", "cloud.lambda.api_ur", "api_url"));
    cases.add(unknown("lambda", "remote_dri: /home/ubuntu", "cloud.lambda.remote_dri", "remote_dir"));
    cases.add(unknown("lambda", "setpu: [nvidia-smi]", "cloud.lambda.setpu", "setup"));
    cases.add(unknown("lambda", "boot_timeout_minute: 5", "cloud.lambda.boot_timeout_minute", "boot_timeout_minutes"));
    cases.add(unknown("lambda", "regoin: us-west-1", "cloud.lambda.regoin", "region"));
    cases.add(unknown("endpoints", "s4: http://127.0.0.1:1", "cloud.endpoints.s4", "s3"));
    cases.add(unknown("endpoints", "sagemkaer: http://127.0.0.1:1", "cloud.endpoints.sagemkaer", "sagemaker"));
    cases.add(unknown("endpoints", "log: http://127.0.0.1:1", "cloud.endpoints.log", "logs"));
    cases.add(unknown("endpoints", "stss: http://127.0.0.1:1", "cloud.endpoints.stss", "sts"));
    cases.add(bad("unknown key", "unknown key without a near name lists what is allowed")
        .yaml(LOCAL + "  colour: blue\n")
        .problem(at("train.yaml", 6, 3), "cloud.colour", "unknown", "instance_type").build());
    cases.add(bad("unknown key", "unknown provider section under cloud suggests lambda")
        .yaml(LOCAL + "  lamda:\n    region: us-west-1\n")
        .problem(at("train.yaml", 6, 3), "cloud.lamda", "did you mean lambda").build());
  }

  private static void sections(List<CatalogueCase> cases) {
    String body = "  provider: local\n  command: [python, train.py]\n";
    cases.add(bad("misspelt section", "Cloud: with a capital letter")
        .yaml("training:\n  epochs: 1\nCloud:\n" + body)
        .problem(at("train.yaml", 3, 1), "Cloud", "did you mean cloud").build());
    cases.add(bad("misspelt section", "clouds: in the plural")
        .yaml("training:\n  epochs: 1\nclouds:\n" + body)
        .problem(at("train.yaml", 3, 1), "clouds", "did you mean cloud").build());
    cases.add(bad("misspelt section", "cluod: with letters swapped")
        .yaml("training:\n  epochs: 1\ncluod:\n" + body)
        .problem(at("train.yaml", 3, 1), "cluod", "did you mean cloud").build());
    cases.add(bad("misspelt section", "cloud: as text")
        .yaml("training:\n  epochs: 1\ncloud: yes-please\n")
        .problem(at("train.yaml", 3, 8), "cloud", "mapping").build());
    cases.add(bad("misspelt section", "cloud: as a list")
        .yaml("training:\n  epochs: 1\ncloud:\n  - provider\n")
        .problem(at("train.yaml", 4, 3), "cloud", "mapping").build());
    cases.add(bad("misspelt section", "instance: as text")
        .yaml(LOCAL + "  instance: big\n")
        .problem(at("train.yaml", 6, 13), "cloud.instance", "mapping").build());
    cases.add(bad("misspelt section", "lambda: as a list")
        .yaml(LOCAL + "  lambda: [a, b]\n")
        .problem(at("train.yaml", 6, 11), "cloud.lambda", "mapping").build());
    cases.add(bad("misspelt section", "endpoints: as text")
        .yaml(LOCAL + "  endpoints: http://127.0.0.1:1\n")
        .problem(at("train.yaml", 6, 14), "cloud.endpoints", "mapping").build());
    cases.add(bad("misspelt section", "a key that is a list")
        .yaml(LOCAL + "  ? [a, b]\n  : x\n")
        .problem(at("train.yaml", 6, 5), "cloud", "plain names").build());
  }

  private static void duplicates(List<CatalogueCase> cases) {
    cases.add(bad("duplicate key", "cloud: section twice")
        .yaml(LOCAL + "cloud:\n  provider: sagemaker\n")
        .problem(at("train.yaml", 6, 1), "cloud").json("config.duplicate_key").build());
    cases.add(bad("duplicate key", "training: section twice")
        .yaml(LOCAL + "training:\n  epochs: 2\n")
        .problem(at("train.yaml", 6, 1), "training").build());
    cases.add(bad("duplicate key", "provider twice with different values")
        .yaml(LOCAL + "  provider: sagemaker\n")
        .problem(at("train.yaml", 6, 3), "cloud.provider").build());
    cases.add(bad("duplicate key", "provider twice with the same value")
        .yaml(LOCAL + "  provider: local\n")
        .problem(at("train.yaml", 6, 3), "cloud.provider").build());
    cases.add(bad("duplicate key", "instance_type twice inside instance")
        .yaml(LOCAL + "  instance:\n    instance_type: local\n    instance_type: other\n")
        .problem(at("train.yaml", 8, 5), "cloud.instance.instance_type").build());
    cases.add(bad("duplicate key", "instance: section twice")
        .yaml(LOCAL + "  instance:\n    instance_type: local\n  instance:\n    use_spot: false\n")
        .problem(at("train.yaml", 8, 3), "cloud.instance").build());
    cases.add(bad("duplicate key", "flat then nested instance_type with different values")
        .yaml(LOCAL + "  instance_type: local\n  instance:\n    instance_type: other\n")
        .problem(at("train.yaml", 8, 5), "cloud.instance.instance_type", "cloud.instance_type").build());
    cases.add(bad("duplicate key", "nested then flat max_runtime_hours with different values")
        .yaml(LOCAL + "  instance:\n    max_runtime_hours: 1\n  max_runtime_hours: 2\n")
        .problem(at("train.yaml", 8, 3), "cloud.max_runtime_hours", "cloud.instance.max_runtime_hours").build());
    cases.add(bad("duplicate key", "flat then nested use_spot with different values")
        .yaml(LOCAL + "  use_spot: false\n  instance:\n    use_spot: true\n")
        .problem(at("train.yaml", 8, 5), "cloud.instance.use_spot", "cloud.use_spot").build());
    cases.add(bad("duplicate key", "nested then flat instance_count with different values")
        .yaml(LOCAL + "  instance:\n    instance_count: 1\n  instance_count: 2\n")
        .problem(at("train.yaml", 8, 3), "cloud.instance_count", "cloud.instance.instance_count").build());
    cases.add(bad("duplicate key", "lambda.region twice")
        .yaml(LOCAL + "  lambda:\n    region: us-west-1\n    region: us-east-1\n")
        .problem(at("train.yaml", 8, 5), "cloud.lambda.region").build());
    cases.add(bad("duplicate key", "endpoints.s3 twice")
        .yaml(LOCAL + "  endpoints:\n    s3: http://127.0.0.1:1\n    s3: http://127.0.0.1:2\n")
        .problem(at("train.yaml", 8, 5), "cloud.endpoints.s3").build());
    cases.add(bad("duplicate key", "an environment variable twice")
        .yaml(LOCAL + "  environment:\n    A: \"1\"\n    A: \"2\"\n")
        .problem(at("train.yaml", 8, 5), "cloud.environment.A").build());
    cases.add(bad("duplicate key", "a tag twice")
        .yaml(LOCAL + "  tags:\n    team: a\n    team: b\n")
        .problem(at("train.yaml", 8, 5), "cloud.tags.team").build());
    cases.add(bad("duplicate key", "a secret twice never shows either value")
        .yaml(LOCAL + "  lambda:\n    api_key: secret_PLANTED_one\n    api_key: secret_PLANTED_two\n")
        .problem(at("train.yaml", 8, 5), "cloud.lambda.api_key").build());
    cases.add(bad("duplicate key", "logging.mlflow_tracking_uri twice")
        .yaml(LOCAL + "logging:\n  mlflow_tracking_uri: http://127.0.0.1:1\n  mlflow_tracking_uri: http://127.0.0.1:2\n")
        .problem(at("train.yaml", 8, 3), "logging.mlflow_tracking_uri").build());
  }
}
