// breakout-rooms: the calling SDK's surface over the wasm engine. Importing this module
// loads nothing; the engine loads on first need. Each entry (browser, node, debug) says
// where the engine's bytes come from.

export { AzureCommunicationTokenCredential, createDevToken } from './token.js';
export { AzureLogger, setLogLevel } from './logger.js';
export { BreakoutRoomsError } from './errors.js';
export { CallAgent, CallClient } from './client.js';
export { Call } from './call.js';
export { RemoteParticipant } from './participant.js';
export { BreakoutRoom } from './rooms.js';
export { BreakoutRoomsCallFeature, BreakoutRoomsManagement } from './breakout.js';
export { Features } from './features.js';
export {
  CallAgentKind,
  CallKind,
  DevicePermissionAccess,
  DeviceManager,
  DiagnosticQuality,
  IncomingCallKind,
  LocalAudioStream,
  LocalVideoStream,
  VideoStreamRenderer,
} from './media.js';
export { init } from './engine.js';
