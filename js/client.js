// `CallClient` and `CallAgent`: who the user is, and joining meetings by locator. The wasm
// engine loads on first need (at the latest in `createCallAgent`, which is async anyway).

import * as args from './args.js';
import { data, engine, load } from './engine.js';
import { describe, fromEngine, invalid, notConnected, unavailable } from './errors.js';
import { clientFeatureOf } from './features.js';
import { log } from './logger.js';
import { DeviceManager } from './media.js';
import { meetingFor } from './host.js';
import { Observable } from './observable.js';
import { Person } from './person.js';
import { tokenClaims } from './token.js';

/** `options.transport` (SPEC 9): `'inPage'` (the default), `'broadcastChannel'`, or a meeting
 *  server's `ws://` / `wss://` URL. */
function readTransport(value) {
  if (args.isAbsent(value) || value === 'inPage') return 'inPage';
  if (value === 'broadcastChannel') return value;
  const expected = "expected 'inPage', 'broadcastChannel' or a meeting server's ws:// or wss:// URL";
  if (typeof value !== 'string') throw invalid('options.transport', `${expected}, got ${describe(value)}`);
  let url;
  try {
    url = new URL(value);
  } catch {
    throw invalid('options.transport', `${expected}, got ${describe(value)}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw invalid('options.transport', `${expected}, got ${describe(value)} (a ${url.protocol} URL)`);
  }
  if (url.search || url.hash) {
    throw invalid('options.transport', `the server URL takes no query or fragment, got ${describe(value)}`);
  }
  return url.href.replace(/\/$/, '');
}

export class CallClient {
  /** `new CallClient()` uses the in-page host; `{ transport }` chooses another (SPEC 9). */
  constructor(options) {
    // The SDK's options (diagnostics, logger, network...) are welcome and mean nothing here.
    args.sdkOptions(options, 'options');
    this._transport = readTransport(args.guard('options.transport', () => options?.transport));
    this._features = new Map();
    this._deviceManager = undefined;
    this._agents = new Set();
    // Start loading now: an app creates its agent right after this.
    this._engine = this._transport === 'inPage' ? 'inPage' : 'net';
    if (typeof window !== 'undefined') load(this._engine).catch(() => {});
  }

  /** Reads the credential's token, then resolves with an agent for that user. */
  async createCallAgent(credential, options) {
    const getToken = args.guard('credential.getToken', () => credential?.getToken);
    if (typeof getToken !== 'function') {
      throw invalid('credential.getToken', `expected a function, got ${describe(getToken)}`);
    }
    args.sdkOptions(options, 'options');
    const displayName = args.guard('options.displayName', () => options?.displayName);
    if (!args.isAbsent(displayName)) args.string(displayName, 'options.displayName');
    const access = await getToken.call(credential);
    const token = args.guard('credential.getToken().token', () => access?.token);
    args.string(token, 'credential.getToken().token');
    const claims = tokenClaims(token);
    await load(this._engine);
    let read;
    try {
      read = data(engine(this._engine).readToken(claims.userId, claims.displayName, claims.role, claims.exp, Date.now()));
    } catch (error) {
      throw fromEngine(error);
    }
    log('info', `call agent for ${read.userId}`);
    const agent = new CallAgent(read, args.isAbsent(displayName) ? undefined : displayName, this._transport, token);
    this._agents.add(agent);
    return agent;
  }

  /** Disposes every agent this client made (their calls hang up) and its features, and
   *  forgets its device manager: `getDeviceManager()` makes a new one after this. */
  async dispose() {
    const agents = [...this._agents];
    this._agents.clear();
    for (const feature of this._features.values()) feature.dispose();
    this._features.clear();
    this._deviceManager?._release();
    this._deviceManager = undefined;
    await Promise.all(agents.map((agent) => agent.dispose()));
  }

  /** This engine carries no media: the device manager lists no devices. */
  getDeviceManager() {
    this._deviceManager ??= new DeviceManager();
    return Promise.resolve(this._deviceManager);
  }

  /** `Features.DebugInfo` and the other call-client features. */
  feature(factory) {
    return clientFeatureOf(this, factory);
  }

  /** Teams identities sign in with Microsoft's cloud, which this engine does not use. */
  createTeamsCallAgent() {
    return Promise.reject(
      unavailable('createTeamsCallAgent', "Teams sign-in needs Microsoft's cloud; use createCallAgent with a dev token"),
    );
  }
}

/** A locator's meeting key and kind: `{ meetingLink }`, `{ meetingId }`, `{ roomId }` (an ACS
 *  Rooms call is a scheduled meeting, so it has breakout rooms), `{ groupId }`. */
function readLocator(value) {
  const locator = value === null || typeof value !== 'object' || Array.isArray(value) ? undefined : value;
  if (!locator) throw invalid('locator', 'expected { meetingLink }, { meetingId }, { roomId } or { groupId }');
  const found = [];
  for (const key of ['meetingLink', 'meetingId', 'roomId', 'groupId']) {
    const given = locator[key];
    if (args.isAbsent(given)) continue;
    const name = args.string(given, `locator.${key}`);
    if (name.trim() === '') throw invalid(`locator.${key}`, 'must not be empty');
    found.push({ key: `${key}:${name}`, groupCall: key === 'groupId' });
  }
  if (found.length === 0) throw invalid('locator', 'expected one of meetingLink, meetingId, roomId or groupId');
  if (found.length > 1) throw invalid('locator', 'give only one of meetingLink, meetingId, roomId or groupId');
  return found[0];
}

/** `options.meetingPolicy.breakoutRoomsEnabled`, default true: the first joiner sets it. */
function readPolicy(value) {
  const opts = args.sdkOptions(value, 'options');
  const policy = args.options(opts?.meetingPolicy, 'options.meetingPolicy', ['breakoutRoomsEnabled']);
  const enabled = policy?.breakoutRoomsEnabled;
  return args.isAbsent(enabled) ? true : args.boolean(enabled, 'options.meetingPolicy.breakoutRoomsEnabled');
}

/** `options.audioOptions.muted`, default false: the call starts muted. */
function readMuted(options) {
  const audio = args.guard('options.audioOptions', () => options?.audioOptions);
  if (args.isAbsent(audio)) return false;
  if (typeof audio !== 'object' || Array.isArray(audio)) {
    throw invalid('options.audioOptions', `expected an object, got ${describe(audio)}`);
  }
  const muted = args.guard('options.audioOptions.muted', () => audio.muted);
  return args.isAbsent(muted) ? false : args.boolean(muted, 'options.audioOptions.muted');
}

export class CallAgent extends Observable {
  constructor(token, displayName, transport = 'inPage', signed = undefined) {
    super(['callsUpdated', 'incomingCall', 'handleIncomingCall', 'connectionStateChanged']);
    this._token = token;
    this._transport = transport;
    // The token as given: a meeting server checks its signature on every join.
    this._signed = signed;
    this._displayName = displayName ?? token.displayName ?? token.userId;
    this._people = [];
    this._features = new Map();
    this._connected = true;
    this._armExpiry();
  }

  get kind() {
    return 'CallAgent';
  }

  get displayName() {
    return this._displayName;
  }

  get connectionState() {
    return this._connected ? 'Connected' : 'Disconnected';
  }

  /** Every call of this agent that is not over: main meeting calls and breakout calls. */
  get calls() {
    return this._people.flatMap((p) => p.liveCalls());
  }

  /** Participants whose meeting is over leave the engine when the agent moves on. */
  _moveOn() {
    const over = this._people.filter((p) => !p.main._live);
    this._people = this._people.filter((p) => p.main._live);
    for (const person of over) person.forget();
  }

  /** Joins the meeting the locator names; the call starts `Connecting`. The first joiner of
   *  an in-page meeting may set its policy: `join(locator, { meetingPolicy: { breakoutRoomsEnabled: false } })`. */
  join(locator, options) {
    if (!this._connected) throw notConnected();
    const { key, groupCall } = readLocator(locator);
    this._moveOn();
    const enabled = readPolicy(options);
    const muted = readMuted(options);
    const hub = meetingFor(key, groupCall, enabled, this._transport);
    let person;
    const admitted = hub.admit(
      { dispatch: (o) => person.dispatch(o), afterDispatch: () => person.afterDispatch() },
      this._token,
      this._displayName,
      groupCall,
      this._transport.startsWith('ws') ? this._signed : undefined,
    );
    person = new Person(this, hub, admitted);
    if (muted) person.main._startMuted();
    this._people.push(person);
    this._callsUpdated([person.main], []);
    return person.main;
  }

  /** Outgoing calls need phone numbers or other users to ring: this engine only has meetings. */
  startCall() {
    throw unavailable('startCall', 'this engine has no outgoing calls; join a meeting with join({ meetingLink })');
  }

  /** Hangs up every call and disconnects the agent. */
  dispose() {
    this._disconnect(undefined);
    // Hang-ups are delivered from a microtask; after them, everyone is forgotten.
    return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
      for (const person of this._people) person.forget();
      this._people = [];
    });
  }

  feature(factory) {
    return clientFeatureOf(this, factory);
  }

  _callsUpdated(added, removed) {
    this._emit('callsUpdated', { added, removed });
  }

  _armExpiry() {
    // setTimeout takes at most 2^31-1 ms; a later expiry re-arms when this one fires.
    const delay = Math.min(Math.max(0, this._token.expiresOn - Date.now()), 2 ** 31 - 1);
    this._expiry = setTimeout(() => {
      if (Date.now() < this._token.expiresOn) this._armExpiry();
      else this._disconnect('invalidToken');
    }, delay);
  }

  /** A meeting's transport stayed down past its grace period (SPEC 9): its calls have ended. */
  _connectionLost() {
    if (!this._connected) return;
    this._connected = false;
    this._emit('connectionStateChanged', { oldValue: 'Connected', newValue: 'Disconnected', reason: 'connectionIssues' });
  }

  _disconnect(reason) {
    clearTimeout(this._expiry);
    for (const person of this._people) {
      if (person.main._live) person.main.hangUp().catch(() => {});
    }
    if (!this._connected) return;
    this._connected = false;
    const event = { oldValue: 'Connected', newValue: 'Disconnected' };
    if (reason) event.reason = reason;
    this._emit('connectionStateChanged', event);
  }
}
