#!/usr/bin/env bash
# Bounded soak of ecr-control-plane on loopback: mixed reads and writes at 64 keep-alive connections for
# DURATION seconds. The server's RSS, SQLite memory, threads and open descriptors are sampled every SAMPLE
# seconds.
#
# The mix, per 10 requests: 6 × GET /v1/audit-events?limit=50, 1 × GET /v1/tokens, 1 × GET /healthz,
# 1 × POST /v1/tokens and 1 × DELETE /v1/tokens/{id} of a token created earlier (a GET /healthz when none is
# left). Each write adds a token row and an audit row, so the database grows for the whole run.
#
# Passes when, after the warm-up (WARMUP seconds), the RSS never exceeds the warm-up RSS by 10% or more, the
# open descriptors are back to the baseline once the load stops, and there was no error response and no
# socket error. Prints the samples and a summary; exits 1 when a check fails.
#
# Usage: bench/soak.sh      (DURATION=600 WARMUP=60 SAMPLE=10 CONNECTIONS=64 by default, in seconds and
#                            connections; needs wrk)
#        BINARY=.build/debug/ecr-control-plane bench/soak.sh   skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-600}"
warmup="${WARMUP:-60}"
sample="${SAMPLE:-10}"
connections="${CONNECTIONS:-64}"
work=$(mktemp -d -t ecp-soak-XXXXXX)
server_pid=""
wrk_pid=""

cleanup() {
    [ -n "$wrk_pid" ] && kill "$wrk_pid" 2>/dev/null
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "bench/soak.sh: wrk is missing; apt-get install wrk" >&2; exit 1; }
if [ "$warmup" -ge "$duration" ]; then
    echo "bench/soak.sh: WARMUP ($warmup s) must be shorter than DURATION ($duration s)" >&2
    exit 1
fi
if [ -z "${BINARY:-}" ]; then
    swift build -c release >/dev/null
    BINARY=.build/release/ecr-control-plane
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
database="$work/soak.sqlite"
admin=$("$BINARY" tokens create --database "$database" --name soak-admin --role admin 2>/dev/null)
"$BINARY" serve --database "$database" --listen "127.0.0.1:$port" --log-level warning 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
    sleep 0.1
done

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
thread_count() { awk '/^Threads/ {print $2}' "/proc/$server_pid/status"; }
# SQLite's own allocations (page caches, statements), to tell them apart from the rest of the RSS.
sqlite_kb() {
    curl -fs "http://127.0.0.1:$port/metrics" | awk '/^ecp_sqlite_memory_bytes / {printf "%d", $2 / 1024}'
}
fd_count() { find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 | wc -l; }

# Concurrent reads first, so that descriptors the server opens once stay out of the growth: each pooled
# SQLite reader opens the WAL file at its first read, which takes concurrent requests to reach every reader.
for path in /healthz /v1/tokens; do
    curl -fs -H "Authorization: Bearer $admin" "http://127.0.0.1:$port$path" >/dev/null
done
wrk -t1 -c16 -d2s -H "Authorization: Bearer $admin" "http://127.0.0.1:$port/v1/audit-events?limit=50" >/dev/null
sleep 1
baseline_fds=$(fd_count)

cat >"$work/soak.lua" <<LUA
local token = "$admin"
LUA
cat >>"$work/soak.lua" <<'LUA'
-- Runs once per wrk thread; created token ids wait here until a DELETE revokes them.
local counter = 0
local created = {}
local thread_tag = tostring(math.random(1, 1000000000))
local auth = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }

request = function()
    counter = counter + 1
    local slot = counter % 10
    if slot == 0 then
        local body = string.format('{"name":"soak-%s-%d","role":"viewer"}', thread_tag, counter)
        return wrk.format("POST", "/v1/tokens", auth, body)
    elseif slot == 1 then
        local id = table.remove(created, 1)
        if id then
            return wrk.format("DELETE", "/v1/tokens/" .. id, auth)
        end
        return wrk.format("GET", "/healthz", auth)
    elseif slot == 8 then
        return wrk.format("GET", "/v1/tokens", auth)
    elseif slot == 9 then
        return wrk.format("GET", "/healthz", auth)
    end
    return wrk.format("GET", "/v1/audit-events?limit=50", auth)
end

response = function(status, headers, body)
    if status == 201 then
        local id = string.match(body, '"info":{[^}]*"id":(%d+)') or string.match(body, '"id":(%d+)')
        if id then
            table.insert(created, id)
        end
    end
end
LUA

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), binary $BINARY, wrk -t1 -c$connections -d${duration}s, warm-up ${warmup}s"
echo "baseline: RSS $(rss_kb) kB, $baseline_fds open descriptors"

wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s -s "$work/soak.lua" "http://127.0.0.1:$port" \
    >"$work/wrk.out" 2>&1 &
wrk_pid=$!

echo
echo "| seconds | RSS kB | SQLite kB | threads | open descriptors |"
echo "|---|---|---|---|---|"
start=$(date +%s)
warmup_rss=""
max_rss=0
while kill -0 "$wrk_pid" 2>/dev/null; do
    sleep "$sample"
    elapsed=$(($(date +%s) - start))
    kill -0 "$wrk_pid" 2>/dev/null || break
    rss=$(rss_kb)
    echo "| $elapsed | $rss | $(sqlite_kb) | $(thread_count) | $(fd_count) |"
    if [ "$elapsed" -ge "$warmup" ]; then
        [ -n "$warmup_rss" ] || warmup_rss=$rss
        [ "$rss" -le "$max_rss" ] || max_rss=$rss
    fi
done
wait "$wrk_pid" || true
wrk_pid=""

# Connections close when wrk exits; give the server a moment to notice every FIN.
after_fds=$(fd_count)
for _ in $(seq 1 50); do
    [ "$after_fds" -le "$baseline_fds" ] && break
    sleep 0.1
    after_fds=$(fd_count)
done

requests=$(awk '/requests in/ {print $1}' "$work/wrk.out")
rate=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.out")
socket_errors=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' "$work/wrk.out")
growth=$(awk -v a="$max_rss" -v b="${warmup_rss:-0}" 'BEGIN { if (b > 0) printf "%.1f", (a - b) * 100 / b; else print "n/a" }')

echo
echo "requests: ${requests:-0} (${rate:-0} req/s), non-2xx: ${non2xx:-0}, socket errors: ${socket_errors:-0}"
echo "RSS after warm-up: ${warmup_rss:-n/a} kB, max after warm-up: $max_rss kB, growth: $growth%"
echo "SQLite memory at the end: $(sqlite_kb) kB (high water $(curl -fs "http://127.0.0.1:$port/metrics" \
    | awk '/^ecp_sqlite_memory_high_water_bytes / {printf "%d", $2 / 1024}') kB)"
echo "open descriptors: baseline $baseline_fds, after the load $after_fds"
echo "database: $(du -k "$database" | cut -f1) kB, $(du -k "$database-wal" 2>/dev/null | cut -f1 || echo 0) kB WAL"

failed=0
if [ -z "$warmup_rss" ] || awk -v g="$growth" 'BEGIN { exit !(g >= 10) }'; then
    echo "FAILED: RSS grew by 10% or more after the warm-up (or no sample was taken after it)"
    failed=1
fi
[ "$after_fds" -le "$baseline_fds" ] || { echo "FAILED: open descriptors did not return to the baseline"; failed=1; }
[ "${non2xx:-0}" -eq 0 ] || { echo "FAILED: $non2xx error responses"; failed=1; }
[ "${socket_errors:-0}" -eq 0 ] || { echo "FAILED: $socket_errors socket errors"; failed=1; }
[ "$failed" -eq 0 ] && echo "soak: ok"
exit "$failed"
