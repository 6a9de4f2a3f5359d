# The two commands the README names: `make demo` (the main job) and `make test` (every test).
# Each installs what a fresh machine lacks before it runs.

.PHONY: demo test setup-rust lint unit

demo: setup-rust
	cargo run --example scenario

test: setup-rust lint unit

setup-rust:
	@command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first"; exit 1; }
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings

unit:
	cargo test --all-targets
