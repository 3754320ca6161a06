#!/usr/bin/env bash
# Lifecycle preview on synthetic images: builds the ControlPlane lifecycle and validation sources with
# `swiftc -O` into a standalone harness, runs it, runs the Python reference on the same images, and checks
# that both expire the same images with the same rules.
#
# Usage: bench/lifecycle/run.sh [IMAGE_COUNT]   (default 100000)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
count="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swiftc -O -module-name LifecycleBench \
    "$root"/Sources/ControlPlane/Validation/*.swift \
    "$root"/Sources/ControlPlane/Lifecycle/*.swift \
    "$root"/bench/lifecycle/main.swift \
    -o "$work/lifecycle-bench"

swift_line="$("$work/lifecycle-bench" "$root/bench/lifecycle/policy.json" "$work/images.tsv" "$count")"
python_line="$(python3 "$root/bench/lifecycle/reference.py" "$root/bench/lifecycle/policy.json" "$work/images.tsv")"
echo "$swift_line"
echo "$python_line"

python3 - "$swift_line" "$python_line" <<'PY'
import json, sys
swift, python = (json.loads(line) for line in sys.argv[1:3])
same = all(swift[key] == python[key] for key in ("images", "expired", "expiredPerRule", "checksum"))
print("results match" if same else "RESULTS DIFFER")
sys.exit(0 if same else 1)
PY
