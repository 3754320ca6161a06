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
"$swift" test --parallel
scripts/contract-test.sh
