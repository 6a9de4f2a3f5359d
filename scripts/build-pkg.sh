#!/usr/bin/env bash
# Builds pkg/: the npm package. The engine (release wasm, size-tuned in Cargo.toml, then
# wasm-opt with scripts/wasm-opt.flags) and a debug engine (panics print their Rust
# message), each with its wasm-bindgen glue; then the JavaScript surface (js/) bundled and minified with esbuild
# into one module per entry (browser, node, debug), and the template files.
set -euo pipefail
cd "$(dirname "$0")/.."

glue=target/glue
rm -rf "$glue" pkg
mkdir -p "$glue/release" "$glue/net" "$glue/debug" pkg

# The shipped engine, built for size: std rebuilt with panics that abort at once (no panic
# messages or locations kept), with its size-over-speed code paths (`optimize_for_size`: small
# sorts, among others), and Debug formatting compiled out. These are unstable rustc
# flags; RUSTC_BOOTSTRAP lets this stable toolchain take them for this one build (its own
# target dir, so other builds are untouched). A panic is a bug either way: the debug engine
# below is the one that says where.
# Two engines: the in-page one every page loads, and the one with the transports (SPEC 9,
# the `net` feature), which only pages that join over 'broadcastChannel' or a server fetch.
shipped() { # <features> <target dir> <glue dir> <name>
  RUSTC_BOOTSTRAP=1 \
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
    cargo build --release --lib --target wasm32-unknown-unknown --target-dir "$2" \
    --features "$1" -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size
  wasm-bindgen --target web --no-typescript --out-dir "$3" --out-name "$4" \
    "$2/wasm32-unknown-unknown/release/breakout_rooms.wasm"
  # shellcheck disable=SC2046 # one flag per word
  tools/node_modules/.bin/wasm-opt $(grep -v '^#' scripts/wasm-opt.flags) \
    "$3/$4_bg.wasm" -o "pkg/$4_bg.wasm"
}
shipped "" target/engine "$glue/release" breakout_rooms
shipped net target/net-engine "$glue/net" breakout_rooms_net

# The debug engine has its own target dir, so switching features rebuilds nothing twice.
cargo build --release --lib --target wasm32-unknown-unknown --features debug,net --target-dir target/debug-engine
wasm-bindgen --target web --no-typescript --out-dir "$glue/debug" --out-name breakout_rooms_debug \
  target/debug-engine/wasm32-unknown-unknown/release/breakout_rooms.wasm
cp "$glue/debug/breakout_rooms_debug_bg.wasm" pkg/

node scripts/bundle.mjs "$glue"
cp pkg-template/package.json pkg-template/index.d.ts pkg-template/README.md LICENSE pkg/

wasm=$(wc -c < pkg/breakout_rooms_bg.wasm)
gz=$(cat pkg/breakout_rooms_bg.wasm pkg/index.js | gzip -9 | wc -c)
echo "pkg/ built: wasm ${wasm} bytes; wasm + JS (browser entry) gzipped ${gz} bytes"
