// The `node` entry: the engine's bytes are read from disk, so Node scripts, tests and
// server-side rendering work without fetch.
import * as inPage from 'breakout-rooms-glue';

import { setSource } from './engine.js';

const fromDisk = (file) => async () => {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL(file, import.meta.url));
};
setSource({
  inPage: { glue: inPage, bytes: fromDisk('./breakout_rooms_bg.wasm') },
  net: { glue: () => import('breakout-rooms-net-glue'), bytes: fromDisk('./breakout_rooms_net_bg.wasm') },
});

export * from './index.js';
