# The README's two commands: `make demo` (the main job) and `make test` (every test).
# Both install what a fresh machine lacks first (scripts/setup.sh).

export CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: demo test setup pkg lint unit web browser bench

demo: setup
	cargo run --example scenario

test: setup lint unit pkg web browser

setup:
	bash scripts/setup.sh

# The npm package in pkg/.
pkg: setup
	bash scripts/build-pkg.sh

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings

# Native: the core's matrix, scenarios, properties and protocol tests.
unit:
	cargo test --all-targets

# The JS surface in headless Chromium, through wasm-bindgen-test.
web:
	wasm-pack test --headless --chrome

# The built package as a consumer uses it, its types under tsc --strict.
browser:
	node --test --test-concurrency=1 tests/browser/

# Figures for notes; never part of `make test`.
bench: pkg
	cargo bench --bench meeting
	node tests/browser/bench.mjs
