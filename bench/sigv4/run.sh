#!/usr/bin/env bash
# Compares SigV4 signing speed of the server's signer with botocore's SigV4Auth on the same ECR
# DescribeImages request. Builds the Swift harness in release mode, then runs both ROUNDS times,
# alternating, SECONDS each, and prints every rate and the median ratio.
# Usage: bench/sigv4/run.sh [ROUNDS] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-3}
seconds=${2:-2}

bin=$("$root/scripts/venv.sh")
swift build -c release --package-path "$here" --product SigV4Bench >&2
bench="$(swift build -c release --package-path "$here" --show-bin-path)/SigV4Bench"

swift_rates=()
boto_rates=()
for round in $(seq 1 "$rounds"); do
    s=$("$bench" "$seconds" | sed -n 's/.*signatures_per_second=\([0-9]*\).*/\1/p')
    b=$("$bin/python" "$here/botocore_sigv4.py" "$seconds" | sed -n 's/.*signatures_per_second=\([0-9]*\).*/\1/p')
    echo "round $round: swift ${s}/s, botocore ${b}/s"
    swift_rates+=("$s")
    boto_rates+=("$b")
done

"$bin/python" - "${swift_rates[*]}" "${boto_rates[*]}" <<'PY'
import statistics, sys
swift = [int(x) for x in sys.argv[1].split()]
boto = [int(x) for x in sys.argv[2].split()]
ratios = [s / b for s, b in zip(swift, boto)]
print(f"median: swift {int(statistics.median(swift))}/s, botocore {int(statistics.median(boto))}/s, "
      f"ratio {statistics.median(ratios):.1f}x (per round: {', '.join(f'{r:.1f}x' for r in ratios)})")
PY
