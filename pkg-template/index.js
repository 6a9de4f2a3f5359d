// breakout-rooms: importing this module is enough. It loads the WebAssembly with top-level
// await; `init()` stays available for code that wants to pass its own module or URL.
import initWasm, { __setLogSink } from './breakout_rooms.js';

let loading;

/** Loads the WebAssembly module once; later calls return the same promise. */
export function init(moduleOrPath) {
  loading ??= initWasm({
    module_or_path: moduleOrPath ?? new URL('./breakout_rooms_bg.wasm', import.meta.url),
  });
  return loading;
}

await init();

/** Where log lines go: replace `AzureLogger.log` to redirect them, as with @azure/logger. */
export const AzureLogger = { log: (...args) => console.log(...args) };
__setLogSink((...args) => AzureLogger.log(...args));

/** Feature factories for `call.feature(...)`. */
export const Features = Object.freeze({
  BreakoutRooms: Object.freeze({ name: 'BreakoutRooms' }),
  BreakoutRoomsManagement: Object.freeze({ name: 'BreakoutRoomsManagement' }),
});

export {
  AzureCommunicationTokenCredential,
  BreakoutRoom,
  BreakoutRoomsCallFeature,
  BreakoutRoomsManagement,
  Call,
  CallAgent,
  CallClient,
  DeviceManager,
  createDevToken,
  setLogLevel,
} from './breakout_rooms.js';
