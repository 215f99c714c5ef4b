#!/usr/bin/env bash
# Every benchmark of issue 14 in one go, as users run the command: S3 staging and start-up
# (run.sh: soen-cloud beside rclone and the AWS CLI) and the SSH upload (ssh.sh: beside
# `tar c | ssh tar x` and rsync, on loopback and shaped links, and resumed). Prints each script's
# runs and tables in turn. Not a test; CI never runs it.
#
#   benchmarks/all.sh [rounds=3]      (as root, for ssh.sh's unshare and tc)
#     BENCH_WORK  a folder for both scripts' data sets (kept, so a second run reuses them)
#     the other BENCH_* variables of run.sh and ssh.sh apply to each
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds="${1:-3}"
work="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/soen-bench.XXXXXX")}"
mkdir -p "$work/s3" "$work/ssh"
echo "## S3 staging and start-up (benchmarks/run.sh $rounds)"
BENCH_WORK="$work/s3" "$here/run.sh" "$rounds" 1.0 abc
echo
echo "## SSH upload (BENCH_BOOT_WAIT=${BENCH_BOOT_WAIT:-10} benchmarks/ssh.sh $rounds 3750 \"loopback 1gbit 200mbit resume\" ours,boot,pipe,rsync)"
BENCH_WORK="$work/ssh" BENCH_BOOT_WAIT="${BENCH_BOOT_WAIT:-10}" "$here/ssh.sh" "$rounds" 3750 \
  "loopback 1gbit 200mbit resume" ours,boot,pipe,rsync
