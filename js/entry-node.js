// The `node` entry: the engine's bytes are read from disk, so Node scripts, tests and
// server-side rendering work without fetch.
import initInPage, { Engine, readToken } from 'breakout-rooms-glue';

import { setSource } from './engine.js';

// What the package uses of the glue, named: the rest of it (initSync) stays out of the bundle.
const inPage = { default: initInPage, Engine, readToken };

const fromDisk = (file) => async () => {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL(file, import.meta.url));
};
setSource({
  inPage: { glue: inPage, bytes: fromDisk('./breakout_rooms_bg.wasm') },
  net: { glue: () => import('breakout-rooms-net-glue'), bytes: fromDisk('./breakout_rooms_net_bg.wasm') },
});

export * from './index.js';
