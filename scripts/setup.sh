#!/usr/bin/env bash
# Installs what a fresh machine lacks, and skips whatever is already there. One part per use:
#   build    the Rust side (clippy, rustfmt, the wasm32 target, wasm-bindgen-cli at the version
#            in Cargo.lock) and tools/'s npm packages (esbuild, wasm-opt, playwright-core, tsc)
#   browser  Debian's Chromium, which playwright-core drives (no tool may download a browser)
#   compat   tests/compat's npm packages (@azure/communication-react and React)
#   bundlers tests/bundlers/apps/*'s npm packages (Vite 8 and 5, webpack, esbuild, Rollup, Next.js)
#   docs     tools/docs's npm packages (TypeDoc for the API reference, linkinator for links)
#   server   tests/server/node's npm package (jose, for the README's token snippet test)
# With no argument, all of them.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs an npm folder's packages from its lockfile when they are missing or older than it,
# from npm's cache where it can.
npm_folder() {
  if [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules" ]; then
    (cd "$1" && npm ci --prefer-offline --no-audit --no-fund)
    mkdir -p "$1/node_modules" # npm ci makes none for a folder without dependencies
    touch "$1/node_modules"
  fi
}

build() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust with rustup first" >&2; exit 1; }
  command -v node >/dev/null || { echo "node is missing: install Node.js 20 or later first" >&2; exit 1; }
  local installed
  installed=$(rustup component list --installed 2>/dev/null || true)
  for component in clippy rustfmt; do
    grep -q "^$component" <<<"$installed" || rustup component add "$component"
  done
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
  # The shipped engine rebuilds std for size (scripts/build-pkg.sh), which needs its source.
  grep -q '^rust-src' <<<"$installed" || rustup component add rust-src
  # The wasm-bindgen CLI must be exactly the version in Cargo.lock (Cargo.toml pins it with =).
  local wb_version
  wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
    cargo install wasm-bindgen-cli --version "$wb_version"
  fi
  npm_folder tools
}

browser() {
  if ! command -v chromium >/dev/null; then
    as_root apt-get update
    as_root apt-get install -y chromium
  fi
}

compat() {
  npm_folder tests/compat
}

bundlers() {
  local app
  for app in tests/bundlers/apps/*/; do npm_folder "${app%/}"; done
}

docs() {
  npm_folder tools/docs
}

server() {
  command -v node >/dev/null || { echo "node is missing: install Node.js 20 or later first" >&2; exit 1; }
  npm_folder tests/server/node
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(build browser compat bundlers docs server)
for part in "${parts[@]}"; do
  case "$part" in
    build | browser | compat | bundlers | docs | server) "$part" ;;
    *) echo "setup.sh: unknown part '$part' (build, browser, compat, bundlers, docs, server)" >&2; exit 2 ;;
  esac
done
