#!/usr/bin/env python3
"""Extracts the constraints soen-cloud's AWS requests must satisfy from AWS's published Smithy models.

Usage: extract_service_rules.py <api-models-aws checkout> <commit> <date> > service-rules.json

Reads the operations listed in OPERATIONS from github.com/aws/api-models-aws and keeps, for each
input shape reachable from them, only the constraint traits (required, length, range, pattern,
enum values, and members documented as
"must be unique per resource") and only the structure members soen-cloud sends (MEMBERS) plus every required one.
"""
import json
import sys

MODELS = {
    "sagemaker": ("sagemaker/service/2017-07-24/sagemaker-2017-07-24.json", "com.amazonaws.sagemaker"),
    "logs": ("cloudwatch-logs/service/2014-03-28/cloudwatch-logs-2014-03-28.json", "com.amazonaws.cloudwatchlogs"),
    "s3": ("s3/service/2006-03-01/s3-2006-03-01.json", "com.amazonaws.s3"),
    "sts": ("sts/service/2011-06-15/sts-2011-06-15.json", "com.amazonaws.sts"),
    "secretsmanager": ("secrets-manager/service/2017-10-17/secrets-manager-2017-10-17.json", "com.amazonaws.secretsmanager"),
    "pricing": ("pricing/service/2017-10-15/pricing-2017-10-15.json", "com.amazonaws.pricing"),
}
OPERATIONS = {
    "sagemaker": ["CreateTrainingJob", "DescribeTrainingJob", "StopTrainingJob", "ListTrainingJobs", "ListTags"],
    "logs": ["DescribeLogStreams", "GetLogEvents"],
    "s3": ["PutObject", "GetObject", "HeadObject", "HeadBucket", "DeleteObject", "CreateMultipartUpload",
           "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload", "ListObjectsV2"],
    "sts": ["GetCallerIdentity"],
    "secretsmanager": ["CreateSecret", "GetSecretValue", "DeleteSecret", "TagResource", "ListSecrets"],
    "pricing": ["GetProducts"],
}
# Optional members soen-cloud sets, by structure (required members are always kept).
MEMBERS = {
    "CreateTrainingJobRequest": ["Environment", "Tags", "InputDataConfig", "EnableManagedSpotTraining",
                                 "CheckpointConfig", "HyperParameters"],
    "AlgorithmSpecification": ["TrainingImage", "ContainerEntrypoint", "ContainerArguments"],
    "Channel": ["InputMode"],
    "DataSource": ["S3DataSource"],
    "S3DataSource": ["S3DataDistributionType"],
    "ResourceConfig": ["InstanceType", "InstanceCount"],
    "StoppingCondition": ["MaxRuntimeInSeconds", "MaxWaitTimeInSeconds"],
    "CheckpointConfig": ["LocalPath"],
    "ListTrainingJobsRequest": ["NameContains", "SortBy", "SortOrder", "MaxResults", "NextToken", "StatusEquals"],
    "ListTagsInput": ["MaxResults", "NextToken"],
    "DescribeLogStreamsRequest": ["logGroupName", "logStreamNamePrefix", "nextToken", "limit"],
    "GetLogEventsRequest": ["startFromHead", "nextToken", "limit", "logGroupName"],
    "ListObjectsV2Request": ["Prefix", "ContinuationToken", "MaxKeys"],
    "CreateSecretRequest": ["SecretString", "Tags", "Description"],
    "DeleteSecretRequest": ["ForceDeleteWithoutRecovery", "RecoveryWindowInDays"],
    "ListSecretsRequest": ["MaxResults", "NextToken", "Filters"],
    "Filter": ["Key", "Values"],
    "GetProductsRequest": ["Filters", "FormatVersion", "NextToken", "MaxResults"],
    "Tag": ["Key", "Value"],
}
ENUM_LIMIT = 2000


def short(target):
    return target.split("#", 1)[1]


def main(root, commit, date):
    out = {"source": {"repository": "https://github.com/aws/api-models-aws", "commit": commit, "date": date,
                      "models": {s: m[0] for s, m in MODELS.items()}},
           "services": {}}
    for service, (path, namespace) in MODELS.items():
        shapes = json.load(open(f"{root}/{path}"))["shapes"]
        kept = {}
        operations = {}

        def visit(target):
            name = short(target)
            if target.startswith("smithy.api#") or name in kept:
                return name
            shape = shapes[target]
            traits = shape.get("traits", {})
            rule = {"type": shape["type"]}
            if "smithy.api#length" in traits:
                rule["length"] = traits["smithy.api#length"]
            if "smithy.api#range" in traits:
                rule["range"] = traits["smithy.api#range"]
            if "smithy.api#pattern" in traits:
                rule["pattern"] = traits["smithy.api#pattern"]
            kept[name] = rule
            if shape["type"] == "enum":
                rule["type"] = "string"
                rule["enum"] = [m.get("traits", {}).get("smithy.api#enumValue", k)
                                for k, m in shape["members"].items()][:ENUM_LIMIT]
            elif shape["type"] == "structure":
                members = {}
                wanted = set(MEMBERS.get(name, []))
                for member, spec in shape["members"].items():
                    required = "smithy.api#required" in spec.get("traits", {})
                    if required or member in wanted:
                        m = {"target": visit(spec["target"])}
                        if required:
                            m["required"] = True
                        if "must be unique per resource" in spec.get("traits", {}).get("smithy.api#documentation", ""):
                            # Stated in the member's documentation, not as a trait: items of a list may not repeat it.
                            m["unique"] = True
                        for trait in ("length", "range", "pattern"):
                            if f"smithy.api#{trait}" in spec.get("traits", {}):
                                m[trait] = spec["traits"][f"smithy.api#{trait}"]
                        members[member] = m
                rule["members"] = members
            elif shape["type"] == "list":
                rule["member"] = visit(shape["member"]["target"])
            elif shape["type"] == "map":
                rule["key"] = visit(shape["key"]["target"])
                rule["value"] = visit(shape["value"]["target"])
            return name

        for op in OPERATIONS[service]:
            input_target = shapes[f"{namespace}#{op}"].get("input", {}).get("target")
            operations[op] = visit(input_target) if input_target and input_target != "smithy.api#Unit" else None
        out["services"][service] = {"operations": operations, "shapes": dict(sorted(kept.items()))}
    json.dump(out, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
