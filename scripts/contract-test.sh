#!/usr/bin/env bash
# Runs schemathesis against the live server and moto: every operation of openapi/openapi.yaml gets
# generated requests and request sequences. The run fails on any 5xx, on any response whose status,
# content type, headers or body the document does not allow, and on any request that the document
# forbids but the server accepts.
# It builds nothing: it runs the debug binary that `swift build` or `swift test` left in .build/debug.
# It expects scripts/with-moto.sh around it, which exports the moto endpoint, test credentials and
# ECP_TEST_VENV_BIN. Set ECP_CONTRACT_MAX_EXAMPLES to change the bound on test cases per operation,
# ECP_CONTRACT_SEED to draw other cases, ECP_CONTRACT_CHECKS or ECP_CONTRACT_PHASES to run other
# schemathesis checks or phases, and ECP_CONTRACT_REPORT_DIR to keep a HAR file of every request and
# response there.
# Usage: scripts/with-moto.sh scripts/contract-test.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary="$root/.build/debug/ecr-control-plane"
bin="${ECP_TEST_VENV_BIN:?run this under scripts/with-moto.sh}"
: "${ECP_TEST_MOTO_ENDPOINT:?run this under scripts/with-moto.sh}"
max_examples="${ECP_CONTRACT_MAX_EXAMPLES:-50}"
# The repository created before the run. openapi.yaml gives the same name as the example of the
# repository path parameter, so the examples phase reaches an existing repository too.
fixture_repository="team/app"
# Responses must match the document, and the server must reject what the document forbids: invalid
# parameters and bodies, methods a path lacks (405 with Allow) and requests without the token.
default_checks="not_a_server_error,status_code_conformance,content_type_conformance"
default_checks+=",response_headers_conformance,response_schema_conformance"
default_checks+=",negative_data_rejection,unsupported_method,allow_header_conformance,ignored_auth"

if [ ! -x "$binary" ]; then
    echo "contract-test: $binary is missing, so run swift build first" >&2
    exit 1
fi

work=$(mktemp -d -t contract-XXXXXX)
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop_server EXIT

database="$work/contract.sqlite"
port=$("$bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
token=$("$binary" tokens create --database "$database" --name contract --role admin --log-level error)

# The webhook secrets turn on both webhooks, so their generated requests get 401 instead of the 503 of a
# webhook without a secret.
"$binary" serve --listen "127.0.0.1:$port" --database "$database" --source-region us-east-1 \
    --webhook-secret contract-webhook-secret --eventbridge-secret contract-eventbridge-secret \
    --log-level warning >"$work/server.log" 2>&1 &
server_pid=$!

ready=false
for _ in $(seq 1 100); do
    if curl -fsS "$base/healthz" >/dev/null 2>&1; then
        ready=true
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        break
    fi
    sleep 0.1
done
if [ "$ready" != true ]; then
    echo "contract-test: the server did not respond on /healthz, and its log follows" >&2
    cat "$work/server.log" >&2
    exit 1
fi

# Sends one fixture request and stops the script unless the server returns 2xx.
create_fixture() {
    local method=$1 path=$2 body=$3 status
    status=$(curl -sS -o "$work/fixture.json" -w '%{http_code}' -X "$method" "$base$path" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body")
    if [[ "$status" != 2* ]]; then
        echo "contract-test: fixture request $method $path failed with HTTP $status" >&2
        cat "$work/fixture.json" >&2
        exit 1
    fi
}

# Existing documents let reads reach their 200 responses, whose bodies the run then checks.
create_fixture POST /v1/repositories "{\"name\": \"$fixture_repository\"}"
create_fixture PUT "/v1/repositories/$fixture_repository/lifecycle-policy" '{"rules": [{"rulePriority": 1,
    "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
    "countNumber": 14}, "action": {"type": "expire"}}]}'
create_fixture PUT "/v1/repositories/$fixture_repository/policy" '{"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": ["ecr:BatchGetImage"]}]}'
create_fixture PUT "/v1/registry-policy?region=us-west-2" '{"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
    "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
    "Resource": "arn:aws:ecr:us-west-2:123456789012:repository/*"}]}'

# Runs schemathesis on the operations that the extra options select. The first argument names the
# HAR report written when ECP_CONTRACT_REPORT_DIR is set.
run_schemathesis() {
    local name=$1
    shift
    local report_options=()
    if [ -n "${ECP_CONTRACT_REPORT_DIR:-}" ]; then
        report_options=(--report har --report-har-path "$ECP_CONTRACT_REPORT_DIR/$name.har.json")
    fi
    "$bin/schemathesis" --config-file "$root/scripts/schemathesis.toml" run "$root/openapi/openapi.yaml" \
        --url "$base" \
        --header "Authorization: Bearer $token" \
        --checks "${ECP_CONTRACT_CHECKS:-$default_checks}" \
        --phases "${ECP_CONTRACT_PHASES:-examples,coverage,fuzzing,stateful}" \
        --max-examples "$max_examples" \
        --workers 1 \
        --request-timeout 30 \
        --seed "${ECP_CONTRACT_SEED:-1}" \
        --generation-database none \
        --no-color \
        "${report_options[@]}" \
        "$@"
}

started=$(date +%s)
set +e
# Token revocation runs last and alone because its generated ids include the contract token's own,
# after which every request gets 401.
run_schemathesis operations --exclude-operation-id revokeToken
result=$?
run_schemathesis revoke-token --include-operation-id revokeToken
revoke_result=$?
set -e
if [ "$result" = 0 ]; then
    result=$revoke_result
fi
echo "contract-test: schemathesis finished in $(($(date +%s) - started)) s with exit status $result"
if [ "$result" != 0 ]; then
    echo "contract-test: the server log follows" >&2
    tail -n 100 "$work/server.log" >&2
fi
exit "$result"
