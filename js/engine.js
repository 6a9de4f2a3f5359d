// The wasm engines, each loaded once, on first need: importing the package fetches nothing,
// so it imports in Node and during server-side rendering too. The in-page engine is what
// most pages need; the one with transports (SPEC 9) loads only for a CallClient that joins
// over 'broadcastChannel' or a server, and so does its wasm-bindgen glue: the browser and
// node entries import it then, from its own module. Each entry (browser, node, debug) says
// where each engine's glue and bytes come from.

const engines = { inPage: undefined, net: undefined };
let sources;

/** Set once by the entry module: for each engine (`inPage`, `net`), `{ glue, bytes }`: its
 *  glue module, or a function that imports it; and a function that starts reading its
 *  bytes (a `fetch` promise, or the bytes). Two engines may share one source. */
export function setSource(engineSources) {
  sources = engineSources;
}

/** Loads the in-page engine once; later calls return the same promise. */
export function init(moduleOrPath) {
  return load('inPage', moduleOrPath);
}

/** Loads an engine (`'inPage'` or `'net'`) once; resolves with the instance's exports (its
 *  `memory` among them), as wasm-bindgen's init does. */
export function load(kind, moduleOrPath) {
  const source = sources[kind];
  source.loading ??= start(source, moduleOrPath).catch((error) => {
    source.loading = undefined; // the next call tries again
    throw error;
  });
  return source.loading;
}

async function start(source, moduleOrPath) {
  // The bytes first: their fetch and streaming compile run while the glue module loads.
  const bytes = moduleOrPath ?? source.bytes();
  const glue = typeof source.glue === 'function' ? await source.glue() : source.glue;
  const exports = await glue.default({ module_or_path: bytes });
  for (const [kind, s] of Object.entries(sources)) if (s === source) engines[kind] = glue;
  return exports;
}

/** A value from the engine: JSON text (or undefined, for "none"). */
export const data = (value) => (typeof value === 'string' ? JSON.parse(value) : value);

/** An engine's exports, once loaded; code that needs them runs after it loaded. */
export function engine(kind = 'inPage') {
  const glue = engines[kind];
  if (!glue) throw new Error(`breakout-rooms: the ${kind} engine is not loaded yet (await init())`);
  return glue;
}
