// Media-less, not missing (SPEC 12): this engine carries no audio or video, so devices,
// streams and renderers exist with the SDK's shapes and say so truthfully.

import { unavailable as noMedia } from './errors.js';
import { Observable } from './observable.js';

/** The SDK's `DeviceManager` with no devices. */
export class DeviceManager extends Observable {
  constructor() {
    super(['videoDevicesUpdated', 'audioDevicesUpdated', 'selectedMicrophoneChanged', 'selectedSpeakerChanged']);
  }

  get isSpeakerSelectionAvailable() {
    return false;
  }

  get selectedMicrophone() {
    return undefined;
  }

  get selectedSpeaker() {
    return undefined;
  }

  getCameras() {
    return Promise.resolve([]);
  }

  getMicrophones() {
    return Promise.resolve([]);
  }

  getSpeakers() {
    return Promise.resolve([]);
  }

  selectMicrophone() {
    return Promise.reject(noMedia('selectMicrophone'));
  }

  selectSpeaker() {
    return Promise.reject(noMedia('selectSpeaker'));
  }

  /** Nothing is asked of the browser: no device is ever opened. */
  askDevicePermission() {
    return Promise.resolve({ audio: false, video: false });
  }

  startPreheatDevices() {
    return Promise.resolve();
  }

  stopPreheatDevices() {}
}

/** A local stream: it can be made, passed around and switched, and never carries media. */
class LocalStream extends Observable {
  constructor(source, kind) {
    const event = `${kind.toLowerCase()}SourceChanged`;
    super([event]);
    Object.defineProperty(this, '_kind', { value: kind });
    Object.defineProperty(this, '_event', { value: event });
    this._source = source;
  }

  get source() {
    return this._source;
  }

  get mediaStreamType() {
    return this._kind;
  }

  switchSource(source) {
    this._source = source;
    this._emit(this._event, { source: this });
    return Promise.resolve();
  }

  getMediaStream() {
    return Promise.reject(noMedia('getMediaStream'));
  }

  setMediaStream() {
    return Promise.reject(noMedia('setMediaStream'));
  }

  feature() {
    throw noMedia(`Local${this._kind}Stream.feature`);
  }

  dispose() {}
}

/** A camera or screen stream. */
export class LocalVideoStream extends LocalStream {
  constructor(source) {
    super(source, 'Video');
  }
}

export class LocalAudioStream extends LocalStream {
  constructor(source) {
    super(source, 'Audio');
  }

  getVolume() {
    return Promise.reject(noMedia('getVolume'));
  }
}

/** Renders a stream: there is never one to render, so `createView` rejects. */
export class VideoStreamRenderer {
  constructor(videoStream) {
    this._stream = videoStream;
    this.size = { width: 0, height: 0 };
  }

  createView() {
    return Promise.reject(noMedia('createView'));
  }

  dispose() {}
}

export const DiagnosticQuality = Object.freeze({ Good: 1, Poor: 2, Bad: 3, 1: 'Good', 2: 'Poor', 3: 'Bad' });
export const CallKind = Object.freeze({ Call: 'Call', TeamsCall: 'TeamsCall' });
export const CallAgentKind = Object.freeze({ CallAgent: 'CallAgent', TeamsCallAgent: 'TeamsCallAgent' });
export const IncomingCallKind = Object.freeze({
  IncomingCall: 'IncomingCall',
  TeamsIncomingCall: 'TeamsIncomingCall',
});
export const DevicePermissionAccess = Object.freeze({
  Granted: 'granted',
  Denied: 'denied',
  Prompt: 'prompt',
});
