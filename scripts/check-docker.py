"""Checks docker/Dockerfile and docker/compose.yaml as far as a machine without a Docker engine can.

The compose file must parse and agree with the Dockerfile and the README on the port, the environment
variables and the health check, so the three do not drift apart. Exits non-zero naming each mismatch.
Usage: python scripts/check-docker.py  (needs PyYAML, which scripts/venv.sh installs)
"""

import pathlib
import re
import sys

import yaml

root = pathlib.Path(__file__).resolve().parent.parent
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


dockerfile = (root / "docker" / "Dockerfile").read_text()
compose = yaml.safe_load((root / "docker" / "compose.yaml").read_text())
readme = (root / "README.md").read_text()

# Dockerfile: two stages, non-root user, volume, exposed port and a health check on /healthz.
stages = re.findall(r"^FROM\s+\S+", dockerfile, re.MULTILINE)
check(len(stages) >= 2, "Dockerfile: expected a multi-stage build (two FROM lines)")
user = re.search(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
check(user is not None and user.group(1) not in ("root", "0"), "Dockerfile: the image must run as a non-root USER")
check(re.search(r"^VOLUME\s", dockerfile, re.MULTILINE) is not None, "Dockerfile: a VOLUME for the database is missing")
exposed = re.search(r"^EXPOSE\s+(\d+)", dockerfile, re.MULTILINE)
check(exposed is not None, "Dockerfile: EXPOSE is missing")
check(re.search(r"^HEALTHCHECK .*?/healthz", dockerfile, re.MULTILINE | re.DOTALL) is not None,
      "Dockerfile: HEALTHCHECK must call /healthz")
listen = re.search(r"ECP_LISTEN=(\S+)", dockerfile)
check(listen is not None, "Dockerfile: ECP_LISTEN is not set")
port = exposed.group(1) if exposed else None
if listen and port:
    check(listen.group(1).endswith(":" + port), f"Dockerfile: ECP_LISTEN {listen.group(1)} does not use EXPOSE {port}")
for path in ["Migrations", "openapi"]:
    check(f"share/ecr-control-plane/{path}" in dockerfile,
          f"Dockerfile: {path} must be installed under share/ecr-control-plane, where the binary looks")

# compose.yaml: the server service publishes the same port, sets the same variables, checks /healthz.
services = compose.get("services", {}) if isinstance(compose, dict) else {}
server = services.get("server")
check(server is not None, "compose.yaml: no 'server' service")
if server:
    ports = [str(p) for p in server.get("ports", [])]
    check(any(p.endswith(":" + str(port)) for p in ports), f"compose.yaml: server does not publish port {port}")
    check(all(p.startswith("127.0.0.1:") for p in ports), "compose.yaml: publish ports on 127.0.0.1 only")
    environment = server.get("environment", {})
    check(str(environment.get("ECP_LISTEN", "")).endswith(":" + str(port)),
          "compose.yaml: ECP_LISTEN must use the exposed port")
    test = " ".join(server.get("healthcheck", {}).get("test", []))
    check("/healthz" in test, "compose.yaml: the server health check must call /healthz")
    for name in environment:
        if name.startswith("ECP_"):
            check(name in readme, f"compose.yaml sets {name}, which README.md does not document")
    check("moto" in services, "compose.yaml: no 'moto' service for local use")

for match in re.findall(r"\bECP_[A-Z_]+", dockerfile):
    check(match in readme, f"Dockerfile sets {match}, which README.md does not document")

if problems:
    for problem in problems:
        print("check-docker: " + problem, file=sys.stderr)
    sys.exit(1)
print("check-docker: docker/Dockerfile and docker/compose.yaml agree with each other and with README.md")
