#!/usr/bin/env bash
# HTTPS throughput of ecr-control-plane next to nginx serving the same certificate, in the same run.
#
# Makes a P-256 self-signed certificate and starts two HTTPS servers with it on loopback: the release
# server (--tls-cert/--tls-key, fresh database) and nginx (one worker, TLS 1.2 and 1.3). Then it runs
# the loads below against GET /healthz of each. Each round alternates nginx and the server.
#   full handshake      openssl s_time -new: one connection at a time, each a new TLS 1.3 session
#   resumed handshake   wrk, 16 connections with "Connection: close"; wrk reconnects with the
#                       session ticket it got, so each request is a new TCP connection and an
#                       abbreviated TLS 1.3 handshake
#   keep-alive          wrk, 64 and 1 connections that keep their TLS session
# It prints requests per second (handshakes per second for the first two), p99 (wrk only), and RSS.
# It also prints CPU microseconds per request of the server process or the nginx worker.
#
# Usage: bench/tls.sh            (ROUNDS=2 DURATION=10s by default, DURATION in whole seconds;
#                                 needs wrk, nginx-light, openssl)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${ROUNDS:-2}"
duration="${DURATION:-10s}"
work=$(mktemp -d -t ecp-bench-tls-XXXXXX)
server_port=18444
nginx_port=18443
server_pid=""
nginx_pid=""

cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx openssl; do
    command -v "$tool" >/dev/null || { echo "bench/tls.sh: $tool is missing; apt-get install wrk nginx-light openssl" >&2; exit 1; }
done

swift build -c release >/dev/null
binary=.build/release/ecr-control-plane

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

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
    listen 127.0.0.1:$nginx_port ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location /healthz { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
NGINX
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
sleep 0.5
nginx_pid=$(cat "$work/nginx/nginx.pid")
# The worker process serves the requests, so its CPU time is the one to compare.
nginx_worker=$(pgrep -P "$nginx_pid" | head -n 1)

"$binary" serve --database "$work/bench.sqlite" --listen "127.0.0.1:$server_port" --log-level warning \
    --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs --cacert "$work/cert.pem" "https://127.0.0.1:$server_port/healthz" >/dev/null && break
    sleep 0.1
done
curl -fs --cacert "$work/cert.pem" "https://127.0.0.1:$nginx_port/healthz" >/dev/null

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# Prints "handshakes/s - cpu_us_per_handshake errors" for one openssl s_time run against pid $1.
measure_full_handshakes() {
    local pid=$1 port=$2
    local before after started finished output count seconds
    before=$(cpu_ticks "$pid")
    started=$(date +%s.%N)
    output=$(openssl s_time -connect "127.0.0.1:$port" -new -time "${duration%s}" -www /healthz 2>&1)
    finished=$(date +%s.%N)
    after=$(cpu_ticks "$pid")
    count=$(echo "$output" | awk '/connections in .* real seconds/ {print $1}')
    awk -v n="$count" -v s="$started" -v f="$finished" -v t=$((after - before)) -v hz="$ticks_per_second" \
        'BEGIN { printf "%.1f - %.1f none\n", n / (f - s), t / hz * 1e6 / n }'
}

# Prints "req/s p99 cpu_us_per_request errors" for one wrk run against pid $1.
measure() {
    local pid=$1 connections=$2 url=$3
    shift 3
    local before after output requests
    before=$(cpu_ticks "$pid")
    output=$(wrk -t1 -c"$connections" -d"$duration" --latency "$@" "$url")
    after=$(cpu_ticks "$pid")
    requests=$(echo "$output" | awk '/requests in/ {print $1}')
    local rate p99 errors cpu_us
    rate=$(echo "$output" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$output" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$output" | awk '/Socket errors|Non-2xx/ {print}' | tr '\n' ' ')
    cpu_us=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    echo "$rate $p99 $cpu_us ${errors:-none}"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ), wrk -t1 -d$duration, $rounds rounds alternating nginx and server"
echo "$(nginx -v 2>&1), $(openssl version), certificate: ECDSA P-256 self-signed"
echo "server RSS before load: $(rss_kb "$server_pid") kB; nginx worker RSS: $(rss_kb "$nginx_worker") kB"
echo
echo "| round | target | load | connections | req/s | p99 | CPU µs/request | errors |"
echo "|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
    for target in nginx server; do
        if [ "$target" = nginx ]; then pid=$nginx_worker port=$nginx_port; else pid=$server_pid port=$server_port; fi
        url="https://127.0.0.1:$port/healthz"
        read -r rate p99 cpu errors <<<"$(measure_full_handshakes "$pid" "$port")"
        echo "| $round | $target | full handshake | 1 | $rate | $p99 | $cpu | $errors |"
        read -r rate p99 cpu errors <<<"$(measure "$pid" 16 "$url" -H "Connection: close")"
        echo "| $round | $target | resumed handshake | 16 | $rate | $p99 | $cpu | $errors |"
        for connections in 64 1; do
            read -r rate p99 cpu errors <<<"$(measure "$pid" "$connections" "$url")"
            echo "| $round | $target | keep-alive | $connections | $rate | $p99 | $cpu | $errors |"
        done
    done
done
echo
echo "server RSS after load: $(rss_kb "$server_pid") kB; nginx worker RSS: $(rss_kb "$nginx_worker") kB"
echo "server TLS log lines: $(grep -c '"TLS handshake' "$work/server.log" || true)"
