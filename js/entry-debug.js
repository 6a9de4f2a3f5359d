// `breakout-rooms/debug`: the same surface over the debug engine, whose panics print their
// message and Rust location to the console (console_error_panic_hook).
import { setSource } from './engine.js';

const debug = () => fetch(new URL('./breakout_rooms_debug_bg.wasm', import.meta.url));
setSource({ inPage: debug, net: debug });

export * from './index.js';
