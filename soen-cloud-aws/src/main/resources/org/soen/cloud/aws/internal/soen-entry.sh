#!/bin/sh
# soen-cloud entry wrapper (cloud.secrets: secrets_manager), staged with the config at
# /opt/ml/input/data/config/soen-entry.sh and run as the container's entry point: it reads this
# job's secret from AWS Secrets Manager, exports each of its entries as an environment variable and
# execs the training command (its arguments) with them, so the values never appear in the job's
# Environment (DescribeTrainingJob, the console).
#
# The image needs /bin/sh and python3 (or python) with boto3, as the AWS Deep Learning Containers
# for PyTorch and JAX training have; the execution role needs secretsmanager:GetSecretValue on
# arn:aws:secretsmanager:<region>:<account>:secret:soen-cloud/*.
set -eu
: "${SOEN_SECRET_ID:?soen-entry: SOEN_SECRET_ID is not set}"
: "${SOEN_SECRET_REGION:?soen-entry: SOEN_SECRET_REGION is not set}"
PY=python3
command -v "$PY" >/dev/null 2>&1 || PY=python
exports=$("$PY" - <<'PYTHON'
import json, os, re, shlex, sys
try:
    import boto3
except ImportError:
    sys.exit("soen-entry: this image has no boto3; install it (pip install boto3) or use cloud.secrets: environment")
client = boto3.client("secretsmanager", region_name=os.environ["SOEN_SECRET_REGION"])
try:
    value = client.get_secret_value(SecretId=os.environ["SOEN_SECRET_ID"])["SecretString"]
except Exception as e:
    sys.exit("soen-entry: cannot read secret " + os.environ["SOEN_SECRET_ID"] + " (" + type(e).__name__
             + "); the execution role needs secretsmanager:GetSecretValue on it")
for name, secret in json.loads(value).items():
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        sys.exit("soen-entry: secret entry name is not a variable name: " + name)
    print("export " + name + "=" + shlex.quote(secret))
PYTHON
)
eval "$exports"
unset exports
exec "$@"
