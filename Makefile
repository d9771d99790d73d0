# hookproof — every set-up step lives here, so a fresh machine with only the
# toolchains (cargo, python3 + pip, node + npm, make) needs nothing but
# `make demo` or `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash
CARGO ?= cargo
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Set-up steps print one progress line and keep their output in .logs/
# (scripts/quietly.sh prints the end of the log when a step fails).
QUIETLY := bash scripts/quietly.sh

# Everything the Python package is built from: reinstall when any of it changes.
PY_SOURCES := Cargo.toml Cargo.lock $(shell find crates bindings/python python/hookproof python/pyproject.toml -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: help
help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: build
build: python node  ## build the CLI, the Python package (.venv) and the Node package
	@$(QUIETLY) "building the hookproof command (cargo build --release)" .logs/cli.log -- $(CARGO) build --release --locked -p hookproof-cli

$(VENV)/.deps: python/requirements-dev.txt python/requirements-dist.txt
	@$(QUIETLY) "creating .venv with the test and build tools (pip)" .logs/venv.log -- bash -c \
		'$(PYTHON) -m venv $(VENV) && $(PY) -m pip install --upgrade pip && $(PY) -m pip install -r python/requirements-dev.txt'
	@touch $@

# `pip install ./python` is exactly how an app installs hookproof from the repo.
$(VENV)/.hookproof: $(VENV)/.deps $(PY_SOURCES)
	@$(QUIETLY) "building the Python package into .venv (pip install ./python)" .logs/python.log -- \
		$(PY) -m pip install --force-reinstall --no-deps ./python
	@touch $@

.PHONY: python
python: $(VENV)/.hookproof  ## build and install the Python package into .venv

# The oldest framework versions pyproject.toml allows, beside the newest in
# .venv: the integration and container tests run on both.
VENV_OLDEST := .venv-oldest
$(VENV_OLDEST)/.deps: python/requirements-oldest.txt
	@$(QUIETLY) "creating .venv-oldest with Flask 2.3, Django 4.2, FastAPI 0.100 (pip)" .logs/venv-oldest.log -- bash -c \
		'rm -rf $(VENV_OLDEST) && $(PYTHON) -m venv $(VENV_OLDEST) && $(VENV_OLDEST)/bin/python -m pip install -r python/requirements-oldest.txt'
	@touch $@

$(VENV_OLDEST)/.hookproof: $(VENV_OLDEST)/.deps $(PY_SOURCES)
	@$(QUIETLY) "building the Python package into .venv-oldest" .logs/python-oldest.log -- \
		$(VENV_OLDEST)/bin/python -m pip install --force-reinstall --no-deps ./python
	@touch $@

# The dedup tests start their own redis-server; install Debian's if missing.
.PHONY: redis-server
redis-server:
	@command -v redis-server >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server)

# PostgresDedup's tests start their own cluster (initdb, pg_ctl) with
# Debian's PostgreSQL; install it if missing.
.PHONY: postgresql
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql)

# Everything the Node addon is built from.
NODE_SOURCES := Cargo.toml Cargo.lock $(shell find crates bindings/js bindings/node -type f 2>/dev/null)

node/node_modules/.package-lock.json: node/package.json node/package-lock.json
	@$(QUIETLY) "installing the Node package's dev dependencies (npm ci)" .logs/npm-node.log -- \
		bash -c 'cd node && npm ci --no-audit --no-fund'
	@touch $@

# `napi build --platform` names the addon after this machine
# (hookproof.linux-x64-gnu.node), as the platform packages do; node/native.js
# loads it from there in a clone.
NODE_PLATFORM := $(shell node -p "require('./node/platform.js').platformName()" 2>/dev/null)
NODE_ADDON := node/hookproof.$(NODE_PLATFORM).node

$(NODE_ADDON): node/node_modules/.package-lock.json $(NODE_SOURCES)
	@$(QUIETLY) "building the Node addon (napi build)" .logs/napi.log -- bash -c 'cd node && npm run --silent build'
	@touch $@

# The examples install hookproof from ../node exactly as an app does (a
# link: the addon built later is found through it).
examples/node_modules/.package-lock.json: examples/package.json examples/package-lock.json node/package.json
	@$(QUIETLY) "installing the examples' dependencies (npm ci)" .logs/npm-examples.log -- \
		bash -c 'cd examples && npm ci --no-audit --no-fund'
	@touch $@

# The Next.js app the spec runs in (node/test/next.test.js) installs
# hookproof as a copy, as from the registry (its .npmrc: install-links), so
# it is installed again whenever the package's files change.
NEXT_APP := node/test/apps/next
$(NEXT_APP)/node_modules/.package-lock.json: $(NEXT_APP)/package.json $(NEXT_APP)/package-lock.json node/package.json $(wildcard node/*.js node/*.mjs node/*.d.ts node/*.d.mts node/wasm/*.d.mts node/wasm/load/*.mjs) node/wasm/hookproof_wasm_bg.wasm node/wasm/layer.mjs
	@$(QUIETLY) "installing the Next.js test app's dependencies (npm ci)" .logs/npm-next.log -- \
		bash -c 'cd $(NEXT_APP) && npm ci --no-audit --no-fund'
	@touch $@

.PHONY: node
node: $(NODE_ADDON) examples/node_modules/.package-lock.json  ## build the Node addon and install the examples' dependencies

.PHONY: lint
lint: python node/node_modules/.package-lock.json  ## rustfmt --check, clippy -D warnings, mypy --strict, stubtest, actionlint
	$(CARGO) fmt --all --check
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings
	$(CARGO) clippy --locked -p hookproof-python --features python -- -D warnings
	$(CARGO) clippy --locked -p hookproof-node --features node -- -D warnings
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	$(CARGO) clippy --locked -p hookproof-wasm --target wasm32-unknown-unknown -- -D warnings
	cd python && ../$(PY) -m mypy
	cd /tmp && $(CURDIR)/$(PY) -m mypy.stubtest hookproof._native
	node scripts/lint_workflows.js

# The generator needs pyca/cryptography (Ed25519), so it runs in .venv.
.PHONY: vectors
vectors: $(VENV)/.deps  ## rewrite tests/vectors/*.json from the Python generator
	$(PY) tests/vectors/generate.py

.PHONY: docs
docs:  ## rewrite docs/presets.md from the presets themselves
	$(CARGO) run --quiet --locked -p hookproof-cli -- schemes --markdown > docs/presets.md

# Test suites print one progress line, then their runner's own closing
# lines; the full output is in .logs/ (scripts/suite.sh prints the failing
# part when a suite fails).
SUITE := bash scripts/suite.sh
CARGO_CLOSING := ^test result:
PYTEST_CLOSING := ^=+ .*(passed|failed|error|no tests ran).* =+$$
NODE_CLOSING := ^\# (tests|pass|fail) [0-9]+$$

.PHONY: test-rust
test-rust: $(VENV)/.deps  ## the Rust suites: core, CLI, doctests
	@$(QUIETLY) "checking tests/vectors against their generator" .logs/vectors.log -- $(PY) tests/vectors/generate.py --check
	@$(SUITE) "running the Rust tests (cargo test)" .logs/test-rust.log '$(CARGO_CLOSING)' -- $(CARGO) test --locked --workspace

# The WebAssembly build (bindings/wasm: the core and the addon's calls for
# wasm32-unknown-unknown) that edge runtimes and browsers load, and that the
# Node suites run on too. wasm-bindgen-cli must be the wasm-bindgen crate's
# exact version; it is installed once into .tools/ (without --locked: the
# registry mirror here lacks a crate version its own lock file names).
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
WASM_BINDGEN := .tools/wasm-bindgen-$(WASM_BINDGEN_VERSION)/bin/wasm-bindgen
WASM_SOURCES := Cargo.toml Cargo.lock .cargo/config.toml $(shell find crates/hookproof bindings/js bindings/wasm -type f 2>/dev/null)
WASM_OUT := node/wasm/hookproof_wasm_bg.wasm

$(WASM_BINDGEN):
	@$(QUIETLY) "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (cargo install)" .logs/wasm-bindgen-cli.log -- \
		$(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --root .tools/wasm-bindgen-$(WASM_BINDGEN_VERSION)

$(WASM_OUT): $(WASM_BINDGEN) $(WASM_SOURCES)
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@$(QUIETLY) "building the WebAssembly module (cargo build, wasm-bindgen)" .logs/wasm.log -- bash -c '\
		$(CARGO) build --locked --profile wasm -p hookproof-wasm --target wasm32-unknown-unknown && \
		$(WASM_BINDGEN) --target web --weak-refs --remove-name-section --remove-producers-section \
			--out-dir node/wasm --out-name hookproof_wasm \
			target/wasm32-unknown-unknown/wasm/hookproof_wasm.wasm && \
		mv node/wasm/hookproof_wasm.js node/wasm/hookproof_wasm.mjs'
	@touch $@

# The package's JavaScript layer as one ES module, what every WebAssembly
# export condition resolves to: the same files the Node package runs, with
# the glue in the addon's place (node/wasm/src/build.mjs, esbuild).
WASM_LAYER := node/wasm/layer.mjs
$(WASM_LAYER): $(WASM_OUT) node/node_modules/.package-lock.json node/package.json $(wildcard node/*.js node/wasm/src/*)
	@$(QUIETLY) "bundling the JavaScript layer for the WebAssembly entries (esbuild)" .logs/wasm-layer.log -- \
		node node/wasm/src/build.mjs

.PHONY: wasm
wasm: $(WASM_OUT) $(WASM_LAYER)  ## build the WebAssembly module and its JavaScript layer into node/wasm/

# The Node suites that run again on the WebAssembly build: the shared
# vectors, the hostile set, the API, explain, the layout, dedup,
# hookproof/web, and what only that build has (wasm.test.js).
WASM_SUITES := test/key_server.test.js test/vectors.test.js test/hostile.test.js test/api.test.js test/explain.test.js test/layout.test.js \
	test/dedup.test.js test/web.test.js test/wasm.test.js test/expiry.test.js test/rsa.test.js

# The CLI whose `hookproof send` feeds the edge receivers (workerd, the
# Next.js edge route): the debug build cargo test makes anyway.
CLI_DEBUG := $(CURDIR)/target/debug/hookproof
.PHONY: cli-debug
cli-debug:
	@$(QUIETLY) "building the CLI for the receivers' deliveries (cargo build)" .logs/cli-debug.log -- \
		$(CARGO) build --locked -p hookproof-cli

# The shared vectors and the hostile set on the WebAssembly build in Deno,
# Bun, workerd (miniflare) and edge-runtime (the npm packages the install
# tests use), and the Hono Worker receiving hookproof send's deliveries.
DENO := tests/install/node_modules/.bin/deno
BUN := tests/install/node_modules/.bin/bun
.PHONY: test-wasm-runtimes
test-wasm-runtimes: tests/install/node_modules/.package-lock.json wasm node cli-debug
	@$(SUITE) "running the vectors and the hostile set on the WebAssembly build in Deno (deno test)" .logs/test-wasm-deno.log \
		'^(ok|FAILED) \| [0-9]+ passed' -- bash -c 'cd node && NO_COLOR=1 ../$(DENO) test --allow-read test/runtimes/wasm.test.mjs'
	@$(SUITE) "running the vectors and the hostile set on the WebAssembly build in Bun (bun test)" .logs/test-wasm-bun.log \
		'^ *[0-9]+ (pass|fail)$$' -- bash -c 'cd node && ../$(BUN) test test/runtimes/wasm.test.mjs'
	@$(SUITE) "running them again in Bun under the browser condition (the fetch loader; bun test)" .logs/test-wasm-bun-browser.log \
		'^ *[0-9]+ (pass|fail)$$' -- bash -c 'cd node && HOOKPROOF_LOADER=fetch.mjs ../$(BUN) --conditions=browser test test/runtimes/wasm.test.mjs'
	@$(SUITE) "running the vectors and the Hono Worker in workerd, the vectors in edge-runtime, the Fetch receiver in Deno and Bun (node --test)" \
		.logs/test-wasm-edge.log '$(NODE_CLOSING)' -- \
		bash -c 'cd node && HOOKPROOF_CLI=$(CLI_DEBUG) node --test test/runtimes/workerd.test.mjs test/runtimes/edge_runtime.test.mjs test/runtimes/fetch_server.test.mjs'

# The integration and container tests that depend on the frameworks' own
# code, run again on the oldest versions pyproject.toml allows.
OLDEST_TESTS := python/tests/test_integration_spec.py python/tests/test_containers.py python/tests/test_flask.py python/tests/test_django.py \
	python/tests/test_fastapi.py python/tests/test_dedup.py

.PHONY: test-python
test-python: python $(VENV_OLDEST)/.hookproof redis-server postgresql  ## the pytest suite (vectors, API, GIL, Flask, Django, FastAPI, real servers) on the newest and the oldest supported frameworks, and the CLI tests on the package's console script
	@$(SUITE) "running the Python tests (pytest)" .logs/test-python.log '$(PYTEST_CLOSING)' -- $(PY) -m pytest -p no:cacheprovider python/tests
	@$(SUITE) "running the integration tests on Flask 2.3, Django 4.2, FastAPI 0.100 (pytest)" .logs/test-python-oldest.log '$(PYTEST_CLOSING)' -- \
		$(VENV_OLDEST)/bin/python -m pytest -p no:cacheprovider -k "not two_server" $(OLDEST_TESTS)
	@$(SUITE) "running the CLI tests against the Python package's hookproof command" .logs/test-python-cli.log '$(CARGO_CLOSING)' -- \
		env HOOKPROOF_CLI=$(CURDIR)/$(VENV)/bin/hookproof $(CARGO) test --locked -p hookproof-cli --test cli

.PHONY: test-node
test-node: node $(NEXT_APP)/node_modules/.package-lock.json wasm redis-server postgresql cli-debug  ## the node --test suite (vectors, API, every adapter, the spec inside Next.js), again on the WebAssembly build, and the TypeScript check
	@$(SUITE) "running the Node tests (node --test)" .logs/test-node.log '$(NODE_CLOSING)' -- bash -c 'cd node && HOOKPROOF_CLI=$(CLI_DEBUG) node --test test/*.test.js'
	@$(SUITE) "running the Node tests on the WebAssembly build (node --test)" .logs/test-node-wasm.log '$(NODE_CLOSING)' -- \
		bash -c 'cd node && node --import ./test/wasm_preload.mjs --test $(WASM_SUITES)'
	@$(MAKE) --no-print-directory test-wasm-runtimes
	@$(QUIETLY) "type-checking the README and example snippets (tsc --strict)" .logs/tsc.log -- \
		bash -c 'cd node && npx --no-install tsc -p test/types && npx --no-install tsc -p test/types/tsconfig.examples.json'

# The release artifacts this machine can build (x86_64 Linux), with the
# same scripts/dist.py steps the release workflow runs for every platform.
DIST_TARGET := $(shell rustc -vV 2>/dev/null | sed -n 's/^host: //p')
# Every supported CPython this machine has (pyenv's, else on PATH): one
# wheel each, each installed and tried (smoke-wheels).
DIST_PYTHONS := $(shell for v in 3.10 3.11 3.12 3.13 3.14; do \
	p=$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$$v.*/bin/python$$v 2>/dev/null | tail -n 1); \
	[ -n "$$p" ] && echo $$p || command -v python$$v; done)
# The CLI for Linux is a static musl binary (runs on any distribution).
DIST_CLI_TARGET := $(subst -linux-gnu,-linux-musl,$(DIST_TARGET))

.PHONY: dist
dist: $(VENV)/.deps node/node_modules/.package-lock.json wasm  ## build into dist/: wheel, sdist, npm tarballs, crates, CLI archive, SHA256SUMS
	rm -rf dist
	$(PY) scripts/dist.py wheel $(DIST_TARGET) $(DIST_PYTHONS)
	$(PY) scripts/dist.py smoke-wheels $(DIST_PYTHONS)
	$(PY) scripts/dist.py sdist
	$(PY) scripts/dist.py npm-platform $(DIST_TARGET)
	$(PY) scripts/dist.py npm-main
	$(PY) scripts/dist.py crates
	rustup target list --installed | grep -qx $(DIST_CLI_TARGET) || rustup target add $(DIST_CLI_TARGET)
	$(PY) scripts/dist.py cli $(DIST_CLI_TARGET)
	$(PY) scripts/dist.py checksums

tests/install/node_modules/.package-lock.json: tests/install/package.json tests/install/package-lock.json
	@$(QUIETLY) "installing the install test's tools and the other runtimes: publint, attw, Bun, Deno, miniflare, edge-runtime (npm ci)" .logs/npm-dist.log -- \
		bash -c 'cd tests/install && npm ci --no-audit --no-fund'
	@touch $@

.PHONY: test-install
test-install: tests/install/node_modules/.package-lock.json  ## install what `make dist` built, with no cargo on PATH, and run receivers on it
	@$(QUIETLY) "building the release artifacts for this machine (make dist)" .logs/dist.log -- $(MAKE) --no-print-directory dist
	@$(SUITE) "running the install tests (pytest tests/install)" .logs/test-install.log '$(PYTEST_CLOSING)' -- $(PY) -m pytest -p no:cacheprovider tests/install

# Lint is its own target (.ci/run runs it beside make test), so a newer
# toolchain's new lint is reported as a lint, not as a failed test.
.PHONY: test
test: test-rust test-python test-node test-install  ## build everything and run every test suite

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

.PHONY: bench-edge
bench-edge: node wasm tests/install/node_modules/.package-lock.json  ## the WebAssembly build vs svix and standardwebhooks in Node, Deno, Bun, workerd and edge-runtime
	node node/bench/edge_bench.mjs

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
load: python node redis-server postgresql  ## real Flask and Express receivers under a mixed load, RedisDedup and PostgresDedup each beside a plain route doing the same work: nothing lost, nothing twice
	$(PY) bench/load.py

.PHONY: timing
timing:  ## dudect-style test: does the signature comparison leak the position of a mismatch?
	$(CARGO) bench --locked -p hookproof --bench timing

.PHONY: bench
bench: bench-rust bench-python bench-node bench-edge  ## every benchmark (not part of make test)

.PHONY: demo
demo: build  ## CLI verdicts, then Flask and Express receivers fed by `hookproof send`, then `hookproof explain`
	@bash examples/demo.sh target/release/hookproof
	@bash examples/demo_receivers.sh target/release/hookproof $(PY)
