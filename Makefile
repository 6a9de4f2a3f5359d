# The README's two commands: `make demo` (the main job: builds the package and serves the
# demo page on 127.0.0.1) and `make test` (every test). Each target first installs what a
# fresh machine lacks for it, and only that (scripts/setup.sh).

.PHONY: demo server scenario test pkg docs lint unit server-test server-browser surface browser tabs e2e compat bundlers \
	docs-check fuzz-short fuzz fuzz-memory bench bench-load bench-tabs load size setup-build setup-browser setup-compat \
	setup-bundlers setup-docs setup-server

# The demo page (www/) and the package (pkg/), served at http://127.0.0.1:$PORT/ (8080, or
# an ephemeral port if that is busy); the URL is printed. Ctrl+C stops it. No browser needed.
demo: pkg
	node scripts/serve.mjs

# The meeting server (SPEC 10) on http://127.0.0.1:8787/: the demo page, the package, and a
# WebSocket endpoint per meeting (docs/server.md). --dev admits unsigned dev tokens and says
# so loudly; add --listen 0.0.0.0:8787 for phones on the LAN. Ctrl+C stops it gracefully.
server: pkg
	cargo run --profile server --features server --bin breakout-rooms-server -- --dev

# The runnable walk-through in the terminal: what each participant sees, event by event.
scenario:
	cargo run --example scenario

test: lint unit server-test pkg server-browser surface browser tabs e2e compat bundlers docs-check fuzz-short

setup-build:
	bash scripts/setup.sh build

setup-browser:
	bash scripts/setup.sh browser

setup-compat:
	bash scripts/setup.sh compat

setup-bundlers:
	bash scripts/setup.sh bundlers

setup-docs:
	bash scripts/setup.sh docs

setup-server:
	bash scripts/setup.sh server

# The npm package in pkg/: the engine (wasm) and the SDK surface (js/), bundled.
pkg: setup-build
	bash scripts/build-pkg.sh

# The API reference: TypeDoc over pkg/index.d.ts, into docs/api/ (not committed: it is built
# from the typings, beside the guides that link to it).
docs: pkg setup-docs
	rm -rf docs/api
	tools/docs/node_modules/.bin/typedoc --options tools/docs/typedoc.json

lint: setup-build
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features server -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --features net -- -D warnings

# Native: the core's matrix, scenarios, properties and protocol tests.
unit:
	cargo test --all-targets

# Issue 12: the meeting server's unit tests, and the real binary on 127.0.0.1 (ephemeral
# ports, temp data folders) driven by native clients: tokens, the breakout flow, bad input
# and abuse, kill -9 and restart, SIGTERM, /healthz and /metrics (tests/server/).
server-test: setup-build setup-server
	cargo test --features server --lib server::
	cargo test --features server --test server

# The package in headless Chromium against the server binary: pages with signed tokens over
# ws://, a breakout flow, a SIGTERM restart they ride out, a token the server refuses.
server-browser: pkg setup-browser
	cargo build --features server --bin breakout-rooms-server --example participant
	node --test --test-concurrency=1 tests/server/browser.test.mjs

# The JS surface in headless Chromium, written as an SDK user writes it, against pkg/.
surface: pkg setup-browser
	node --test --test-concurrency=1 tests/surface/

# The built package as a consumer installs and uses it, its types under tsc --strict; the
# quick starts of the package README and docs/ run verbatim, and the docs' other samples.
browser: pkg setup-browser
	node --test --test-concurrency=1 tests/browser/

# Meetings across tabs (SPEC 9): several pages of one browser over 'broadcastChannel', the
# host tab closed and crashed mid-meeting, bad messages on the channel.
tabs: pkg setup-browser
	node --test --test-concurrency=1 tests/tabs/

# Figures for issue 11's budgets (failover, open-to-join with 10 tabs); never in `make test`.
bench-tabs: pkg setup-browser
	node tests/tabs/bench.mjs

# The demo page driven as a person uses it, in headless Chromium, with axe-core at each step;
# screenshots of each step go to $E2E_SCREENSHOTS or a temp folder (the path is printed).
e2e: pkg setup-browser
	node --test --test-concurrency=1 tests/e2e/

# Real SDK clients on the package: @azure/communication-react's CallComposite through the
# whole breakout flow, in headless Chromium; its .d.ts, and our classes against the SDK's
# typings, under tsc (tests/compat/README.md).
compat: pkg setup-browser setup-compat
	node --test --test-concurrency=1 tests/compat/composite.test.mjs
	node tests/compat/types/check.mjs

# Issue 10: the packed tarball in fresh apps (Vite 8 and 5, webpack 5, esbuild, Rollup,
# Next.js app router with server rendering, plain Node), each running the package README's
# quick start, built with the README's configuration, checked in headless Chromium
# (tests/bundlers/README.md).
bundlers: pkg setup-browser setup-bundlers
	rm -rf target/bundlers
	mkdir -p target/bundlers
	npm pack ./pkg --pack-destination target/bundlers --silent
	BR_TARBALL="$$(ls target/bundlers/*.tgz)" node --test --test-concurrency=1 tests/bundlers/

# Every link in docs/ (guides and the API reference) and the READMEs resolves, anchors
# included; the error tables agree with the package's codes.
docs-check: docs
	node --test --test-concurrency=1 tests/docs/

# Issue 9: the regression tests of tests/fuzz/ and a short run of the model-based fuzzer
# (3 seeds x 300 steps, about a minute on 2 cores). The package is $BR_PKG, else pkg/.
# A failure prints its seed and its shrunk steps as code; tests/fuzz/README.md says more.
fuzz-short: pkg setup-browser
	node --test --test-concurrency=1 tests/fuzz/
	node tests/fuzz/run.mjs --seeds 1..3 --steps 300 --shrink-seconds 60

# The long run: 40 seeds x 2,000 steps, then one run of 20,000 steps (roughly 60-90 minutes
# on 2 cores); every seed runs even after a failure. Never part of `make test`.
fuzz: pkg setup-browser
	node tests/fuzz/run.mjs --seeds 1..40 --steps 2000 --keep-going
	node tests/fuzz/run.mjs --seed 1000 --steps 20000

# Memory and time per cycle (leave+rejoin, room visits, on/off): figures, not assertions.
fuzz-memory: pkg setup-browser
	node tests/fuzz/memory.mjs

# The server under load over loopback: LOAD_CLIENTS native clients in one meeting with
# LOAD_ROOMS rooms (at most 10,000 and 1,000); LOAD_PRESENCE=off: attendees connect with
# presence=0; LOAD_FLAGS: more of the generator's flags (`--max-visible N --refresh-ms MS`
# for the server's listing). Figures, never assertions, never in `make test`.
LOAD_CLIENTS ?= 1000
LOAD_ROOMS ?= 100
LOAD_PRESENCE ?= on
LOAD_FLAGS ?=
load:
	cargo build --profile server --features server --bin breakout-rooms-server --example load
	target/server/examples/load --clients $(LOAD_CLIENTS) --rooms $(LOAD_ROOMS) --presence $(LOAD_PRESENCE) $(LOAD_FLAGS)

# The engines' size anatomy (issue 7's budget): raw and gzip bytes of the in-page and net
# engines by crate and by module, from the build's name-keeping wasm (scripts/size.mjs).
size: pkg
	node scripts/size.mjs

# Figures for notes; never part of `make test`.
bench: pkg setup-browser
	cargo bench --bench meeting
	node tests/browser/bench.mjs
	node tests/browser/bench-load.mjs

# Issue 7's load budget: import() to the first 'breakoutRoomsUpdated', fresh page loads in
# headless Chromium, with its breakdown (BENCH_TRACE=n adds thread times by kind of work;
# BR_PKG=a,b interleaves builds to compare them). Figures, never assertions.
bench-load: pkg setup-browser
	node tests/browser/bench-load.mjs
