#!/usr/bin/env bash
# Runs the whole test suite: every Swift test, then the schemathesis contract run against the live
# server. The contract run starts only after `swift test` has finished, because it deletes and
# overwrites repositories and policies in moto with random data.
# Usage: scripts/with-moto.sh scripts/test-all.sh  (SWIFT selects the swift binary)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
swift="${SWIFT:-swift}"
cd "$root"
"$swift" build
log=$(mktemp -t swift-test-XXXXXX.log)
trap 'rm -f "$log"' EXIT
"$swift" test --parallel 2>&1 | tee "$log"
scripts/contract-test.sh
# Repeat the Swift test summary last, so the closing line of the run is the test count.
grep -E "Test run with [0-9]+ tests" "$log" | tail -n 1 || true
