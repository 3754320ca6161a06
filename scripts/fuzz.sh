#!/usr/bin/env bash
# Builds the libFuzzer targets of the Fuzz/ package with -sanitize=fuzzer,address and runs each one for a
# bounded time, at most FUZZ_JOBS at once, at nice 10. Seeds come from Fuzz/Corpus/<target>; new inputs go
# to .fuzz/corpus/<target>, logs to .fuzz/logs/<target>.log and crashing inputs to .fuzz/artifacts/.
# Prints one summary line per target (executions, exec/s, cov, ft) and exits 1 when any target failed.
#
# Usage: scripts/fuzz.sh [TARGET...]      (all targets when none is given)
#   FUZZ_SECONDS  run time per target in seconds (default 180)
#   FUZZ_JOBS     targets run at the same time (default 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds="${FUZZ_SECONDS:-180}"
jobs="${FUZZ_JOBS:-2}"
scratch=.fuzz/build
all_targets=(
    FuzzHTTPRequestParser
    FuzzChunkedBody
    FuzzLifecyclePolicy
    FuzzReplicationConfiguration
    FuzzAWSErrorJSON
    FuzzAWSErrorQueryXML
    FuzzWebhookSignature
)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

# The address sanitizer needs optimised code with testing enabled, so that targets can reach internal parsers
# through @testable import.
build_flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing)
nice -n 10 swift build --package-path Fuzz --scratch-path "$scratch" "${build_flags[@]}" 2>&1 |
    grep -v "__asan_extra_spill_area" >&2
bin=$(swift build --package-path Fuzz --scratch-path "$scratch" "${build_flags[@]}" --show-bin-path)
mkdir -p .fuzz/logs .fuzz/artifacts

run_target() {
    local target=$1
    mkdir -p ".fuzz/corpus/$target"
    # Swift's own crash handler would run inside ASan's report and hide it, so it is turned off. The leak
    # suppressions file is for leaks inside the toolchain, not in this project (see the file).
    SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$root/Fuzz/lsan-suppressions.txt:print_suppressions=0" \
        nice -n 10 "$bin/$target" \
        -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix=".fuzz/artifacts/$target-" \
        ".fuzz/corpus/$target" "Fuzz/Corpus/$target" >".fuzz/logs/$target.log" 2>&1
}

# Prints the target, its status and, from libFuzzer's last status line (the DONE line), the executions so
# far, exec/s, and the coverage counters cov and ft.
summarize() {
    local target=$1 status=$2 log=".fuzz/logs/$1.log"
    local line runs rate cov ft
    line=$( (grep -E '^#[0-9]+.*cov: ' "$log" || true) | tail -n 1)
    runs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$line")
    rate=$(grep -oE 'exec/s: [0-9]+' <<<"$line" | cut -d' ' -f2) || true
    cov=$(grep -oE 'cov: [0-9]+' <<<"$line" | cut -d' ' -f2) || true
    ft=$(grep -oE 'ft: [0-9]+' <<<"$line" | cut -d' ' -f2) || true
    printf '%-30s %-6s runs=%s exec/s=%s cov=%s ft=%s\n' "$target" "$status" "${runs:-?}" "${rate:-?}" \
        "${cov:-?}" "${ft:-?}"
}

pids=()
names=()
failed=0
wait_first() {
    local status=ok
    wait "${pids[0]}" || status=FAILED
    [ "$status" = ok ] || failed=1
    summarize "${names[0]}" "$status"
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
}
stop_all() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

echo "Fuzzing ${#targets[@]} targets for ${seconds}s each, ${jobs} at a time." >&2
for target in "${targets[@]}"; do
    [ -x "$bin/$target" ] || { echo "fuzz.sh: unknown target $target" >&2; exit 2; }
    [ ${#pids[@]} -lt "$jobs" ] || wait_first
    run_target "$target" &
    pids+=($!)
    names+=("$target")
done
while [ ${#pids[@]} -gt 0 ]; do wait_first; done
trap - EXIT

if [ "$failed" -ne 0 ]; then
    echo "fuzz.sh: a target failed; see .fuzz/logs and the inputs in .fuzz/artifacts." >&2
fi
exit "$failed"
