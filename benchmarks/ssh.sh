#!/usr/bin/env bash
# Benchmarks the SSH dataset upload (soen-cloud-lambdalabs' UploadBenchmark: our tar stream over
# MINA SSH in a fresh JVM) against `tar cf - | ssh tar xf -` and `rsync -a` to a private OpenSSH
# sshd on 127.0.0.1: on loopback, on links shaped by tc (tbf) inside a private network namespace
# (`unshare -n`: sshd and every client run inside it), and completing a transfer dropped at 50%.
# Rounds interleaved, order rotating, medians; prints every run, then one markdown table.
# Not a test; CI never runs it.
#
#   benchmarks/ssh.sh [rounds=3] [images=3750] [links="loopback 1gbit 200mbit resume"] [peers=ours,pipe,rsync]
#     peers: ours (fresh JVM), boot (fresh JVM that first waits BENCH_BOOT_WAIT seconds, as `train` waits
#            for its instance, while the product's upload warm-up runs; the clock starts after the wait),
#            warm (a JVM that uploaded once before, connection open), pipe, rsync, recipe
#     3,750 images make the benchmarks' data set B: 9,001 files, 457 MiB.
#     BENCH_WORK       work folder (default: a new folder under ${TMPDIR:-/tmp}); the data set is kept there
#     BENCH_MVN_FLAGS  extra Maven flags for the build (e.g. -o)
#     BENCH_DELAY      optional netem delay added on the shaped links (e.g. 10ms: each way, so RTT 2x)
#     BENCH_BOOT_WAIT  seconds of the boot peer's simulated boot wait (default 5; Lambda instances take 60-180)
#     BENCH_JAVA_OPTS  JVM options of our JVMs (default: the installed launcher's, read from its jit=(...)
#                      and opts=(...) arrays, as `soen-cloud train` runs; no class-data archive, which is the CLI jar's)
# Needs: root (unshare, tc), a JDK 17, Maven, OpenSSH server and client, rsync, iproute2, /usr/bin/time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
for tool in rsync /usr/sbin/sshd ssh tc unshare /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "ssh.sh: $tool is missing (Debian: apt-get install -y rsync openssh-server iproute2 time)" >&2; exit 2; }
done
rounds="${1:-3}"
images="${2:-3750}"
links="${3:-loopback 1gbit 200mbit resume}"
peers="${4:-ours,pipe,rsync}"
mod="$root/soen-cloud-lambdalabs"
# shellcheck disable=SC2086
(cd "$root" && mvn -B -q ${BENCH_MVN_FLAGS:-} -pl soen-cloud-lambdalabs -am test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >&2)
cp="$mod/target/test-classes:$mod/target/classes:$(cat "$mod/target/bench-classpath.txt")"
work="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/soen-ssh-bench.XXXXXX")}"
if [[ -z "${BENCH_JAVA_OPTS:-}" ]]; then
  # shellcheck disable=SC2016
  BENCH_JAVA_OPTS="$(bash -c 'eval "$(sed -n "/^jit=(/,/)\$/p; /^opts=(.*)\$/p" "$1")"; printf "%s " "${opts[@]}"' _ \
    "$root/examples/cli/src/dist/bin/soen-cloud")"
fi
echo "ssh.sh: our JVMs run with: $BENCH_JAVA_OPTS" >&2
bench=(java -Xmx256m "-Dbench.childOpts=$BENCH_JAVA_OPTS" -Dbench.bootWait="${BENCH_BOOT_WAIT:-5}" -cp "$cp" org.soen.cloud.lambdalabs.internal.UploadBenchmark "$images" "$work" "$rounds")
rows=()
for link in $links; do
  case "$link" in
    loopback) out="$("${bench[@]}" loopback "$peers" fresh | tee >(cat >&2))" ;;
    resume) out="$("${bench[@]}" loopback "$peers" resume | tee >(cat >&2))" ;;
    *)
      shape="tc qdisc add dev lo root handle 1: tbf rate $link burst 256kb latency 50ms"
      if [[ -n "${BENCH_DELAY:-}" ]]; then
        shape+=" && tc qdisc add dev lo parent 1:1 handle 10: netem delay $BENCH_DELAY limit 100000"
      fi
      label="tbf $link${BENCH_DELAY:+, netem delay $BENCH_DELAY}"
      # shellcheck disable=SC2016
      out="$(unshare -n bash -c 'ip link set lo up && '"$shape"' && exec "$@"' shaped \
        "${bench[@]}" "$label" "$peers" fresh | tee >(cat >&2))" ;;
  esac
  rows+=("$(tail -n 1 <<<"$out")")
  header="$(tail -n 3 <<<"$out" | head -n 2)"
done
echo
echo "SSH upload, $images images ($(date -u +%F), $(nproc) CPUs; cells: median (fastest–slowest), MiB/s, peak RSS)"
echo "$header"
printf '%s\n' "${rows[@]}"
