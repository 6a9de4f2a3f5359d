// `Features` and `call.feature(...)`. Each call keeps one object per feature. Features that
// need media we do not have are there and report themselves inactive (SPEC 12); the
// breakout-room features and raised hands are real meeting state.

import { guard } from './args.js';
import { BreakoutRoomsCallFeature, BreakoutRoomsManagement } from './breakout.js';
import { Call } from './call.js';
import { CallClient } from './client.js';
import { describe, invalid, unavailable } from './errors.js';
import { Observable } from './observable.js';
import { RaiseHandCallFeature } from './hands.js';

/** A feature that is always off here: its events never fire. */
class Inactive extends Observable {
  constructor(call, name, events) {
    super(events);
    Object.defineProperty(this, '_call', { value: call });
    Object.defineProperty(this, 'name', { value: name, enumerable: true });
  }

  dispose() {
    this._release();
  }
}

const refuse = (what) => Promise.reject(unavailable(what, 'not available on this engine (no audio or video)'));

/** What each role may do here, in the SDK's `ParticipantCapabilities` shape. */
function capabilities(role) {
  const manager = role !== 'attendee';
  const yes = { isPresent: true, reason: 'Capable' };
  const noMedia = { isPresent: false, reason: 'FeatureNotSupported' };
  const notHere = { isPresent: false, reason: 'CapabilityNotApplicableForTheCallType' };
  const managersOnly = manager ? noMedia : { isPresent: false, reason: 'RoleRestricted' };
  return {
    turnVideoOn: noMedia,
    blurBackground: noMedia,
    unmuteMic: yes,
    shareScreen: noMedia,
    removeParticipant: managersOnly,
    hangUpForEveryOne: managersOnly,
    addCommunicationUser: notHere,
    addTeamsUser: notHere,
    addPhoneNumber: notHere,
    manageLobby: managersOnly,
    spotlightParticipant: managersOnly,
    removeParticipantsSpotlight: managersOnly,
    startLiveMeetingCaptions: noMedia,
    startLiveCallingCaptions: noMedia,
    setCaptionLanguage: noMedia,
    raiseHand: yes,
    pstnDialOut: notHere,
    muteOthers: managersOnly,
    useReactions: noMedia,
    viewAttendeeNames: yes,
    startTogetherMode: noMedia,
    joinBreakoutRooms: yes,
    forbidOthersAudio: managersOnly,
    forbidOthersVideo: managersOnly,
    realTimeText: noMedia,
  };
}

class CapabilitiesFeature extends Inactive {
  constructor(call) {
    super(call, 'Capabilities', ['capabilitiesChanged']);
  }

  get capabilities() {
    return capabilities(this._call._person.role);
  }

  /** The role changed: tell what that changed. */
  _roleChanged(before) {
    const oldValue = capabilities(before);
    const newValue = capabilities(this._call._person.role);
    const changed = (all) =>
      Object.fromEntries(Object.entries(all).filter(([k]) => oldValue[k].isPresent !== newValue[k].isPresent));
    const event = { oldValue: changed(oldValue), newValue: changed(newValue), reason: 'RoleChanged' };
    if (Object.keys(event.newValue).length) this._emit('capabilitiesChanged', event);
  }
}

/** No presentation. `target` is where the SDK would render one: an empty, detached element,
 *  made on first read where there is a `document` (undefined outside a browser). */
class PPTLiveFeature extends Inactive {
  constructor(call) {
    super(call, 'PPTLive', ['isActiveChanged']);
    this.isActive = false;
    this.activePresenterId = undefined;
    Object.defineProperty(this, '_target', { value: undefined, writable: true });
  }

  get target() {
    if (this._target === undefined && typeof document !== 'undefined') this._target = document.createElement('div');
    return this._target;
  }
}

const inactive = (name, events, members) =>
  class extends Inactive {
    constructor(call) {
      super(call, name, events);
      Object.assign(this, members?.(call));
    }
  };

const consentNotNeeded = () => ({
  isTeamsConsentRequired: false,
  grantTeamsConsent: () => Promise.resolve(),
});

const FEATURES = {
  BreakoutRooms: BreakoutRoomsCallFeature,
  BreakoutRoomsManagement,
  RaiseHand: RaiseHandCallFeature,
  Capabilities: CapabilitiesFeature,
  DominantSpeakers: inactive('DominantSpeakers', ['dominantSpeakersChanged'], () => ({
    dominantSpeakers: { speakersList: [], timestamp: new Date(0) },
  })),
  OptimalVideoCount: inactive('OptimalVideoCount', ['optimalVideoCountChanged'], () => ({
    optimalVideoCount: 0,
    lastOvcChangeReason: 'unknown',
  })),
  Recording: inactive('Recording', ['isRecordingActiveChanged', 'recordingsUpdated'], () => ({
    isRecordingActive: false,
    recordings: [],
    ...consentNotNeeded(),
  })),
  LocalRecording: inactive('LocalRecording', ['isLocalRecordingActiveChanged', 'localRecordingsUpdated'], () => ({
    isLocalRecordingActive: false,
    recordings: [],
    startLocalRecording: () => refuse('startLocalRecording'),
    stopLocalRecording: () => refuse('stopLocalRecording'),
  })),
  Transcription: inactive('Transcription', ['isTranscriptionActiveChanged'], () => ({
    isTranscriptionActive: false,
    ...consentNotNeeded(),
  })),
  Captions: inactive('Captions', ['CaptionsKindChanged'], () => ({
    captions: new Captions(),
  })),
  Transfer: inactive('Transfer', ['transferAccepted', 'transferRequested'], () => ({
    transfer() {
      throw unavailable('transfer', 'there is no transferring on this engine');
    },
  })),
  Spotlight: inactive('Spotlight', ['spotlightChanged'], () => ({
    maxParticipantsToSpotlight: 0,
    startSpotlight: () => refuse('startSpotlight'),
    stopSpotlight: () => refuse('stopSpotlight'),
    stopAllSpotlight: () => refuse('stopAllSpotlight'),
    getSpotlightedParticipants: () => [],
  })),
  Reaction: inactive('Reaction', ['reaction'], () => ({
    sendReaction: () => refuse('sendReaction'),
  })),
  PPTLive: PPTLiveFeature,
  MediaAccess: inactive('MediaAccess', ['mediaAccessChanged', 'meetingMediaAccessChanged'], () => {
    const members = { getAllOthersMediaAccess: () => [], getMeetingMediaAccess: () => ({ isAudioPermitted: true, isVideoPermitted: false }) };
    for (const m of ['permitAudio', 'forbidAudio', 'permitOthersAudio', 'forbidOthersAudio', 'permitVideo', 'forbidVideo', 'permitOthersVideo', 'forbidOthersVideo']) {
      members[m] = () => refuse(m);
    }
    return members;
  }),
  TogetherMode: inactive('TogetherMode', ['togetherModeStreamsUpdated', 'togetherModeSceneUpdated', 'togetherModeSeatingUpdated'], () => ({
    togetherModeStream: [],
    togetherModeSeatingMap: new Map(),
    sceneSize: { width: 0, height: 0 },
    start: () => refuse('TogetherMode.start'),
  })),
  UserFacingDiagnostics: inactive('UserFacingDiagnostics', [], () => ({
    network: new Diagnostics(),
    media: new Diagnostics(),
    remote: new RemoteDiagnostics(),
  })),
  RealTimeText: inactive('RealTimeText', ['realTimeTextReceived'], () => ({
    sendRealTimeText: () => refuse('sendRealTimeText'),
  })),
  CallSurvey: inactive('CallSurvey', [], () => ({
    submitSurvey: () => refuse('submitSurvey'),
  })),
  MediaStats: inactive('MediaStats', ['sampleReported', 'summaryReported'], () => ({
    createCollector() {
      throw unavailable('createCollector', 'this engine has no media to measure');
    },
  })),
  DataChannel: inactive('DataChannel', ['dataChannelReceiverCreated'], () => ({
    createDataChannelSender() {
      throw unavailable('createDataChannelSender', 'there is no data channel on this engine');
    },
  })),
  // No dial-in here: the details are empty, not an error (clients ask on every connect).
  TeamsMeetingAudioConferencing: inactive('TeamsMeetingAudioConferencing', [], () => ({
    getTeamsMeetingAudioConferencingDetails: () =>
      Promise.resolve({ phoneConferenceId: '', phoneNumbers: [] }),
  })),
};

/** Network or media diagnostics that never report a problem: there is no media to be poor.
 *  Every field of the SDK's latest diagnostics is optional, absent until raised: `{}`. */
class Diagnostics extends Observable {
  constructor() {
    super(['diagnosticChanged']);
  }

  getLatest() {
    return {};
  }
}

/** Others' diagnostics: none arrive, and there are none of ours to send (sending stays off). */
class RemoteDiagnostics extends Diagnostics {
  get isSendingDiagnosticsEnabled() {
    return false;
  }

  startSendingDiagnostics() {}

  stopSendingDiagnostics() {}

  getLatest() {
    return { diagnostics: [] };
  }
}

class Captions extends Observable {
  constructor() {
    super(['CaptionsReceived', 'CaptionsActiveChanged', 'SpokenLanguageChanged', 'CaptionLanguageChanged']);
    this.kind = 'Captions';
    this.isCaptionsFeatureActive = false;
    this.supportedSpokenLanguages = [];
    this.activeSpokenLanguage = '';
    this.supportedCaptionLanguages = [];
    this.activeCaptionLanguage = '';
  }

  startCaptions() {
    return refuse('startCaptions');
  }

  stopCaptions() {
    return Promise.resolve();
  }

  setSpokenLanguage() {
    return refuse('setSpokenLanguage');
  }

  setCaptionLanguage() {
    return refuse('setCaptionLanguage');
  }
}

class DebugInfo extends Observable {
  constructor() {
    super(['isCallClientActiveInAnotherTabChanged']);
    Object.defineProperty(this, 'name', { value: 'DebugInfo', enumerable: true });
  }

  get isCallClientActiveInAnotherTab() {
    return false;
  }

  getEnvironmentInfo() {
    const agent = globalThis.navigator?.userAgent ?? 'node';
    return Promise.resolve({
      environment: { platform: globalThis.navigator?.platform ?? 'node', browser: agent, browserVersion: '' },
      isSupportedPlatform: true,
      isSupportedBrowser: true,
      isSupportedBrowserVersion: true,
      isSupportedEnvironment: true,
    });
  }

  dispose() {
    this._release();
  }
}

const CLIENT_FEATURES = { DebugInfo };

/** `context[key]`, which must be an instance of `type` (`what` says which, for the message). */
function contextual(context, key, type, what) {
  if (context === null || typeof context !== 'object') {
    throw invalid('context', `expected { ${key} }, got ${describe(context)}`);
  }
  const owner = guard(`context.${key}`, () => context[key]);
  if (!(owner instanceof type)) throw invalid(`context.${key}`, `expected ${what}, got ${describe(owner)}`);
  return owner;
}

/**
 * A factory as the SDK shapes it. Its constructor is the SDK's way in,
 * `new factory.callApiCtor({ call, callAgent })`: it gives the same object `call.feature(factory)`
 * does, or throws 400/46908 for anything but one of our calls. Features are built by `lookup`.
 */
function callFactory(name) {
  const made = { name };
  made.callApiCtor = class {
    constructor(context) {
      return featureOf(contextual(context, 'call', Call, 'a call of this package (from callAgent.join)'), made);
    }
  };
  return Object.freeze(made);
}

/** `Features.DebugInfo`: `new callClientApiCtor({ callClient })` is `callClient.feature(...)`. */
function clientFactory(name) {
  const made = { name };
  made.callClientApiCtor = class {
    constructor(context) {
      return clientFeatureOf(contextual(context, 'callClient', CallClient, 'a CallClient of this package'), made);
    }
  };
  return Object.freeze(made);
}

/** Feature factories for `call.feature(...)`, `callClient.feature(...)`. */
export const Features = Object.freeze({
  ...Object.fromEntries(Object.keys(FEATURES).map((name) => [name, callFactory(name)])),
  DebugInfo: clientFactory('DebugInfo'),
  // Local stream features: `localVideoStream.feature()` throws here (no media), so a name only.
  VideoEffects: Object.freeze({ name: 'VideoEffects' }),
  AudioEffects: Object.freeze({ name: 'AudioEffects' }),
});

function lookup(table, owner, factory) {
  const name = factory?.name;
  const ctor = typeof name === 'string' && Object.hasOwn(table, name) ? table[name] : undefined;
  if (!ctor) {
    throw invalid('feature', `expected one of Features.${Object.keys(table).join(', Features.')}, got ${describe(factory)}`);
  }
  let made = owner._features.get(name);
  if (!made) {
    made = new ctor(owner);
    owner._features.set(name, made);
  }
  return made;
}

export function featureOf(call, factory) {
  const made = lookup(FEATURES, call, factory);
  // Breakout rooms are only for meetings whose policy allows them (400/46250, 405/46251).
  if (made instanceof BreakoutRoomsCallFeature || made instanceof BreakoutRoomsManagement) {
    call._person.hub.check(call._person.peer);
  }
  return made;
}
export const clientFeatureOf = (client, factory) => lookup(CLIENT_FEATURES, client, factory);
