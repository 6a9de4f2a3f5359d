#!/usr/bin/env bash
# Builds pkg/: the npm package. Release wasm (size-tuned in Cargo.toml), JS bindings with
# weak refs (objects are freed when JS drops them), wasm-opt -Oz, then the template files.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --lib --target wasm32-unknown-unknown
rm -rf pkg
wasm-bindgen --target web --weak-refs --no-typescript --out-dir pkg --out-name breakout_rooms \
  target/wasm32-unknown-unknown/release/breakout_rooms.wasm
tools/node_modules/.bin/wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue \
  pkg/breakout_rooms_bg.wasm -o pkg/breakout_rooms_bg.wasm
cp pkg-template/package.json pkg-template/index.js pkg-template/index.d.ts pkg-template/README.md pkg/

wasm=$(wc -c < pkg/breakout_rooms_bg.wasm)
gz=$(cat pkg/breakout_rooms_bg.wasm pkg/breakout_rooms.js pkg/index.js | gzip -9 | wc -c)
echo "pkg/ built: wasm ${wasm} bytes; wasm + JS gzipped ${gz} bytes"
