# hookproof — every set-up step lives here, so a fresh machine with only the
# toolchains needs nothing but `make demo` or `make test`.
.DEFAULT_GOAL := help
SHELL := /bin/bash
CARGO ?= cargo
PYTHON ?= python3

.PHONY: help
help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

.PHONY: build
build:  ## build the core and the hookproof CLI (release)
	$(CARGO) build --release --locked -p hookproof-cli

.PHONY: lint
lint:  ## rustfmt --check and clippy with warnings as errors
	$(CARGO) fmt --all --check
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings

.PHONY: vectors
vectors:  ## rewrite tests/vectors/*.json from the Python generator
	$(PYTHON) tests/vectors/generate.py

.PHONY: test
test: lint  ## build everything and run every test suite
	$(PYTHON) tests/vectors/generate.py --check
	$(CARGO) test --locked --workspace

.PHONY: demo
demo: build  ## sign and verify sample cloro and Fileloom deliveries with the CLI
	bash examples/demo.sh target/release/hookproof
