#!/usr/bin/env bash
# HTTP throughput of ecr-control-plane next to nginx on the same machine, in the same run.
#
# Starts the release server on a fresh database, fills 10,000 audit rows through the API, then runs
# wrk alternately against nginx (one worker, fixed JSON 200) and the server:
#   GET /healthz                       64 and 1 keep-alive connections
#   GET /v1/audit-events?limit=50      64 connections, with a viewer token
# and prints req/s, p99, the server's CPU microseconds per request and its RSS before and after.
#
# Usage: bench/http.sh            (ROUNDS=2 DURATION=10s by default; needs wrk and nginx-light)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${ROUNDS:-2}"
duration="${DURATION:-10s}"
work=$(mktemp -d -t ecp-bench-XXXXXX)
server_port=18081
nginx_port=18080
server_pid=""
nginx_pid=""

cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx; do
    command -v "$tool" >/dev/null || { echo "bench/http.sh: $tool is missing; apt-get install wrk nginx-light" >&2; exit 1; }
done

swift build -c release >/dev/null
binary=.build/release/ecr-control-plane

mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location /healthz { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
NGINX
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
sleep 0.5
nginx_pid=$(cat "$work/nginx/nginx.pid")
# The worker process serves the requests, so its CPU time is the one to compare.
nginx_worker=$(pgrep -P "$nginx_pid" | head -n 1)

database="$work/bench.sqlite"
admin=$("$binary" tokens create --database "$database" --name bench-admin --role admin 2>/dev/null)
viewer=$("$binary" tokens create --database "$database" --name bench-viewer --role viewer 2>/dev/null)
"$binary" serve --database "$database" --listen "127.0.0.1:$server_port" --log-level warning 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$server_port/healthz" >/dev/null && break
    sleep 0.1
done

# 10,000 audit rows: each token creation writes one.
python3 - "$server_port" "$admin" <<'PY'
import http.client, json, sys, concurrent.futures
port, token = int(sys.argv[1]), sys.argv[2]
def fill(start):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    for index in range(start, start + 2500):
        body = json.dumps({"name": f"fill-{index}", "role": "viewer"})
        connection.request("POST", "/v1/tokens", body, {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        assert response.status == 201, response.status
with concurrent.futures.ThreadPoolExecutor(4) as pool:
    list(pool.map(fill, range(0, 10000, 2500)))
PY

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# Prints "req/s p99 cpu_us_per_request" for one wrk run against pid $1.
measure() {
    local pid=$1 connections=$2 url=$3
    shift 3
    local before after output requests
    before=$(cpu_ticks "$pid")
    output=$(wrk -t1 -c"$connections" -d"$duration" --latency "$@" "$url")
    after=$(cpu_ticks "$pid")
    requests=$(echo "$output" | awk '/requests in/ {print $1}')
    local rate p99 non2xx
    rate=$(echo "$output" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$output" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$output" | awk '/Non-2xx/ {print $NF}')
    local cpu_us
    cpu_us=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    echo "$rate $p99 $cpu_us ${non2xx:-0}"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), wrk -t1 -d$duration, $rounds rounds alternating nginx and server"
echo "server RSS before load: $(rss_kb "$server_pid") kB; nginx worker RSS: $(rss_kb "$nginx_worker") kB"
echo
echo "| round | target | connections | req/s | p99 | CPU µs/request | non-2xx |"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
    for connections in 64 1; do
        read -r rate p99 cpu non2xx <<<"$(measure "$nginx_worker" "$connections" "http://127.0.0.1:$nginx_port/healthz")"
        echo "| $round | nginx /healthz | $connections | $rate | $p99 | $cpu | $non2xx |"
        read -r rate p99 cpu non2xx <<<"$(measure "$server_pid" "$connections" "http://127.0.0.1:$server_port/healthz")"
        echo "| $round | server /healthz | $connections | $rate | $p99 | $cpu | $non2xx |"
    done
    read -r rate p99 cpu non2xx <<<"$(measure "$server_pid" 64 "http://127.0.0.1:$server_port/v1/audit-events?limit=50" -H "Authorization: Bearer $viewer")"
    echo "| $round | server /v1/audit-events?limit=50 | 64 | $rate | $p99 | $cpu | $non2xx |"
done
echo
echo "server RSS after load: $(rss_kb "$server_pid") kB"
