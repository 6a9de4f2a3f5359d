// The SDK's `RemoteParticipant`: someone else in the same call. Media-less: no streams, not
// muted by us, never speaking.

import { withKind } from './identifiers.js';
import { Observable } from './observable.js';

const EVENTS = [
  'stateChanged',
  'isMutedChanged',
  'displayNameChanged',
  'roleChanged',
  'isSpeakingChanged',
  'videoStreamsUpdated',
  'endpointDetailsChanged',
];

export class RemoteParticipant extends Observable {
  constructor(member) {
    super(EVENTS);
    this.identifier = withKind(member.identifier);
    this.displayName = member.displayName;
    this._state = 'Connected';
  }

  get state() {
    return this._state;
  }

  get callEndReason() {
    return this._state === 'Disconnected' ? { code: 0, subCode: 0 } : undefined;
  }

  get isMuted() {
    return false;
  }

  get isSpeaking() {
    return false;
  }

  /** Other people's roles are not shared with participants on this host. */
  get role() {
    return 'Unknown';
  }

  get videoStreams() {
    return [];
  }

  get endpointDetails() {
    return [];
  }

  /** There is no microphone to mute. */
  mute() {
    return Promise.resolve();
  }

  _leave() {
    this._state = 'Disconnected';
    this._emit('stateChanged');
    this._release();
  }
}
