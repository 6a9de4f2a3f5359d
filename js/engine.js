// The wasm engine, loaded once, on first need: importing the package fetches nothing, so it
// imports in Node and during server-side rendering too. Each entry (browser, node, debug)
// says where the bytes come from.

import initWasm, * as wasm from 'breakout-rooms-glue';

let source;
let loading;
let loaded = false;

/** Set once by the entry module: returns what `WebAssembly.instantiate` can take. */
export function setSource(fetchSource) {
  source = fetchSource;
}

/** Loads the WebAssembly module once; later calls return the same promise. */
export function init(moduleOrPath) {
  // Resolves with the instance's exports (its `memory` among them), as wasm-bindgen's init does.
  loading ??= initWasm({ module_or_path: moduleOrPath ?? source() }).then((exports) => {
    loaded = true;
    return exports;
  });
  return loading;
}

/** A value from the engine: plain data, or the same as JSON text when the engine is built
 *  with its `json-boundary` feature (kept to measure the two boundaries against each other). */
export const data = (value) => (typeof value === 'string' ? JSON.parse(value) : value);

/** The engine's exports, once loaded; code that needs them runs after `init()` resolved. */
export function engine() {
  if (!loaded) throw new Error('breakout-rooms: the engine is not loaded yet (await init())');
  return wasm;
}
