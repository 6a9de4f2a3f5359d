// The SDK's `Call`: the main meeting call or a breakout room call. Its state is what its
// `stateChanged` events said; there is no audio or video, so the media members are
// truthful about that (SPEC 12): no streams, `mute()` changes `isMuted` and says so.

import { notConnected, unavailable } from './errors.js';
import { featureOf } from './features.js';
import { rawId, withKind } from './identifiers.js';
import { log } from './logger.js';
import { Observable } from './observable.js';
import { RemoteParticipant } from './participant.js';

const CALL_EVENTS = [
  'stateChanged',
  'idChanged',
  'isMutedChanged',
  'isIncomingAudioMutedChanged',
  'isScreenSharingOnChanged',
  'isLocalVideoStartedChanged',
  'remoteParticipantsUpdated',
  'localVideoStreamsUpdated',
  'localAudioStreamsUpdated',
  'remoteAudioStreamsUpdated',
  'roleChanged',
  'mutedByOthers',
  'callerInfoChanged',
  'transferorInfoChanged',
  'totalParticipantCountChanged',
  'isOutgoingAudioMediaAccessDisabledChanged',
];

/** The SDK's `ParticipantRole` for our roles. */
const ROLE = {
  organizer: 'Organizer',
  coOrganizer: 'Co-organizer',
  breakoutRoomManager: 'Presenter',
  attendee: 'Attendee',
};

export class Call extends Observable {
  constructor(person, id, threadId) {
    super(CALL_EVENTS);
    // Not enumerable: a call shows its own fields, not the whole meeting behind it.
    Object.defineProperty(this, '_person', { value: person });
    this._id = id;
    this._threadId = threadId;
    this._state = 'Connecting';
    this._endReason = undefined;
    this._muted = false;
    this._incomingMuted = false;
    this._remotes = undefined; // built on first read or listen: Map rawId -> RemoteParticipant
    this._raised = new Map(); // rawId -> { identifier, order }, in the order hands went up
    this._features = new Map();
    this.info = new CallInfo(this);
    this.lobby = emptyLobby;
  }

  get kind() {
    return 'Call';
  }

  get id() {
    return this._id;
  }

  get state() {
    return this._state;
  }

  get callEndReason() {
    return this._endReason;
  }

  get direction() {
    return 'Outgoing';
  }

  get callerInfo() {
    return { identifier: undefined, displayName: undefined };
  }

  get transferorInfo() {
    return undefined;
  }

  get role() {
    return ROLE[this._person.role] ?? 'Unknown';
  }

  get isMuted() {
    return this._muted;
  }

  get isIncomingAudioMuted() {
    return this._incomingMuted;
  }

  get isScreenSharingOn() {
    return false;
  }

  get isLocalVideoStarted() {
    return false;
  }

  get isOutgoingAudioMediaAccessDisabled() {
    return false;
  }

  get localVideoStreams() {
    return [];
  }

  get localAudioStreams() {
    return [];
  }

  get remoteAudioStreams() {
    return [];
  }

  /** Everyone else in this call's place (the main meeting or the room), as the place lists
   *  them: past `maxVisibleParticipants` people, the first that many (managers first). */
  get remoteParticipants() {
    return [...this._roster().values()];
  }

  /** Everyone in this call's place, this participant included, even past the listed ones. */
  get totalParticipantCount() {
    return this._live ? this._person.hub.total(this._person.peer, this._id) : 0;
  }

  feature(factory) {
    return featureOf(this, factory);
  }

  /** Of the main call: leaves the meeting. Of a breakout call: leaves the room, and the main
   *  call stays on hold until `resume()` (SPEC 6.4). */
  hangUp() {
    return this._act((core, peer) => core.hangUp(peer, this._id));
  }

  hold() {
    return this._act((core, peer) => core.hold(peer, this._id));
  }

  resume() {
    return this._act((core, peer) => core.resume(peer, this._id));
  }

  mute() {
    return this._setMuted('_muted', true, 'isMutedChanged');
  }

  unmute() {
    return this._setMuted('_muted', false, 'isMutedChanged');
  }

  muteIncomingAudio() {
    return this._setMuted('_incomingMuted', true, 'isIncomingAudioMutedChanged');
  }

  unmuteIncomingAudio() {
    return this._setMuted('_incomingMuted', false, 'isIncomingAudioMutedChanged');
  }

  /** Nobody here has a microphone to mute. */
  muteAllRemoteParticipants() {
    return this._whileLive();
  }

  startVideo() {
    return noMedia('startVideo', 'video');
  }

  stopVideo() {
    return noMedia('stopVideo', 'video');
  }

  startScreenSharing() {
    return noMedia('startScreenSharing', 'screen sharing');
  }

  stopScreenSharing() {
    return this._whileLive();
  }

  startAudio() {
    return noMedia('startAudio', 'custom audio');
  }

  stopAudio() {}

  sendDtmf() {
    return noMedia('sendDtmf', 'DTMF tones');
  }

  setConstraints() {
    return this._whileLive();
  }

  addParticipant() {
    throw noOutgoing('addParticipant');
  }

  removeParticipant() {
    return Promise.reject(noOutgoing('removeParticipant'));
  }

  dispose() {}

  // ----- for the participant -----

  /** `join(locator, { audioOptions: { muted: true } })`: muted from the start, so no event. */
  _startMuted() {
    this._muted = true;
  }

  get _live() {
    return this._state !== 'Disconnected';
  }

  _act(start) {
    return this._person.operation(start, 'nothing');
  }

  _whileLive() {
    return this._live ? Promise.resolve() : this._rejectNotConnected();
  }

  _setMuted(field, value, event) {
    if (!this._live) return this._rejectNotConnected();
    if (this[field] !== value) {
      this[field] = value;
      this._emit(event);
    }
    return Promise.resolve();
  }

  _rejectNotConnected() {
    return Promise.reject(notConnected());
  }

  _changeState(state, reason) {
    if (state === this._state) return;
    log('verbose', `call ${this._id} is ${state}`);
    this._state = state;
    if (state === 'Disconnected') {
      if (reason) {
        this._endReason = { code: reason.code, subCode: reason.subCode, message: reason.message };
        log('warning', `call ${this._id} ended: ${reason.message}`);
      }
      else this._endReason ??= { code: 0, subCode: 0 };
      this._person.callEnded(this);
    }
    this._emit('stateChanged');
    if (state === 'Connected' && this === this._person.breakout && this._person.settings) {
      this._breakoutEvent('breakoutRoomsSettings', this._person.settings);
    }
  }

  /** Who is here, built from the engine on first need and kept by its outputs after. */
  _roster() {
    if (!this._remotes) {
      this._remotes = new Map();
      this._toldTotal = this.totalParticipantCount;
      if (this._live) {
        for (const member of this._person.hub.watch(this._person.peer, this._id)) {
          const participant = new RemoteParticipant(member);
          this._remotes.set(rawId(member.identifier), participant);
        }
      }
    }
    return this._remotes;
  }

  on(event, listener) {
    super.on(event, listener);
    if (event === 'remoteParticipantsUpdated' || event === 'totalParticipantCountChanged') this._roster();
  }

  /** After who is here or the place's head count changed: 'totalParticipantCountChanged'. */
  _countChanged() {
    const total = this.totalParticipantCount;
    if (total === this._toldTotal) return;
    this._toldTotal = total;
    this._emit('totalParticipantCountChanged');
  }

  _changeRemotes(added, removed) {
    const roster = this._roster();
    const gone = [];
    for (const id of removed) {
      const key = rawId(id);
      const participant = roster.get(key);
      if (participant) {
        roster.delete(key);
        participant._leave();
        gone.push(participant);
      }
    }
    const came = [];
    for (const member of added) {
      const key = rawId(member.identifier);
      if (roster.has(key)) continue;
      const participant = new RemoteParticipant(member);
      roster.set(key, participant);
      came.push(participant);
    }
    if (came.length || gone.length) this._emit('remoteParticipantsUpdated', { added: came, removed: gone });
    this._countChanged();
  }

  /** Someone's hand went up (`order`) or came down in this call. */
  _changeHand(identifier, order) {
    const key = rawId(identifier);
    const feature = this._features.get('RaiseHand');
    if (order === undefined) {
      if (!this._raised.delete(key)) return;
      feature?._emit('loweredHandEvent', { identifier: withKind(identifier) });
    } else {
      const hand = { identifier: withKind(identifier), order };
      this._raised.delete(key);
      this._raised.set(key, hand);
      this._raised = new Map([...this._raised].sort((a, b) => a[1].order - b[1].order));
      feature?._emit('raisedHandEvent', hand);
    }
  }

  _roleChanged(before) {
    this._emit('roleChanged');
    this._features.get('Capabilities')?._roleChanged(before);
  }

  _breakoutEvent(type, data) {
    log('verbose', `breakoutRoomsUpdated: ${type}`);
    const feature = this._features.get('BreakoutRooms');
    feature?._emit('breakoutRoomsUpdated', { type, data });
  }

  _feature(name) {
    return this._features.get(name);
  }

  /** SPEC 11: an event of its own name on this call's BreakoutRooms feature. */
  _breakoutFeatureEvent(event, data) {
    this._features.get('BreakoutRooms')?._emit(event, data);
  }

  /** SPEC 11: an event on the management feature, with data read only if it is there. */
  _managementEvent(event, read) {
    const feature = this._features.get('BreakoutRoomsManagement');
    if (feature) feature._emit(event, read());
  }

  /** Managers' `mgmt.settings` changed. */
  _managementSettings() {
    this._features.get('BreakoutRoomsManagement')?._emit('settingsChanged', this._person.managementSettings);
  }
}

class CallInfo {
  constructor(call) {
    Object.defineProperty(this, '_call', { value: call });
  }

  get groupId() {
    const key = this._call._person.hub.key;
    return key.startsWith('groupId:') ? key.slice('groupId:'.length) : undefined;
  }

  get threadId() {
    return this._call._threadId ?? undefined;
  }

  get participantId() {
    return rawId(this._call._person.identifier);
  }

  /** The meeting's id on this host: the locator for the main call, the room's thread for a
   *  breakout call. */
  getServerCallId() {
    return Promise.resolve(this._call._threadId ?? this._call._person.hub.key);
  }

  onCallInfoChanged() {}

  offCallInfoChanged() {}
}

const emptyLobby = Object.freeze({
  participants: Object.freeze([]),
  on() {},
  off() {},
  admit: () => Promise.reject(noOutgoing('lobby.admit')),
  reject: () => Promise.reject(noOutgoing('lobby.reject')),
  admitAll: () => Promise.resolve({ successCount: 0, failureCount: 0 }),
});

const noMedia = (method, what) => Promise.reject(unavailable(method, `this engine carries no ${what}`));

const noOutgoing = (method) =>
  unavailable(method, 'people join this meeting with its locator; there is no dialling out or lobby');

