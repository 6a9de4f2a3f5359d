// The `node` entry: the engine's bytes are read from disk, so Node scripts, tests and
// server-side rendering work without fetch.
import { setSource } from './engine.js';

const fromDisk = (file) => async () => {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL(file, import.meta.url));
};
setSource({ inPage: fromDisk('./breakout_rooms_bg.wasm'), net: fromDisk('./breakout_rooms_net_bg.wasm') });

export * from './index.js';
