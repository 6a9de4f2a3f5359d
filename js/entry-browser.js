// The browser entry: the engine's bytes are fetched (and compiled while they stream) from
// beside this file. Bundlers see the `new URL(..., import.meta.url)` and ship the file. The
// transports' engine and its glue (its own module) load only when a CallClient needs them.
import initInPage, { Engine, readToken } from 'breakout-rooms-glue';

import { setSource } from './engine.js';

// What the package uses of the glue, named: the rest of it (initSync) stays out of the bundle.
const inPage = { default: initInPage, Engine, readToken };

setSource({
  inPage: { glue: inPage, bytes: () => fetch(new URL('./breakout_rooms_bg.wasm', import.meta.url)) },
  net: {
    glue: () => import('breakout-rooms-net-glue'),
    bytes: () => fetch(new URL('./breakout_rooms_net_bg.wasm', import.meta.url)),
  },
});

export * from './index.js';
