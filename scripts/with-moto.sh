#!/usr/bin/env bash
# Runs a command with moto_server on a free loopback port and stops it afterwards.
# The command sees ECP_TEST_MOTO_ENDPOINT (http://127.0.0.1:PORT) and AWS settings that keep every
# call on loopback: fixed test credentials, AWS_ENDPOINT_URL, and no instance-metadata lookups.
# Usage: scripts/with-moto.sh COMMAND [ARG...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$("$root/scripts/venv.sh")
port=$("$bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
log=$(mktemp -t moto-XXXXXX.log)

"$bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!
stop_moto() {
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    rm -f "$log"
}
trap stop_moto EXIT

for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1; then
        break
    fi
    if ! kill -0 "$moto_pid" 2>/dev/null; then
        echo "with-moto: moto_server exited before it was ready; its log follows" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done

export ECP_TEST_MOTO_ENDPOINT="http://127.0.0.1:$port"
export ECP_TEST_VENV_BIN="$bin"
export AWS_ENDPOINT_URL="$ECP_TEST_MOTO_ENDPOINT"
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_WEB_IDENTITY_TOKEN_FILE AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
    AWS_CONTAINER_CREDENTIALS_FULL_URI
"$@"
