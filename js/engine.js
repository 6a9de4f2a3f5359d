// The wasm engines, each loaded once, on first need: importing the package fetches nothing,
// so it imports in Node and during server-side rendering too. The in-page engine is what
// most pages need; the one with transports (SPEC 9) loads only for a CallClient that joins
// over 'broadcastChannel' or a server. Each entry (browser, node, debug) says where the bytes
// come from.

import initWasm, * as wasm from 'breakout-rooms-glue';
import initNet, * as net from 'breakout-rooms-net-glue';

const engines = {
  inPage: { init: initWasm, exports: wasm, loading: undefined, loaded: false },
  net: { init: initNet, exports: net, loading: undefined, loaded: false },
};
let sources;

/** Set once by the entry module: for each engine, returns what `WebAssembly.instantiate`
 *  can take. */
export function setSource(fetchSources) {
  sources = fetchSources;
}

/** Loads the in-page engine once; later calls return the same promise. */
export function init(moduleOrPath) {
  return load('inPage', moduleOrPath);
}

/** Loads an engine (`'inPage'` or `'net'`) once. */
export function load(kind, moduleOrPath) {
  const e = engines[kind];
  // Resolves with the instance's exports (its `memory` among them), as wasm-bindgen's init does.
  e.loading ??= e.init({ module_or_path: moduleOrPath ?? sources[kind]() }).then((exports) => {
    e.loaded = true;
    return exports;
  });
  return e.loading;
}

/** A value from the engine: plain data, or the same as JSON text when the engine is built
 *  with its `json-boundary` feature (kept to measure the two boundaries against each other). */
export const data = (value) => (typeof value === 'string' ? JSON.parse(value) : value);

/** An engine's exports, once loaded; code that needs them runs after it loaded. */
export function engine(kind = 'inPage') {
  if (!engines[kind].loaded) throw new Error(`breakout-rooms: the ${kind} engine is not loaded yet (await init())`);
  return engines[kind].exports;
}
