#!/usr/bin/env bash
# Fills a database with 1,000,000 audit rows through AuditLog, then times filtered, paged queries and a
# verify of the whole chain. The fill runs once because reruns reuse the file. The output is the Markdown
# table of docs/benchmarks.md.
#
# Usage: bench/audit-query.sh [DATABASE_PATH]
#   DATABASE_PATH   default bench/results/audit-1m.sqlite (bench/results is not committed)
#   ROWS            rows to fill, default 1000000
#   REPETITIONS     timed runs per query after one warm-up run, default 20
#   CONFIGURATION   release (default) or debug
set -euo pipefail
cd "$(dirname "$0")/.."

database="${1:-bench/results/audit-1m.sqlite}"
mkdir -p "$(dirname "$database")"
database="$(cd "$(dirname "$database")" && pwd)/$(basename "$database")"
configuration="${CONFIGURATION:-release}"
build_flags=()
if [ "$configuration" = release ]; then
    # @testable imports need testing enabled in an optimized build.
    build_flags=(-c release -Xswiftc -enable-testing)
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), configuration: $configuration, sqlite $(pkg-config --modversion sqlite3)"
if ! ECP_BENCH_AUDIT_DB="$database" \
    ECP_BENCH_AUDIT_ROWS="${ROWS:-1000000}" \
    ECP_BENCH_AUDIT_REPETITIONS="${REPETITIONS:-20}" \
    swift test "${build_flags[@]}" --filter AuditLogBenchmarkTests >"$log" 2>&1; then
    cat "$log"
    exit 1
fi
grep -E '^(fill|verify|authenticate|append|\||$)' "$log" | sed '/^$/N;/^\n$/D'
echo "database: $database, $(du -h "$database" | cut -f1) (plus -wal)"
