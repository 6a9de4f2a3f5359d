// The browser entry: the engine's bytes are fetched (and compiled while they stream) from
// beside this file. Bundlers see the `new URL(..., import.meta.url)` and ship the file.
import { setSource } from './engine.js';

setSource({
  inPage: () => fetch(new URL('./breakout_rooms_bg.wasm', import.meta.url)),
  net: () => fetch(new URL('./breakout_rooms_net_bg.wasm', import.meta.url)),
});

export * from './index.js';
