# hookproof — every set-up step lives here, so a fresh machine with only the
# toolchains (cargo, python3 + pip, node + npm, make) needs nothing but
# `make demo` or `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash
CARGO ?= cargo
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

# Everything the Python package is built from: reinstall when any of it changes.
PY_SOURCES := Cargo.toml Cargo.lock $(shell find crates bindings/python python/hookproof python/pyproject.toml -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: help
help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: build
build: python node  ## build the CLI, the Python package (.venv) and the Node package
	$(CARGO) build --release --locked -p hookproof-cli

$(VENV)/.deps: python/requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r python/requirements-dev.txt
	touch $@

# `pip install ./python` is exactly how an app installs hookproof from the repo.
$(VENV)/.hookproof: $(VENV)/.deps $(PY_SOURCES)
	$(PY) -m pip install --quiet --force-reinstall --no-deps ./python
	touch $@

.PHONY: python
python: $(VENV)/.hookproof  ## build and install the Python package into .venv

# The dedup tests start their own redis-server; install Debian's if missing.
.PHONY: redis-server
redis-server:
	@command -v redis-server >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server)

# Everything the Node addon is built from.
NODE_SOURCES := Cargo.toml Cargo.lock $(shell find crates bindings/node -type f 2>/dev/null)

node/node_modules/.package-lock.json: node/package.json node/package-lock.json
	cd node && npm ci --no-audit --no-fund
	touch $@

# `napi build --platform` names the addon after this machine
# (hookproof.linux-x64-gnu.node), as the platform packages do; node/native.js
# loads it from there in a clone.
NODE_PLATFORM := $(shell node -p "require('./node/platform.js').platformName()" 2>/dev/null)
NODE_ADDON := node/hookproof.$(NODE_PLATFORM).node

$(NODE_ADDON): node/node_modules/.package-lock.json $(NODE_SOURCES)
	cd node && npm run --silent build
	touch $@

# The examples install hookproof from ../node exactly as an app does.
examples/node_modules/.package-lock.json: examples/package.json examples/package-lock.json $(NODE_ADDON)
	cd examples && npm ci --no-audit --no-fund
	touch $@

.PHONY: node
node: $(NODE_ADDON) examples/node_modules/.package-lock.json  ## build the Node addon and install the examples' dependencies

.PHONY: lint
lint: python  ## rustfmt --check, clippy -D warnings, mypy --strict, stubtest
	$(CARGO) fmt --all --check
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings
	$(CARGO) clippy --locked -p hookproof-python --features python -- -D warnings
	$(CARGO) clippy --locked -p hookproof-node --features node -- -D warnings
	cd python && ../$(PY) -m mypy
	cd /tmp && $(CURDIR)/$(PY) -m mypy.stubtest hookproof._native

# The generator needs pyca/cryptography (Ed25519), so it runs in .venv.
.PHONY: vectors
vectors: $(VENV)/.deps  ## rewrite tests/vectors/*.json from the Python generator
	$(PY) tests/vectors/generate.py

.PHONY: docs
docs:  ## rewrite docs/presets.md from the presets themselves
	$(CARGO) run --quiet --locked -p hookproof-cli -- schemes --markdown > docs/presets.md

.PHONY: test-rust
test-rust: $(VENV)/.deps  ## the Rust suites: core, CLI, doctests
	$(PY) tests/vectors/generate.py --check
	$(CARGO) test --locked --workspace

.PHONY: test-python
test-python: python redis-server  ## the pytest suite (vectors, API, GIL, Flask, Django, FastAPI, real servers)
	$(PY) -m pytest -p no:cacheprovider python/tests

.PHONY: test-node
test-node: node redis-server  ## the node --test suite (vectors, API, Express, Fastify, web) and the TypeScript check
	cd node && node --test test/*.test.js
	cd node && npx --no-install tsc -p test/types

.PHONY: test
test: lint test-rust test-python test-node  ## build everything and run every test suite

.PHONY: bench-rust
bench-rust:  ## criterion: a whole verify against bare HMAC-SHA256 and SHA-256, 0 B to 1 MiB
	$(CARGO) bench --locked -p hookproof --bench verify

# The core's own verify time, which the Python and Node benchmarks take
# between the rounds of their own, to report their per-call overhead.
.PHONY: core-time
core-time:
	$(CARGO) build --release --locked -p hookproof --example core_time

.PHONY: bench-python
bench-python: python core-time  ## hookproof vs a careful stdlib verifier vs stripe/svix/standardwebhooks, in one process
	$(PY) bench/python_bench.py

.PHONY: bench-node
bench-node: node core-time  ## hookproof vs a careful node:crypto verifier vs the Node SDKs, in one process
	node node/bench/node_bench.js

# cargo-fuzz needs nightly flags (-Zsanitizer); RUSTC_BOOTSTRAP=1 lets the
# machine's stable toolchain accept them.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: python  ## fuzz verify (every preset) and the scheme text form, FUZZ_SECONDS each (default 60)
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	$(PY) fuzz/seed.py
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O verify corpus/verify -- -max_total_time=$(FUZZ_SECONDS) -max_len=4096
	cd fuzz && RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -O scheme_text corpus/scheme_text -- -max_total_time=$(FUZZ_SECONDS) -max_len=4096

.PHONY: load
load: python node redis-server  ## real Flask and Express receivers under a mixed load: nothing lost, nothing twice
	$(PY) bench/load.py

.PHONY: timing
timing:  ## dudect-style test: does the signature comparison leak the position of a mismatch?
	$(CARGO) bench --locked -p hookproof --bench timing

.PHONY: bench
bench: bench-rust bench-python bench-node  ## all three benchmarks (not part of make test)

.PHONY: demo
demo: build  ## CLI verdicts, then Flask and Express receivers fed by `hookproof send`, then `hookproof explain`
	bash examples/demo.sh target/release/hookproof
	bash examples/demo_receivers.sh target/release/hookproof $(PY)
