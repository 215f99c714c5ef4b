#!/usr/bin/env bash
# Benchmarks soen-cloud as users run it: the `soen-cloud` command (examples/cli/soen-cloud, a fresh
# JVM each run) against S3Proxy and a FakeSageMaker running as processes of their own on 127.0.0.1,
# beside rclone and the AWS CLI in the same run, rounds interleaved with the order rotating.
# Prints every run, then markdown tables (medians, spread, peak RSS, load). Not a test; CI never runs it.
#
#   benchmarks/run.sh [rounds=3] [scale=1.0] [sets=abc; "": none, the start-up rows only] [another soen-cloud command, timed beside as "before"]
#     BENCH_WORK         work folder (default: a new folder under ${TMPDIR:-/tmp}); data sets are kept there
#     BENCH_MVN_FLAGS    extra Maven flags for the build (e.g. -o)
#     BENCH_CLI          the soen-cloud command to time (default: examples/cli/soen-cloud)
#     BENCH_PEERS        the peers to run beside it, comma-separated (default: rclone,aws; "none" for none)
#     BENCH_AGAIN=off    skip re-staging B unchanged;  BENCH_LIST=off  skip the list rounds
# Needs: a JDK 17, Maven, rclone and aws (Debian: apt-get install -y rclone awscli), /usr/bin/time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
for tool in rclone /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (Debian: apt-get install -y rclone awscli time)" >&2; exit 2; }
done
command -v aws >/dev/null || [[ -x /usr/bin/aws ]] || { echo "run.sh: aws is missing (Debian: apt-get install -y awscli)" >&2; exit 2; }

# shellcheck disable=SC2086
(cd "$root" && mvn -B -q ${BENCH_MVN_FLAGS:-} -Pbenchmarks -pl benchmarks,examples/cli -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2)
work="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/soen-bench.XXXXXX")}"
exec java -Xmx256m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  org.soen.cloud.bench.UserRunBenchmark "$work" "${BENCH_CLI:-$root/examples/cli/soen-cloud}" "${1:-3}" "${2:-1.0}" "${3-abc}" "${4:-}"
