# The README's two commands: `make demo` (the main job: builds the package and serves the
# demo page on 127.0.0.1) and `make test` (every test). Both install what a fresh machine
# lacks first (scripts/setup.sh).

export CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: demo scenario test setup pkg lint unit web browser e2e bench

# The demo page (www/) and the package (pkg/), served at http://127.0.0.1:$PORT/ (8080, or
# an ephemeral port if that is busy); the URL is printed. Ctrl+C stops it.
demo: pkg
	node scripts/serve.mjs

# The runnable walk-through in the terminal: what each participant sees, event by event.
scenario: setup
	cargo run --example scenario

test: setup lint unit pkg web browser e2e

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

# The demo page driven as a person uses it, in headless Chromium; screenshots of each step
# go to $E2E_SCREENSHOTS or a temp folder (the path is printed).
e2e:
	node --test --test-concurrency=1 tests/e2e/

# Figures for notes; never part of `make test`.
bench: pkg
	cargo bench --bench meeting
	node tests/browser/bench.mjs
