#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test; skips whatever is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
installed=$(rustup component list --installed 2>/dev/null || true)
for component in clippy rustfmt; do
  grep -q "^$component" <<<"$installed" || rustup component add "$component"
done
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown

# The wasm-bindgen CLI must be exactly the version in Cargo.lock (Cargo.toml pins it with =).
wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
  cargo install wasm-bindgen-cli --version "$wb_version"
fi
command -v wasm-pack >/dev/null || cargo install wasm-pack --locked

# Debian's Chromium and its driver: no tool may download a browser of its own.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  as_root apt-get update
  as_root apt-get install -y chromium chromium-driver
fi

# wasm-opt (binaryen), playwright-core and tsc, at the versions in tools/package-lock.json.
if [ ! -d tools/node_modules ] || [ tools/package-lock.json -nt tools/node_modules ]; then
  (cd tools && npm ci --no-audit --no-fund)
  touch tools/node_modules
fi
