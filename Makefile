# Common tasks. `make test` is the command CI runs (through .ci/run).
SWIFT ?= swift

.PHONY: build release test lint format clean demo fuzz

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Full suite: installs the Python test tools into .venv, starts moto_server on a free loopback port,
# runs every Swift test against it, then the schemathesis contract run against the live server, and
# stops moto afterwards.
test:
	SWIFT=$(SWIFT) scripts/with-moto.sh scripts/test-all.sh

# libFuzzer targets under Fuzz/ with the address sanitizer, FUZZ_SECONDS each (default 180), FUZZ_JOBS at a
# time (default 2), in a build folder of their own (.fuzz/), so `swift build` and `swift test` are unchanged.
# Crashing inputs land in .fuzz/artifacts/ and the run fails.
FUZZ_SECONDS ?= 180
FUZZ_JOBS ?= 2
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) scripts/fuzz.sh

# Formatting of the Swift sources, and the Docker files checked against each other and the README
# (no Docker engine is needed for that).
lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift
	"$$(scripts/venv.sh)/python" scripts/check-docker.py

# The runbook end to end against the local emulator: repositories, replication, policies, an image
# push with its CI webhook and replication job, monitoring, cleanup, drift audit and the audit log.
demo:
	SWIFT=$(SWIFT) scripts/demo.sh

format:
	$(SWIFT) format format --in-place -r Sources Tests Package.swift

clean:
	rm -rf .build .venv
