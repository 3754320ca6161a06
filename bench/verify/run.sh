#!/usr/bin/env bash
# Job verification on moto: one check round of 1,000 digests in 2 destination regions, where the first
# region has every digest and the second has PRESENT of them. Counts the AWS calls and wall time of the
# batched verifier and of one DescribeImages call per digest per region, in the same run, and prints a
# Markdown table for docs/benchmarks.md.
#
# Usage: bench/verify/run.sh
#   DIGESTS       digests per run, default 1000
#   CONCURRENCY   AWS calls in flight for both methods, default 8
#   PRESENT       digests the second region has, default half of DIGESTS
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), configuration: debug, moto $(.venv/bin/python -c 'import moto; print(moto.__version__)')"
swift build --build-tests >/dev/null
ECP_BENCH_VERIFY=1 \
    ECP_BENCH_VERIFY_DIGESTS="${DIGESTS:-1000}" \
    ECP_BENCH_VERIFY_CONCURRENCY="${CONCURRENCY:-8}" \
    ECP_BENCH_VERIFY_PRESENT="${PRESENT:-$((${DIGESTS:-1000} / 2))}" \
    scripts/with-moto.sh swift test --skip-build --filter JobsVerifyBenchmarkTests 2>&1 |
    sed -n -e '/^verify-bench/,/^| one/p' -e '/Test run with/p'
