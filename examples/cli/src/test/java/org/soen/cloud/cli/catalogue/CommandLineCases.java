package org.soen.cloud.cli.catalogue;

import static org.soen.cloud.cli.catalogue.CatalogueCase.bad;
import static org.soen.cloud.cli.catalogue.Source.at;
import static org.soen.cloud.cli.catalogue.Source.flag;
import static org.soen.cloud.cli.catalogue.Templates.LAMBDA;
import static org.soen.cloud.cli.catalogue.Templates.LOCAL;
import static org.soen.cloud.cli.catalogue.Templates.SAGEMAKER;

import java.util.ArrayList;
import java.util.List;

/**
 * Flags with bad values (the problem names the flag and the key), unknown flags and verbs (a usage
 * error naming them, with a did-you-mean), {@code config set} refusing a bad key or value without
 * saving it, and verbs about a job the journal does not hold.
 */
final class CommandLineCases {
  private static final String MISSING_JOB = "soen-missing-20250101000000-abcd";

  private CommandLineCases() {}

  static List<CatalogueCase> all() {
    List<CatalogueCase> cases = new ArrayList<>();
    flagValues(cases);
    usage(cases);
    configSet(cases);
    jobs(cases);
    return cases;
  }

  private static CatalogueCase flagValue(String yaml, String flag, String value, String key, String... fragments) {
    return bad("flag value", flag + " " + value).yaml(yaml).flags(flag, value)
        .problem(flag(flag), key, fragments).build();
  }

  private static void flagValues(List<CatalogueCase> cases) {
    cases.add(bad("flag value", "--max-cost-usd -1").yaml(LOCAL).flags("--max-cost-usd", "-1")
        .problem(flag("--max-cost-usd"), "cloud.max_cost_usd", "more than 0").json("config.invalid_value").build());
    cases.add(flagValue(LOCAL, "--max-cost-usd", "0", "cloud.max_cost_usd", "more than 0"));
    cases.add(flagValue(LOCAL, "--max-cost-usd", "abc", "cloud.max_cost_usd", "number"));
    cases.add(flagValue(LOCAL, "--max-cost-usd", "", "cloud.max_cost_usd"));
    cases.add(flagValue(LOCAL, "--max-runtime-hours", "abc", "cloud.instance.max_runtime_hours", "number"));
    cases.add(flagValue(LOCAL, "--max-runtime-hours", "0", "cloud.instance.max_runtime_hours", "more than 0"));
    cases.add(flagValue(LOCAL, "--max-runtime-hours", "-1", "cloud.instance.max_runtime_hours", "more than 0"));
    cases.add(flagValue(LOCAL, "--max-runtime-hours", "1000", "cloud.instance.max_runtime_hours", "672"));
    cases.add(flagValue(LOCAL, "--max-runtime-hours", "1e400", "cloud.instance.max_runtime_hours", "672"));
    cases.add(flagValue(LOCAL, "--max-runtime-hours", "NaN", "cloud.instance.max_runtime_hours", "number"));
    cases.add(flagValue(SAGEMAKER, "--instance-type", "ml.g5.xlarg", "cloud.instance.instance_type",
        "did you mean ml.g5.xlarge"));
    cases.add(flagValue(SAGEMAKER, "--instance-type", "", "cloud.instance.instance_type"));
    cases.add(bad("flag value", "--instance-type gpu_1x_a1 on Lambda").sshKey().yaml(LAMBDA)
        .flags("--instance-type", "gpu_1x_a1")
        .problem(flag("--instance-type"), "cloud.instance.instance_type", "did you mean gpu_1x_a10").build());
    cases.add(flagValue(LOCAL, "--backend", "tensorflow", "cloud.backend", "pytorch"));
    cases.add(flagValue(LOCAL, "--backend", "torch", "cloud.backend", "did you mean pytorch"));
    cases.add(flagValue(LOCAL, "--provider", "sagemakr", "cloud.provider", "did you mean sagemaker"));
    cases.add(flagValue(LOCAL, "--provider", "lamdbalabs", "cloud.provider", "did you mean lambdalabs"));
    cases.add(bad("flag value", "--spot on Lambda").sshKey().yaml(LAMBDA).flags("--spot")
        .problem(flag("--spot"), "cloud.instance.use_spot", "spot").build());
    cases.add(bad("flag value", "--max-cost-usd below the cheapest run").yaml(SAGEMAKER).flags("--max-cost-usd", "0.01")
        .problem(flag("--max-cost-usd"), "cloud.max_cost_usd", "cheapest").build());
  }

  private static void usage(List<CatalogueCase> cases) {
    String g = "flag or verb";
    cases.add(bad(g, "--instance_type suggests --instance-type").yaml(LOCAL).flags("--instance_type", "local")
        .usage("--instance_type", "--instance-type").build());
    cases.add(bad(g, "--max_cost_usd suggests --max-cost-usd").yaml(LOCAL).flags("--max_cost_usd", "5")
        .usage("--max_cost_usd", "--max-cost-usd").build());
    cases.add(bad(g, "--spto suggests --spot").yaml(LOCAL).flags("--spto").usage("--spto", "--spot").build());
    cases.add(bad(g, "--spot and --no-spot together").yaml(LOCAL).flags("--spot", "--no-spot")
        .usage("--spot", "--no-spot").build());
    cases.add(bad(g, "--spot twice").yaml(LOCAL).flags("--spot", "--spot").usage("--spot").build());
    cases.add(bad(g, "--max-cost-usd twice").yaml(LOCAL).flags("--max-cost-usd", "5", "--max-cost-usd", "6")
        .usage("--max-cost-usd").build());
    cases.add(bad(g, "--estimate with --detach").yaml(LOCAL).flags("--estimate", "--detach")
        .usage("--estimate", "--detach").build());
    cases.add(bad(g, "--quiet with --verbose").yaml(LOCAL).flags("--quiet", "--verbose")
        .usage("--quiet", "--verbose").build());
    cases.add(bad(g, "a stray argument after train").yaml(LOCAL).flags("extra-argument").usage("extra-argument").build());
    cases.add(bad(g, "unknown verb trian suggests train").args("trian", "--config", "train.yaml").yaml(LOCAL)
        .usage("trian", "train").build());
    cases.add(bad(g, "unknown verb stauts suggests status").args("stauts", MISSING_JOB).usage("stauts", "status").build());
    cases.add(bad(g, "unknown verb conifg suggests config").args("conifg", "show").usage("conifg", "config").build());
    cases.add(bad(g, "unknown config verb sett suggests set").args("config", "sett", "region", "us-east-1")
        .usage("sett", "set").build());
    cases.add(bad(g, "no verb at all").args().usage("train").build());
    cases.add(bad(g, "doctor --provider sagemakr suggests sagemaker").args("doctor", "--provider", "sagemakr")
        .usage("sagemakr", "did you mean sagemaker").build());
    cases.add(bad(g, "list --provider sagemakr suggests sagemaker").args("list", "--provider", "sagemakr")
        .usage("sagemakr", "did you mean sagemaker").build());
    cases.add(bad(g, "pricing --provider sagemakr suggests sagemaker").args("pricing", "--provider", "sagemakr")
        .usage("sagemakr", "did you mean sagemaker").build());
    cases.add(bad(g, "list --state RUNING").args("list", "--state", "RUNING").usage("RUNING", "RUNNING").build());
    cases.add(bad(g, "config show with an unknown key in --config").yaml(LOCAL + "  instnce_type: local\n")
        .args("config", "show", "--config", "train.yaml")
        .problem(at("train.yaml", 6, 3), "cloud.instnce_type", "did you mean instance_type").build());
    cases.add(bad(g, "config save with a bad value in --config").yaml(LOCAL + "  max_cost_usd: -1\n")
        .args("config", "save", "--config", "train.yaml")
        .problem(at("train.yaml", 6, 17), "cloud.max_cost_usd", "more than 0").build());
    cases.add(bad(g, "doctor with an unknown key in --config").yaml(LOCAL + "  instnce_type: local\n")
        .args("doctor", "--config", "train.yaml")
        .problem(at("train.yaml", 6, 3), "cloud.instnce_type", "did you mean instance_type").build());
  }

  private static CatalogueCase set(String key, String value, String... fragments) {
    return bad("config set", "config set " + key + " " + value).args("config", "set", key, value)
        .userConfig(Templates.USER_AWS).usage(fragments).build();
  }

  private static void configSet(List<CatalogueCase> cases) {
    cases.add(set("region", "mars", "region", "mars"));
    cases.add(set("region", "us-est-1", "region", "did you mean us-east-1"));
    cases.add(set("regoin", "us-east-1", "regoin", "did you mean region"));
    cases.add(set("instance.instance_count", "0", "instance_count", "1 to 100"));
    cases.add(set("instance.use_spot", "yes", "use_spot", "true or false"));
    cases.add(set("bucket", "Bad_Bucket", "bucket", "Bad_Bucket"));
    cases.add(set("role", "notanarn", "role", "arn:aws:iam::"));
    cases.add(set("provider", "sagemakr", "provider", "did you mean sagemaker"));
    cases.add(set("max_cost_usd", "0", "max_cost_usd", "more than 0"));
    cases.add(set("lambda.terminate", "sometimes", "terminate", "always"));
    cases.add(set("endpoints.s3", "notaurl", "endpoints.s3"));
    cases.add(set("instance.instance_type", "ml.g5.xlarg", "instance_type", "did you mean ml.g5.xlarge"));
    cases.add(set("lambda.api_key", "secret_PLANTED_cli", "api_key", "LAMBDA_API_KEY"));
    cases.add(set("mlflow.password", "secret_PLANTED_pw2", "password", "MLFLOW_TRACKING_PASSWORD"));
    cases.add(bad("config set", "config set region without a value").args("config", "set", "region")
        .usage("VALUE").build());
    cases.add(bad("config set", "config set into a broken cloud_config.yaml").args("config", "set", "region", "us-east-1")
        .userConfig("aws:\n  regoin: us-east-1\n")
        .problem(Source.user(2, 3), "aws.regoin", "did you mean region").build());
  }

  private static void jobs(List<CatalogueCase> cases) {
    String g = "job not in the journal";
    for (String verb : List.of("status", "stop", "logs", "attach", "download")) {
      cases.add(bad(g, verb + " of a job not in the journal").args(verb, MISSING_JOB)
          .usage(MISSING_JOB, "${SOEN_HOME}/jobs").build());
    }
    cases.add(bad(g, "status of a name that climbs out of the journal").args("status", "../../etc/passwd")
        .usage("etc/passwd").build());
  }
}
