// Helpers for the browser tests in tests/surface/: this module is the test page's one
// import of the package, written as a user's app writes it (the page's import map resolves
// 'breakout-rooms' to the package under test). Test bodies are written the way a user of the
// calling SDK writes code; they run in the page's global scope, where this module puts `api`
// (the package's module namespace), its exports and the helpers below.
import * as api from 'breakout-rooms';

const { CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features } = api;

/** Lets every pending microtask and event run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function fail(message) {
  throw new Error(message);
}

function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(`${what}: expected ${e}, got ${a}`);
}

function ok(condition, what) {
  if (!condition) fail(what);
}

/**
 * Like `eq`, but compares only the fields `expected` names, deeply (arrays item by item, same
 * length): SPEC 12 lets SDK objects carry the SDK's other members too (e.g. `identifier.kind`,
 * `isMuted`), so shape checks name what they are about and nothing else.
 */
function eqFields(actual, expected, what) {
  const project = (value, shape) => {
    if (Array.isArray(shape)) {
      return Array.isArray(value) ? value.map((item, i) => project(item, shape[i])) : value;
    }
    if (shape && typeof shape === 'object' && value && typeof value === 'object') {
      return Object.fromEntries(Object.keys(shape).map((key) => [key, project(value[key], shape[key])]));
    }
    return value;
  };
  eq(project(actual, expected), expected, what);
}

/** Checks one caught error: an Error with `code`, `subCode`, and a message naming `mention`(s). */
function checkError(error, code, subCode, what, mention) {
  if (!(error instanceof Error)) fail(`${what}: expected an Error, got ${String(error)}`);
  if (error.code !== code || error.subCode !== subCode) {
    fail(`${what}: expected ${code}/${subCode}, got ${error.code}/${error.subCode}: ${error.message}`);
  }
  eq(error.name, 'BreakoutRoomsError', `${what}: error name`);
  for (const m of mention === undefined ? [] : [].concat(mention)) {
    if (!error.message.includes(m)) fail(`${what}: the message should mention ${m}: ${error.message}`);
  }
  return error;
}

/** Expects `action` (a promise, or a function that throws or returns one) to fail with code/subCode. */
async function expectError(action, code, subCode, what, mention) {
  let error;
  try {
    const result = typeof action === 'function' ? action() : action;
    await result;
  } catch (e) {
    error = e;
  }
  if (!error) fail(`${what}: expected error ${code}/${subCode}, but it succeeded`);
  return checkError(error, code, subCode, what, mention);
}

/** Expects `fn()` to return a Promise (not throw) that rejects with code/subCode. */
async function expectRejects(fn, code, subCode, what, mention) {
  let result;
  try {
    result = fn();
  } catch (e) {
    fail(`${what}: threw synchronously instead of returning a rejected Promise: ${e && e.message}`);
  }
  ok(result instanceof Promise, `${what}: expected a Promise, got ${String(result)}`);
  return expectError(result, code, subCode, what, mention);
}

/** Expects `fn()` to throw synchronously with code/subCode. */
function expectThrows(fn, code, subCode, what, mention) {
  let error;
  let result;
  try {
    result = fn();
  } catch (e) {
    error = e;
  }
  if (!error) {
    if (result instanceof Promise) result.catch(() => {});
    fail(`${what}: expected a thrown ${code}/${subCode}, got ${result instanceof Promise ? 'a Promise' : String(result)}`);
  }
  return checkError(error, code, subCode, what, mention);
}

/** Resolves with 'resolved' or 'rejected:<subCode>', never rejects. */
function outcome(promise) {
  return promise.then(
    () => 'resolved',
    (e) => `rejected:${e && e.subCode}`,
  );
}

/**
 * The package still answers: a wasm panic would have poisoned the instance and every later
 * call would throw. (Where these two need no engine, the valid operation each bad-input case
 * is followed by is what reaches the engine.)
 */
function alive(what) {
  try {
    const token = createDevToken({ userId: 'still-alive' });
    ok(typeof token === 'string' && token.length > 0, `${what}: createDevToken still works`);
    new CallClient();
  } catch (e) {
    fail(`${what}: the API no longer works (a wasm panic?): ${e && e.message}`);
  }
}

/**
 * Runs `check(item, i)` for every case of a table, one after the other, and fails at the end
 * with every case that failed (not only the first), so one run reports them all.
 */
async function eachCase(table, check) {
  const problems = [];
  for (const [i, item] of table.entries()) {
    try {
      await check(item, i);
    } catch (e) {
      problems.push(e && e.message ? e.message : String(e));
    }
  }
  if (problems.length) fail(`${problems.length} of ${table.length} cases failed:\n  ${problems.join('\n  ')}`);
}

/** Fails if a 'stateChanged' listener saw a state it had already seen just before. */
function eachAChange(initial, states, what) {
  const all = [initial, ...states];
  for (let i = 1; i < all.length; i++) {
    if (all[i] === all[i - 1]) fail(`${what}: a 'stateChanged' without a change: ${JSON.stringify(all)}`);
  }
}

/** The user ids of a list of RemoteParticipants or Invitees, sorted. */
function ids(list) {
  return list.map((p) => p.identifier.communicationUserId).sort();
}

/** Records what a call raises: its states on 'stateChanged', the ids on 'remoteParticipantsUpdated'. */
function watch(call) {
  const record = { call, states: [], updates: [] };
  call.on('stateChanged', () => record.states.push(call.state));
  call.on('remoteParticipantsUpdated', ({ added, removed }) =>
    record.updates.push({ added: ids(added), removed: ids(removed) }),
  );
  /** Everyone who came and went over every update so far. */
  record.added = () => record.updates.flatMap((u) => u.added).sort();
  record.removed = () => record.updates.flatMap((u) => u.removed).sort();
  return record;
}

/**
 * A breakout call, watched as `watch` does, plus its own BreakoutRooms feature (SPEC 6.1: the
 * settings live there): `record.feature`, and the events it raises in `record.events`.
 */
function watchBreakout(call) {
  const record = watch(call);
  record.feature = call.feature(Features.BreakoutRooms);
  record.events = [];
  record.feature.on('breakoutRoomsUpdated', (event) => record.events.push(event));
  /** Events of one type since index `from`. */
  record.of = (type, from = 0) => record.events.slice(from).filter((e) => e.type === type);
  return record;
}

/** A meeting link no other test uses. */
function newMeeting() {
  return `https://example.test/meet/${Math.random().toString(36).slice(2)}`;
}

/** A call agent for `userId` with a dev token. */
async function agentFor(userId, role) {
  const token = createDevToken({ userId, displayName: userId, role });
  return new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token), {
    displayName: userId,
  });
}

/** One participant joined to `meetingLink`, with their events recorded. */
async function join(meetingLink, userId, role, options) {
  const agent = await agentFor(userId, role);
  const callsUpdated = [];
  agent.on('callsUpdated', ({ added, removed }) => callsUpdated.push({ added, removed }));
  const call = agent.join({ meetingLink }, options);
  const feature = call.feature(Features.BreakoutRooms);
  const events = [];
  feature.on('breakoutRoomsUpdated', (event) => events.push(event));
  // Every breakout call this participant is moved into, watched from its 'join' event on.
  const breakouts = [];
  feature.on('breakoutRoomsUpdated', (event) => {
    if (event.type === 'join') breakouts.push(watchBreakout(event.data));
  });
  const main = watch(call);
  await settle();
  return {
    userId,
    link: meetingLink,
    id: { communicationUserId: userId },
    agent,
    call,
    feature,
    events,
    states: main.states,
    main,
    breakouts,
    /** The latest breakout call's record. */
    breakout: () => breakouts.at(-1),
    callsUpdated,
    mgmt: () => call.feature(Features.BreakoutRoomsManagement),
    types: () => events.map((e) => e.type),
    /** Events of one type since index `from`. */
    of: (type, from = 0) => events.slice(from).filter((e) => e.type === type),
  };
}

/** An organizer and attendees in a new meeting: `const [org, a, b] = await meeting('org', 'a', 'b')`. */
async function meeting(...names) {
  const link = newMeeting();
  const people = [];
  for (const [i, name] of names.entries()) {
    people.push(await join(link, name, i === 0 ? 'organizer' : 'attendee'));
  }
  return people;
}

/** Creates rooms by name, assigns people (`{ Red: [a, b] }`), optionally opens them; returns the rooms by name. */
async function rooms(org, plan, { open = true } = {}) {
  const mgmt = org.mgmt();
  const created = await mgmt.createRooms(Object.keys(plan));
  const byName = {};
  for (const room of created) {
    byName[room.displayName] = room;
    const people = plan[room.displayName];
    if (people.length) await mgmt.assignParticipants(room.threadId, people.map((p) => p.id));
  }
  if (open) await mgmt.openRooms();
  await settle();
  return byName;
}

// What test bodies can name, in the page's global scope.
Object.assign(globalThis, {
  api,
  CallClient,
  AzureCommunicationTokenCredential,
  createDevToken,
  setLogLevel,
  AzureLogger,
  Features,
  settle,
  sleep,
  fail,
  eq,
  ok,
  eqFields,
  checkError,
  expectError,
  expectRejects,
  expectThrows,
  outcome,
  alive,
  eachCase,
  eachAChange,
  ids,
  watch,
  watchBreakout,
  newMeeting,
  agentFor,
  join,
  meeting,
  rooms,
});
