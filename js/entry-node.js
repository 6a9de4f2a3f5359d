// The `node` entry: the engine's bytes are read from disk, so Node scripts, tests and
// server-side rendering work without fetch.
import { setSource } from './engine.js';

setSource(async () => {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL('./breakout_rooms_bg.wasm', import.meta.url));
});

export * from './index.js';
