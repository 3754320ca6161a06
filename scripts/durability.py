#!/usr/bin/env python3
"""Crash-safety check of `ecr-control-plane serve` against a temporary SQLite file and moto.

Concurrent clients send mutating requests (token create and revoke, repository create, lifecycle and
repository policy put, replication job create) while the server is killed with SIGKILL at random moments and restarted, several
times. After each kill, with the server down, the database must pass `PRAGMA integrity_check`, and every
request that got a 2xx must have its succeeded audit row (found by its X-Request-Id) and, for tokens, its
row, and every acknowledged job its row. After each restart the API must return the acknowledged
repositories and policies, every acknowledged job must finish as succeeded (a job whose server was killed
is taken again when its lease expires), and `GET /v1/audit-events/verify` must report an intact chain. The last round sends SIGTERM instead: every
request already sent by then must get its response, and the server must exit 0 within the grace period.

The random seed is printed first; pass it back with --seed to replay the same kill times and requests.
Everything runs on 127.0.0.1. With --moto-bin the script starts a moto_server of its own for the server,
because the constant writes slow a shared moto enough that other suites' AWS calls time out and retry.
Without it the server uses AWS_ENDPOINT_URL (scripts/with-moto.sh sets it).

Usage: scripts/durability.py --binary .build/debug/ecr-control-plane [--moto-bin .venv/bin] [--seed N]
       [--rounds 4] [--clients 4]
"""
import argparse
import ctypes
import hashlib
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback

REGION = "us-west-1"  # used by this check only, so its repositories never meet another suite's
ACCOUNT = "123456789012"  # the account moto reports for any test credentials
SHUTDOWN_GRACE_SECONDS = 10
JOB_REPOSITORY = "durability/jobs"  # with the seed appended, the repository of the one image every job verifies
JOB_DESTINATION = "us-east-2"
JOB_WAIT_SECONDS = 30  # how long a job may take to finish after a restart
ROUND_SECONDS = (0.5, 2.5)  # how long clients run before the kill, drawn per round

LIFECYCLE_POLICY = json.dumps(
    {
        "rules": [
            {
                "rulePriority": 1,
                "description": "Expire untagged images after 14 days",
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "sinceImagePushed",
                    "countUnit": "days",
                    "countNumber": 14,
                },
                "action": {"type": "expire"},
            }
        ]
    }
)
REPOSITORY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "pull",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["ecr:BatchGetImage"],
            }
        ],
    }
)


def stop_with_parent():
    """Asks Linux to send SIGTERM to this child when the script dies (prctl PR_SET_PDEATHSIG), so a killed
    script leaves no server or moto behind."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def log(message):
    print(message, flush=True)


class Ledger:
    """Records every acknowledged (2xx) request; shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = []  # dicts with kind, request_id and what to check
        self.tokens = {}  # name -> token id, for revokes
        self.repositories = []  # names whose creation was acknowledged
        self.job_repository = None  # the repository and digest of the image jobs verify, once pushed
        self.job_digest = None

    def add(self, record):
        with self.lock:
            self.acknowledged.append(record)
            if record["kind"] == "token.create":
                self.tokens[record["name"]] = record["id"]
            elif record["kind"] == "repository.create":
                self.repositories.append(record["name"])

    def pick_token(self, rng):
        with self.lock:
            return rng.choice(sorted(self.tokens.items())) if self.tokens else None

    def forget_token(self, name):
        with self.lock:
            self.tokens.pop(name, None)

    def pick_repository(self, rng):
        with self.lock:
            return rng.choice(self.repositories) if self.repositories else None


# Each maker returns (method, path, body, on_success) or None when it has nothing to act on yet.
# on_success(response_json) returns the record to add to the ledger.


def make_token_create(rng, ledger, tag):
    name = f"dur-{tag}"

    def record(body):
        return {"kind": "token.create", "name": name, "id": body["info"]["id"]}

    return "POST", "/v1/tokens", json.dumps({"name": name, "role": "viewer"}), record


def make_token_revoke(rng, ledger, tag):
    picked = ledger.pick_token(rng)
    if picked is None:
        return None
    name, token_id = picked
    ledger.forget_token(name)
    return "DELETE", f"/v1/tokens/{token_id}", None, lambda body: {"kind": "token.revoke", "name": name}


def make_repository_create(rng, ledger, tag):
    name = f"durability/{tag}"
    body = json.dumps({"name": name})
    return "POST", "/v1/repositories", body, lambda _: {"kind": "repository.create", "name": name}


def make_lifecycle_put(rng, ledger, tag):
    name = ledger.pick_repository(rng)
    if name is None:
        return None
    path = f"/v1/repositories/{name}/lifecycle-policy"
    return "PUT", path, LIFECYCLE_POLICY, lambda _: {"kind": "lifecycle.put", "name": name}


def make_repository_policy_put(rng, ledger, tag):
    name = ledger.pick_repository(rng)
    if name is None:
        return None
    path = f"/v1/repositories/{name}/policy"
    return "PUT", path, REPOSITORY_POLICY, lambda _: {"kind": "policy.put", "name": name}


def make_job_create(rng, ledger, tag):
    if ledger.job_digest is None:
        return None
    destinations = [{"region": JOB_DESTINATION, "registryId": ACCOUNT}]
    body = json.dumps(
        {"repository": ledger.job_repository, "digest": ledger.job_digest, "destinations": destinations,
         "deadlineSeconds": 300}
    )
    return "POST", "/v1/replication-jobs", body, lambda response: {"kind": "job.create", "id": response["id"]}


def push_job_image(endpoint, repository):
    """Puts one image into the source repository and the same manifest into the destination, standing in for
    ECR replication, which moto does not do, so that every job can succeed. Returns the digest."""
    import boto3  # from the venv that runs this script

    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 2,
                       "digest": "sha256:" + hashlib.sha256(b"{}").hexdigest()},
            "layers": [],
        }
    )
    digest = "sha256:" + hashlib.sha256(manifest.encode()).hexdigest()
    for region in (REGION, JOB_DESTINATION):
        client = boto3.client("ecr", region_name=region, endpoint_url=endpoint)
        client.create_repository(repositoryName=repository)
        # moto does not compute the digest from the manifest bytes, so it is sent, as the API allows.
        client.put_image(repositoryName=repository, imageManifest=manifest, imageTag="v1", imageDigest=digest)
    return digest


MUTATIONS = [
    make_token_create,
    make_token_create,
    make_token_revoke,
    make_repository_create,
    make_lifecycle_put,
    make_repository_policy_put,
    make_job_create,
]


class Server:
    """One `serve` process on a fixed loopback port and database."""

    def __init__(self, binary, database, port, log_path, environment):
        self.environment = environment
        self.binary = binary
        self.database = database
        self.port = port
        self.log_path = log_path
        self.process = None

    def start(self):
        arguments = [
            self.binary, "serve", "--database", self.database, "--listen", f"127.0.0.1:{self.port}",
            "--source-region", REGION, "--source-account", ACCOUNT, "--log-level", "warning",
            "--shutdown-grace", str(SHUTDOWN_GRACE_SECONDS),
            # Short job checks and leases, so a job of a killed server is taken again within seconds.
            "--job-check-interval", "1", "--job-max-check-interval", "2", "--job-lease", "3",
        ]
        with open(self.log_path, "ab") as output:
            self.process = subprocess.Popen(arguments, stdout=output, stderr=output, env=self.environment,
                                            preexec_fn=stop_with_parent)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"durability: the server exited with {self.process.returncode} on start; "
                                 f"see {self.log_path}")
            try:
                status, _ = request(self.port, "GET", "/readyz", None, None, timeout=1)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("durability: the server was not ready within 30 seconds")

    def kill(self, number):
        self.process.send_signal(number)


def request(port, method, path, body, token, timeout=15, request_id=None, connection=None, on_sent=None):
    """Sends one request and returns (status, body). `on_sent` is called once the request's bytes are written."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if request_id:
        headers["X-Request-Id"] = request_id
    try:
        connection.request(method, path, body=body, headers=headers)
        if on_sent:
            on_sent()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


class Client(threading.Thread):
    """Sends random mutations on one keep-alive connection until the stop event is set or the server goes away."""

    def __init__(self, number, round_number, seed, port, token, ledger, stop):
        super().__init__(daemon=True)
        self.rng = random.Random(f"{seed}-{round_number}-{number}")
        self.prefix = f"{seed}-r{round_number}-c{number}"
        self.port, self.token, self.ledger, self.stop = port, token, ledger, stop
        self.exchanges = []  # (send time, response time or None) for the SIGTERM round
        self.unexpected = []

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        sequence = 0
        while not self.stop.is_set():
            sequence += 1
            tag = f"{self.prefix}-{sequence}"
            mutation = self.rng.choice(MUTATIONS)(self.rng, self.ledger, tag)
            if mutation is None:
                continue
            method, path, body, on_success = mutation
            # The send time is taken once the bytes are written. A request still being written when the server
            # closes an idle connection at SIGTERM was never received, and HTTP allows that close.
            sent = []
            try:
                status, payload = request(self.port, method, path, body, self.token, request_id=tag,
                                          connection=connection, on_sent=lambda: sent.append(time.monotonic()))
            except (OSError, http.client.HTTPException):
                if sent:
                    self.exchanges.append((sent[0], None))
                return
            self.exchanges.append((sent[0], time.monotonic()))
            if 200 <= status < 300:
                record = on_success(json.loads(payload) if payload else None)
                record["request_id"] = tag
                self.ledger.add(record)
            elif status >= 500 and status != 503:
                self.unexpected.append(f"{method} {path} -> {status} {payload[:200]!r}")


def check_offline(database, ledger, failures):
    """Checks the database file with the server down: integrity, audit rows and token rows."""
    connection = sqlite3.connect(database)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            failures.append(f"integrity_check: {result}")
        rows = connection.execute("SELECT request_id, outcome FROM audit_events").fetchall()
        audited = {request_id for request_id, outcome in rows if outcome == "succeeded"}
        tokens = dict(connection.execute("SELECT name, revoked_at FROM tokens").fetchall())
        jobs = {job_id for (job_id,) in connection.execute("SELECT id FROM replication_jobs").fetchall()}
    finally:
        connection.close()
    for record in ledger.acknowledged:
        if record["request_id"] not in audited:
            failures.append(f"no succeeded audit row for acknowledged {record['kind']} {record['request_id']}")
        if record["kind"] == "token.create" and record["name"] not in tokens:
            failures.append(f"token {record['name']} was acknowledged but has no row")
        if record["kind"] == "token.revoke" and tokens.get(record["name"]) is None:
            failures.append(f"token {record['name']} was revoked with a 2xx but is not revoked")
        if record["kind"] == "job.create" and record["id"] not in jobs:
            failures.append(f"job {record['id']} was acknowledged but has no row")


def check_online(port, token, ledger, failures):
    """Checks through the restarted server: repositories and policies exist, and the audit chain verifies."""
    for record in ledger.acknowledged:
        name = record.get("name")
        path = {
            "repository.create": f"/v1/repositories/{name}",
            "lifecycle.put": f"/v1/repositories/{name}/lifecycle-policy",
            "policy.put": f"/v1/repositories/{name}/policy",
        }.get(record["kind"])
        if path is None:
            continue
        status, body = request(port, "GET", path, None, token)
        if status != 200:
            failures.append(f"GET {path} -> {status} after an acknowledged {record['kind']}: {body[:200]!r}")
    check_jobs_finish(port, token, ledger, failures)
    status, body = request(port, "GET", "/v1/audit-events/verify", None, token, timeout=60)
    verification = json.loads(body) if status == 200 else {}
    if not verification.get("intact"):
        failures.append(f"audit chain does not verify: {status} {body[:300]!r}")


def check_jobs_finish(port, token, ledger, failures):
    """Waits for every acknowledged job to end; each must succeed, because its digest is in its destination."""
    deadline = time.monotonic() + JOB_WAIT_SECONDS
    for record in ledger.acknowledged:
        if record["kind"] != "job.create":
            continue
        state = None
        while time.monotonic() < deadline:
            wait = max(1, min(10, int(deadline - time.monotonic())))
            status, body = request(port, "GET", f"/v1/replication-jobs/{record['id']}?wait={wait}", None, token,
                                   timeout=wait + 15)
            state = json.loads(body).get("state") if status == 200 else f"HTTP {status}"
            if state in ("succeeded", "failed", "cancelled") or status != 200:
                break
        if state != "succeeded":
            failures.append(f"job {record['id']} ended {state} instead of succeeded after the restart")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto(moto_bin, work):
    """Starts moto_server on a free loopback port and returns the process and its endpoint URL."""
    port = free_port()
    with open(os.path.join(work, "moto.log"), "ab") as output:
        process = subprocess.Popen([os.path.join(moto_bin, "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=output, stderr=output, preexec_fn=stop_with_parent)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/moto-api/", None, None, timeout=1)
            if status == 200:
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("durability: moto_server was not ready within 30 seconds")


def run_round(server, args, seed, round_number, token, ledger, rng, number):
    stop = threading.Event()
    clients = [Client(index, round_number, seed, server.port, token, ledger, stop) for index in range(args.clients)]
    for client in clients:
        client.start()
    time.sleep(rng.uniform(*ROUND_SECONDS))
    signal_time = time.monotonic()
    server.kill(number)
    if number == signal.SIGTERM:
        stop.set()
    for client in clients:
        client.join(timeout=30)
    return clients, signal_time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="path of the built ecr-control-plane")
    parser.add_argument("--seed", type=int, default=None, help="random seed to replay (default: random)")
    parser.add_argument("--rounds", type=int, default=4, help="SIGKILL rounds before the SIGTERM round")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client connections")
    parser.add_argument("--moto-bin", default=None, help="folder with moto_server, to start a moto of its own")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    log(f"durability: seed {seed} (replay with --seed {seed})")
    rng = random.Random(seed)
    started = time.monotonic()

    work = tempfile.mkdtemp(prefix="ecp-durability-")
    database = os.path.join(work, "control-plane.sqlite")
    admin = subprocess.run(
        [args.binary, "tokens", "create", "--database", database, "--name", "durability-admin", "--role", "admin"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    port = free_port()
    environment = dict(os.environ)
    moto = None
    if args.moto_bin:
        moto, environment["AWS_ENDPOINT_URL"] = start_moto(args.moto_bin, work)
    server = Server(args.binary, database, port, os.path.join(work, "server.log"), environment)
    ledger = Ledger()
    ledger.job_repository = f"{JOB_REPOSITORY}-{seed}"
    ledger.job_digest = push_job_image(environment["AWS_ENDPOINT_URL"], ledger.job_repository)
    failures = []
    try:
        server.start()
        for round_number in range(1, args.rounds + 1):
            clients, _ = run_round(server, args, seed, round_number, admin, ledger, rng, signal.SIGKILL)
            server.process.wait(timeout=10)
            for client in clients:
                failures.extend(client.unexpected)
            check_offline(database, ledger, failures)
            server.start()
            check_online(port, admin, ledger, failures)
            log(f"durability: round {round_number}: SIGKILL, {len(ledger.acknowledged)} acknowledged so far, "
                f"{len(failures)} failures")

        clients, signal_time = run_round(server, args, seed, args.rounds + 1, admin, ledger, rng, signal.SIGTERM)
        try:
            code = server.process.wait(timeout=SHUTDOWN_GRACE_SECONDS + 5)
        except subprocess.TimeoutExpired:
            server.process.kill()
            code = "none (still running after the grace period)"
        elapsed = time.monotonic() - signal_time
        if code != 0:
            failures.append(f"SIGTERM: exit code {code}")
        before_signal = [answered for client in clients for sent, answered in client.exchanges if sent < signal_time]
        lost = sum(1 for answered in before_signal if answered is None)
        in_flight = sum(1 for answered in before_signal if answered is not None and answered > signal_time)
        if lost:
            failures.append(f"SIGTERM: {lost} requests sent before the signal got no response")
        check_offline(database, ledger, failures)
        server.start()
        check_online(port, admin, ledger, failures)
        log(f"durability: SIGTERM round: exit {code} after {elapsed:.2f}s, {in_flight} requests in flight at the "
            f"signal completed, {len(ledger.acknowledged)} acknowledged")
    finally:
        if server.process and server.process.poll() is None:
            server.process.kill()
            server.process.wait()
        if moto is not None:
            moto.terminate()
            try:
                moto.wait(timeout=10)
            except subprocess.TimeoutExpired:
                moto.kill()
                moto.wait()

    kinds = {}
    for record in ledger.acknowledged:
        kinds[record["kind"]] = kinds.get(record["kind"], 0) + 1
    log(f"durability: acknowledged by kind: {json.dumps(kinds, sort_keys=True)}")
    log(f"durability: {time.monotonic() - started:.1f}s, seed {seed}")
    if failures:
        for failure in failures[:50]:
            log(f"durability: FAILED: {failure}")
        log(f"durability: server log kept in {server.log_path}")
        return 1
    subprocess.run(["rm", "-rf", work], check=False)
    log("durability: ok")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        # The traceback goes to stdout, which the Swift test prints, so an unexpected error is visible there.
        traceback.print_exc(file=sys.stdout)
        sys.exit(2)
