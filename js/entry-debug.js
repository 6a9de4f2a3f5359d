// `breakout-rooms/debug`: the same surface over the debug engine, whose panics print their
// message and Rust location to the console (console_error_panic_hook). It has the transports
// too, so both kinds of CallClient share its one instance.
import * as glue from 'breakout-rooms-glue';

import { setSource } from './engine.js';

const debug = { glue, bytes: () => fetch(new URL('./breakout_rooms_debug_bg.wasm', import.meta.url)) };
setSource({ inPage: debug, net: debug });

export * from './index.js';
