package org.soen.cloud.cli.catalogue;

import static org.soen.cloud.cli.catalogue.CatalogueCase.bad;
import static org.soen.cloud.cli.catalogue.Source.at;
import static org.soen.cloud.cli.catalogue.Templates.LOCAL;

import java.util.ArrayList;
import java.util.List;

/**
 * Values of the wrong type, out of range, or not one of the allowed names. All start from
 * {@link Templates#LOCAL}: a cloud-level setting is added at line 6, a setting of a section
 * ({@code instance:}, {@code lambda:}, {@code environment:}) at line 7, indented by four.
 */
final class ValueCases {
  private ValueCases() {}

  static List<CatalogueCase> all() {
    List<CatalogueCase> cases = new ArrayList<>();
    types(cases);
    ranges(cases);
    enums(cases);
    several(cases);
    return cases;
  }

  /** {@code key: value} at cloud level (line 6); the value starts at column 5 + key length. */
  private static CatalogueCase top(String group, String name, String key, String value, String... fragments) {
    return bad(group, name).yaml(LOCAL + "  " + key + ": " + value + "\n")
        .problem(at("train.yaml", 6, 5 + key.length()), "cloud." + key, fragments).build();
  }

  /** {@code key: value} in {@code section} (line 7); the value starts at column 7 + key length. */
  private static CatalogueCase in(String group, String name, String section, String key, String value,
      String... fragments) {
    return bad(group, name).yaml(LOCAL + "  " + section + ":\n    " + key + ": " + value + "\n")
        .problem(at("train.yaml", 7, 7 + key.length()), "cloud." + section + "." + key, fragments).build();
  }

  private static void types(List<CatalogueCase> cases) {
    String g = "wrong type";
    cases.add(in(g, "instance_count as a word", "instance", "instance_count", "many", "whole number"));
    cases.add(in(g, "instance_count as a quoted number", "instance", "instance_count", "\"2\"", "without quotes"));
    cases.add(in(g, "instance_count as a fraction", "instance", "instance_count", "1.5", "whole number"));
    cases.add(bad(g, "max_runtime_hours as a word").yaml(LOCAL + "  instance:\n    max_runtime_hours: abc\n")
        .problem(at("train.yaml", 7, 24), "cloud.instance.max_runtime_hours", "number")
        .json("config.invalid_value").build());
    cases.add(in(g, "max_runtime_hours as a quoted number", "instance", "max_runtime_hours", "'2'", "without quotes"));
    cases.add(in(g, "max_runtime_hours with a unit", "instance", "max_runtime_hours", "2h", "number"));
    cases.add(in(g, "max_runtime_hours as a list", "instance", "max_runtime_hours", "[2]", "672"));
    cases.add(in(g, "volume_size_gb with a unit", "instance", "volume_size_gb", "50GB", "whole number"));
    cases.add(in(g, "use_spot: yes", "instance", "use_spot", "yes", "true or false"));
    cases.add(in(g, "use_spot: on", "instance", "use_spot", "on", "true or false"));
    cases.add(in(g, "use_spot: 1", "instance", "use_spot", "1", "true or false"));
    cases.add(in(g, "use_spot as a quoted true", "instance", "use_spot", "\"true\"", "true or false"));
    cases.add(top(g, "active: no", "active", "no", "true or false"));
    cases.add(top(g, "s3_path_style: Y", "s3_path_style", "Y", "true or false"));
    cases.add(top(g, "max_cost_usd as a quoted number", "max_cost_usd", "\"5\"", "without quotes"));
    cases.add(top(g, "max_cost_usd as a list", "max_cost_usd", "[5]"));
    cases.add(top(g, "expected_hours as a word", "expected_hours", "soon", "number"));
    cases.add(top(g, "environment as a list", "environment", "[A=b]", "mapping"));
    cases.add(top(g, "tags as a list", "tags", "[team]", "mapping"));
    cases.add(top(g, "secret_env as text", "secret_env", "HF_TOKEN", "list"));
    cases.add(top(g, "experiment as a mapping", "experiment", "{a: b}"));
    cases.add(top(g, "experiment with an explicit !!int tag", "experiment", "!!int abc"));
    cases.add(top(g, "experiment with an unknown !custom tag", "experiment", "!custom x"));
    cases.add(bad(g, "artifacts as a mapping").yaml(LOCAL + "  artifacts:\n    best: model.pt\n")
        .problem(at("train.yaml", 7, 5), "cloud.artifacts", "list").build());
    cases.add(bad(g, "command as one string").yaml(Templates.set(LOCAL, "command", "python train.py"))
        .problem(at("train.yaml", 5, 12), "cloud.command", "list").build());
    cases.add(bad(g, "command with a mapping as an argument").yaml(Templates.set(LOCAL, "command", "[python, {a: b}]"))
        .problem(at("train.yaml", 5, 21), "cloud.command").build());
    cases.add(bad(g, "command with an empty argument").yaml(Templates.set(LOCAL, "command", "[python, '']"))
        .problem(at("train.yaml", 5, 21), "cloud.command", "empty").build());
    cases.add(bad(g, "provider as a list").yaml(Templates.set(LOCAL, "provider", "[local]"))
        .problem(at("train.yaml", 4, 13), "cloud.provider").build());
    cases.add(in(g, "an environment value that is a mapping", "environment", "HF_HOME", "{a: 1}", "text"));
    cases.add(in(g, "an environment value that is a boolean", "environment", "USE_CUDA", "true", "quote"));
    cases.add(in(g, "boot_timeout_minutes as a word", "lambda", "boot_timeout_minutes", "ten", "number"));
    cases.add(in(g, "lambda.setup as one string", "lambda", "setup", "pip install ultralytics", "list"));
    cases.add(in(g, "lambda.api_key as a list never shows the secret", "lambda", "api_key", "[secret_PLANTED_list]"));
    cases.add(bad(g, "logging.mlflow_password as a list never shows the secret")
        .yaml(LOCAL + "logging:\n  mlflow_password: [secret_PLANTED_pw]\n")
        .problem(at("train.yaml", 7, 20), "logging.mlflow_password").build());
  }

  private static void ranges(List<CatalogueCase> cases) {
    String g = "out of range";
    cases.add(in(g, "instance_count 0", "instance", "instance_count", "0", "1 to 100"));
    cases.add(in(g, "instance_count 101", "instance", "instance_count", "101", "1 to 100"));
    cases.add(in(g, "instance_count -1", "instance", "instance_count", "-1", "1 to 100"));
    cases.add(in(g, "instance_count beyond a long", "instance", "instance_count", "99999999999999999999", "1 to 100"));
    cases.add(in(g, "max_runtime_hours 0", "instance", "max_runtime_hours", "0", "more than 0"));
    cases.add(in(g, "max_runtime_hours -1", "instance", "max_runtime_hours", "-1", "more than 0"));
    cases.add(in(g, "max_runtime_hours 1000", "instance", "max_runtime_hours", "1000", "672"));
    cases.add(in(g, "max_runtime_hours .nan", "instance", "max_runtime_hours", ".nan"));
    cases.add(in(g, "max_runtime_hours .inf", "instance", "max_runtime_hours", ".inf", "672"));
    cases.add(in(g, "max_runtime_hours below a second", "instance", "max_runtime_hours", "0.0001"));
    cases.add(in(g, "volume_size_gb 0", "instance", "volume_size_gb", "0", "1 to 16384"));
    cases.add(in(g, "volume_size_gb 20000", "instance", "volume_size_gb", "20000", "1 to 16384"));
    cases.add(top(g, "max_cost_usd 0", "max_cost_usd", "0", "more than 0"));
    cases.add(top(g, "max_cost_usd -5", "max_cost_usd", "-5", "more than 0"));
    cases.add(top(g, "expected_hours 0", "expected_hours", "0", "more than 0"));
    cases.add(in(g, "boot_timeout_minutes 0", "lambda", "boot_timeout_minutes", "0", "more than 0"));
    cases.add(in(g, "ssh_timeout_minutes -3", "lambda", "ssh_timeout_minutes", "-3", "more than 0"));
    cases.add(bad(g, "spot wait shorter than the runtime")
        .yaml(LOCAL + "  instance:\n    use_spot: true\n    max_runtime_hours: 10\n    max_wait_hours: 5\n")
        .problem(at("train.yaml", 9, 21), "cloud.instance.max_wait_hours", "at least")
        .json("config.conflict").build());
    cases.add(in(g, "spot wait without spot", "instance", "max_wait_hours", "30", "use_spot"));
    cases.add(bad(g, "a budget below the cheapest run on SageMaker")
        .yaml(Templates.SAGEMAKER + "  max_cost_usd: 0.5\n  expected_hours: 1\n")
        .problem(at("train.yaml", 12, 17), "cloud.max_cost_usd", "cheapest").build());
  }

  private static void enums(List<CatalogueCase> cases) {
    String g = "not an allowed name";
    cases.add(top(g, "backend tensorflow", "backend", "tensorflow", "pytorch, jax"));
    cases.add(top(g, "backend torch suggests pytorch", "backend", "torch", "did you mean pytorch"));
    cases.add(top(g, "backend empty", "backend", "''"));
    cases.add(in(g, "lambda.terminate sometimes", "lambda", "terminate", "sometimes", "always, on_success, never"));
    cases.add(in(g, "lambda.terminate on-success suggests on_success", "lambda", "terminate", "on-success",
        "did you mean on_success"));
    cases.add(in(g, "lambda.terminate as a boolean", "lambda", "terminate", "true", "always"));
    cases.add(bad(g, "unknown provider suggests sagemaker").yaml(Templates.set(LOCAL, "provider", "sagemakr"))
        .problem(at("train.yaml", 4, 13), "cloud.provider", "did you mean sagemaker")
        .json("config.unknown_provider").build());
    cases.add(bad(g, "unknown provider suggests lambdalabs").yaml(Templates.set(LOCAL, "provider", "lamdbalabs"))
        .problem(at("train.yaml", 4, 13), "cloud.provider", "did you mean lambdalabs").build());
    cases.add(bad(g, "unknown provider lists the known ones").yaml(Templates.set(LOCAL, "provider", "azure"))
        .problem(at("train.yaml", 4, 13), "cloud.provider", "lambdalabs", "sagemaker").build());
    cases.add(bad(g, "empty provider").yaml(Templates.set(LOCAL, "provider", "''"))
        .problem(at("train.yaml", 4, 13), "cloud.provider").build());
  }

  private static void several(List<CatalogueCase> cases) {
    String g = "several problems";
    cases.add(bad(g, "three problems in one file are all reported")
        .yaml(LOCAL + "  instance:\n    instance_count: 0\n    use_spot: maybe\n  colour: blue\n")
        .problem(at("train.yaml", 7, 21), "cloud.instance.instance_count", "1 to 100")
        .problem(at("train.yaml", 8, 15), "cloud.instance.use_spot", "true or false")
        .problem(at("train.yaml", 9, 3), "cloud.colour", "unknown").build());
    cases.add(bad(g, "problems in the file and in cloud_config.yaml are reported together")
        .yaml(LOCAL + "  colour: blue\n").userConfig("instance:\n  use_spot: maybe\n")
        .problem(at("train.yaml", 6, 3), "cloud.colour", "unknown")
        .problem(Source.user(2, 13), "instance.use_spot", "true or false").build());
  }
}
