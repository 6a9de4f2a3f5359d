// SPEC 7: bad input from JS is a rejected Promise or a thrown error (400/46908) whose message
// names the field, never a wasm panic, and never a half-changed meeting. After every case
// the API is used again, to show it still works (a panic would have poisoned the wasm).
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

// Every management method rejects (never throws) bad arguments with 400/46908 naming the
// field, changes nothing, and the API keeps working after each. Changed by SPEC 5 and 6.1:
// the settings are checked through `mgmt.settings`.
test('management rejects bad input naming the field', async () => {
  const [org, a] = await meeting('org', 'a');
  const mgmt = org.mgmt();
  const [room] = await mgmt.createRooms(['Red']);
  const t = room.threadId;
  const cases = [
    ['createRooms', ['3'], 'rooms'],
    ['createRooms', [0], 'rooms'],
    ['createRooms', [-1], 'rooms'],
    ['createRooms', [1.5], 'rooms'],
    ['createRooms', [NaN], 'rooms'],
    ['createRooms', [Infinity], 'rooms'],
    ['createRooms', [], 'rooms'],
    ['createRooms', [null], 'rooms'],
    ['createRooms', [{}], 'rooms'],
    ['createRooms', [[1]], 'rooms[0]'],
    ['createRooms', [['Fine', null]], 'rooms[1]'],
    ['createRooms', [[]], 'rooms'],
    ['createRooms', [3n], 'rooms'],
    ['createRooms', [Symbol('three')], 'rooms'],
    ['createRooms', [() => 3], 'rooms'],
    ['createRooms', [2, 'x'], 'options'],
    ['createRooms', [2, { expectedRevision: 'x' }], 'options.expectedRevision'],
    ['createRooms', [2, { expectedRevision: -1 }], 'options.expectedRevision'],
    ['createRooms', [2, { expectedRevision: 1.5 }], 'options.expectedRevision'],
    ['createRooms', [2, { expectedRevison: 1 }], 'options.expectedRevison'],
    ['recreateRooms', ['3'], 'rooms'],
    ['recreateRooms', [0], 'rooms'],
    ['recreateRooms', [[undefined]], 'rooms[0]'],
    ['renameRoom', [5, 'x'], 'threadId'],
    ['renameRoom', [t], 'displayName'],
    ['renameRoom', [t, 7], 'displayName'],
    ['renameRoom', [t, 'x', { expectedRevision: 'x' }], 'options.expectedRevision'],
    ['deleteRoom', [], 'threadId'],
    ['deleteRoom', [{ threadId: t }], 'threadId'],
    ['assignParticipants', [t, 'bob'], 'participants'],
    ['assignParticipants', [t, [{}]], 'participants[0]'],
    ['assignParticipants', [t, ['a']], 'participants[0]'],
    ['assignParticipants', [t, [a.id, { communicationUserId: 5 }]], 'participants[1]'],
    ['assignParticipants', [t, [{ communicationUserId: '' }]], 'participants[0]'],
    ['assignParticipants', [t, [{ communicationUserId: 'x'.repeat(100000) }]], 'participants[0]'],
    ['assignParticipants', [t], 'participants'],
    ['assignParticipants', [undefined, [a.id]], 'threadId'],
    ['assignParticipants', [t, [a.id], 7], 'options'],
    ['unassignParticipants', ['a'], 'participants'],
    ['unassignParticipants', [[null]], 'participants[0]'],
    ['assignAutomatically', [{ seed: -1 }], 'options.seed'],
    ['assignAutomatically', [{ seed: 'x' }], 'options.seed'],
    ['assignAutomatically', [{ seed: 1.5 }], 'options.seed'],
    ['assignAutomatically', [{ sede: 1 }], 'options.sede'],
    ['assignAutomatically', [7], 'options'],
    ['assignAutomatically', [{ expectedRevision: 'x' }], 'options.expectedRevision'],
    ['openRooms', ['x'], 'threadIds'],
    ['openRooms', [[5]], 'threadIds[0]'],
    ['openRooms', [[t], 'x'], 'options'],
    ['openRooms', [{ expectedRevision: 'x' }], 'options.expectedRevision'],
    ['closeRooms', [5], 'threadIds'],
    ['closeRooms', [[t, null]], 'threadIds[1]'],
    ['closeRooms', [[t], { expectedRevision: -2 }], 'options.expectedRevision'],
    ['updateSettings', [], 'settings'],
    ['updateSettings', ['x'], 'settings'],
    ['updateSettings', [{ roomEndTime: 'soon' }], 'roomEndTime'],
    ['updateSettings', [{ roomEndTime: -5 }], 'roomEndTime'],
    ['updateSettings', [{ roomEndTime: Date.now() - 1000 }], 'roomEndTime'],
    ['updateSettings', [{ roomEndTime: { attemptTimestamp: 'x' } }], 'roomEndTime.attemptTimestamp'],
    ['updateSettings', [{ roomEndTime: { deltaTimeInMs: -1 } }], 'roomEndTime.deltaTimeInMs'],
    ['updateSettings', [{ roomEndTime: {} }], 'roomEndTime'],
    ['updateSettings', [{ roomEndTime: new Date(NaN) }], 'roomEndTime'],
    ['updateSettings', [{ typo: true }], 'settings.typo'],
    ['updateSettings', [{ disableReturnToMainMeeting: true, typo: 1 }], 'settings.typo'],
    ['updateSettings', [{ disableReturnToMainMeeting: 'yes' }], 'disableReturnToMainMeeting'],
    ['updateSettings', [{ disableReturnToMainMeeting: null }], 'disableReturnToMainMeeting'],
    ['updateSettings', [{ autoMoveParticipantToBreakoutRoom: 1 }], 'autoMoveParticipantToBreakoutRoom'],
    ['updateSettings', [{ disableReturnToMainMeeting: true }, { expectedRevision: 'x' }], 'options.expectedRevision'],
    ['setBreakoutRoomManager', ['a', true], 'participant'],
    ['setBreakoutRoomManager', [{}, true], 'participant'],
    ['setBreakoutRoomManager', [a.id, 'yes'], 'enabled'],
    ['setBreakoutRoomManager', [a.id], 'enabled'],
  ];
  await eachCase(cases, async ([method, args, field], i) => {
    const what = `${method}(${args.map((x) => typeof x === 'symbol' || typeof x === 'bigint' ? String(x) : JSON.stringify(x)).join(', ')})`;
    const revision = mgmt.revision;
    let problem;
    try {
      await expectRejects(() => mgmt[method](...args), 400, 46908, what, field);
    } catch (e) {
      problem = e;
    }
    alive(what);
    await settle();
    eq(mgmt.revision, revision, `${what} changed nothing`);
    // The API still works: a valid call right after succeeds.
    await mgmt.renameRoom(t, `Red ${i}`);
    eq(mgmt.revision, revision + 1, `a valid call after ${what}`);
    if (problem) throw problem;
  });
  eq(org.feature.breakoutRooms.map((r) => [r.threadId, r.state, r.invitees.length]), [[t, 'closed', 0]],
     'only the one room, untouched');
  eq(mgmt.settings, { disableReturnToMainMeeting: false, autoMoveParticipantToBreakoutRoom: true, closingWarningSeconds: 60 },
     'settings untouched');
  eq(a.feature.breakoutRooms, undefined, 'a is still an attendee');
});

// Synchronous methods throw (never return) on bad input, with 400/46908 naming the field,
// and create nothing; the API keeps working after each. Changed by SPEC 12: Captions is an SDK
// feature that must not throw, so the unknown feature is one the SDK does not have.
test('sync methods throw on bad input naming the field', async () => {
  const [org, a] = await meeting('org', 'a');
  const f = () => {};
  const fresh = newMeeting();
  const cases = [
    ["call.on('nope', f)", () => org.call.on('nope', f), 'event'],
    ["call.on('stateChanged', 'notAFunction')", () => org.call.on('stateChanged', 'notAFunction'), 'listener'],
    ['call.on(Symbol(), f)', () => org.call.on(Symbol('x'), f), 'event'],
    ['call.on()', () => org.call.on(), 'listener'],
    ["call.off('nope', f)", () => org.call.off('nope', f), 'event'],
    ["call.off('stateChanged', 5)", () => org.call.off('stateChanged', 5), 'listener'],
    ["feature.on('breakoutRoomUpdated', f)", () => org.feature.on('breakoutRoomUpdated', f), 'event'],
    ["feature.on('breakoutRoomsUpdated', null)", () => org.feature.on('breakoutRoomsUpdated', null), 'listener'],
    ["feature.off('x', f)", () => org.feature.off('x', f), 'event'],
    ["agent.on('nope', f)", () => org.agent.on('nope', f), 'event'],
    ["agent.on('callsUpdated', {})", () => org.agent.on('callsUpdated', {}), 'listener'],
    ["agent.off('connectionStateChanged', 1)", () => org.agent.off('connectionStateChanged', 1), 'listener'],
    ["call.feature({ name: 'Telepathy' })", () => org.call.feature({ name: 'Telepathy' }), 'feature'],
    ['call.feature()', () => org.call.feature(), 'feature'],
    ['call.feature(null)', () => org.call.feature(null), 'feature'],
    ['agent.join({})', () => org.agent.join({}), 'locator'],
    ['agent.join()', () => org.agent.join(), 'locator'],
    ["agent.join('link')", () => org.agent.join(fresh), 'locator'],
    ['agent.join({ meetingLink: 5 })', () => org.agent.join({ meetingLink: 5 }), 'locator.meetingLink'],
    ["agent.join({ meetingLink: '' })", () => org.agent.join({ meetingLink: '  ' }), 'locator.meetingLink'],
    ['agent.join({ meetingId: {} })', () => org.agent.join({ meetingId: {} }), 'locator.meetingId'],
    ["agent.join({ meetingLink: 'a', groupId: 'b' })", () => org.agent.join({ meetingLink: 'a', groupId: 'b' }), 'locator'],
    ['agent.join(locator, 5)', () => org.agent.join({ meetingLink: fresh }, 5), 'options'],
    ['agent.join(locator, { meetingPolicy: 1 })', () => org.agent.join({ meetingLink: fresh }, { meetingPolicy: 1 }),
     'options.meetingPolicy'],
    ["breakoutRoomsEnabled: 'no'", () => org.agent.join({ meetingLink: fresh }, { meetingPolicy: { breakoutRoomsEnabled: 'no' } }),
     'options.meetingPolicy.breakoutRoomsEnabled'],
    ['a policy typo', () => org.agent.join({ meetingLink: fresh }, { meetingPolicy: { breakoutRoomEnabled: false } }),
     'options.meetingPolicy.breakoutRoomEnabled'],
    ['createDevToken({})', () => createDevToken({}), 'options.userId'],
    ['createDevToken()', () => createDevToken(), 'options'],
    ["createDevToken('alice')", () => createDevToken('alice'), 'options'],
    ["createDevToken({ userId: 'x', role: 'king' })", () => createDevToken({ userId: 'x', role: 'king' }), 'options.role'],
    ['createDevToken({ userId: 5 })', () => createDevToken({ userId: 5 }), 'options.userId'],
    ["createDevToken({ userId: ' ' })", () => createDevToken({ userId: ' ' }), 'options.userId'],
    ['createDevToken({ userId: Symbol() })', () => createDevToken({ userId: Symbol('x') }), 'options.userId'],
    ['createDevToken({ expiresInSeconds: -1 })', () => createDevToken({ userId: 'x', expiresInSeconds: -1 }),
     'options.expiresInSeconds'],
    ['createDevToken({ displayName: 5 })', () => createDevToken({ userId: 'x', displayName: 5 }), 'options.displayName'],
    ['createDevToken({ rol })', () => createDevToken({ userId: 'x', rol: 'organizer' }), 'options.rol'],
    ["new CallClient({ transport: 'carrierPigeon' })", () => new CallClient({ transport: 'carrierPigeon' }), 'options.transport'],
    ["new CallClient('inPage')", () => new CallClient('inPage'), 'options'],
    ['new AzureCommunicationTokenCredential(5)', () => new AzureCommunicationTokenCredential(5), 'token'],
    ['new AzureCommunicationTokenCredential({})', () => new AzureCommunicationTokenCredential({}), 'token'],
    ["setLogLevel('loud')", () => setLogLevel('loud'), 'level'],
  ];
  await eachCase(cases, async ([what, action, field], i) => {
    const count = org.feature.breakoutRooms.length;
    let problem;
    try {
      expectThrows(action, 400, 46908, what, field);
    } catch (e) {
      problem = e;
    }
    alive(what);
    // The API still works: a valid call right after succeeds.
    await org.mgmt().createRooms([`After ${i}`]);
    eq(org.feature.breakoutRooms.length, count + 1, `a valid call after ${what}`);
    if (problem) throw problem;
  });
  eq(org.agent.calls.length, 1, 'no bad join created a call');
  eq(org.callsUpdated.length, 1, "no bad join raised 'callsUpdated'");
  eq(ids(org.call.remoteParticipants), ['a'], 'the meeting is as it was');

  // A bad first join created no meeting: the next joiner's policy still applies.
  const agent = await agentFor('first', 'organizer');
  const call = agent.join({ meetingLink: fresh }, { meetingPolicy: { breakoutRoomsEnabled: false } });
  await settle();
  expectThrows(() => call.feature(Features.BreakoutRooms), 405, 46251, 'the policy of the real first joiner', 'disabled');
});

// Arguments whose getters or proxies throw: a Promise-returning method still rejects
// rather than throwing, and the API keeps working.
test('hostile arguments reject and leave the API working', async () => {
  const [org, a] = await meeting('org', 'a');
  const mgmt = org.mgmt();
  const [room] = await mgmt.createRooms(['Red']);
  const boom = () => { throw new Error('boom'); };
  const cases = [
    ['a settings Proxy whose ownKeys throws', () => mgmt.updateSettings(new Proxy({}, { ownKeys: boom }))],
    ['a participants Proxy whose length throws',
     () => mgmt.assignParticipants(room.threadId, new Proxy([], { get: (t, k) => (k === 'length' ? boom() : t[k]) }))],
    ['a rooms Proxy whose items throw', () => mgmt.createRooms(new Proxy(['x'], { get: (t, k) => (k === '0' ? boom() : t[k]) }))],
  ];
  await eachCase(cases, async ([what, action], i) => {
    let result;
    let problem;
    try {
      result = action();
    } catch (e) {
      problem = new Error(`${what}: threw synchronously instead of rejecting: ${e && e.message}`);
    }
    if (result) {
      ok(result instanceof Promise, `${what}: a Promise`);
      if ((await outcome(result)) === 'resolved') problem = new Error(`${what}: resolved`);
    }
    alive(what);
    await mgmt.renameRoom(room.threadId, `Red ${i}`);
    if (problem) throw problem;
  });
  eq(org.feature.breakoutRooms.map((r) => r.invitees.length), [0], 'nothing changed');
});

// Promise-returning methods of the client reject (never throw) bad input, naming the field.
test('createCallAgent rejects bad input naming the field', async () => {
  const client = new CallClient();
  const token = createDevToken({ userId: 'z' });
  const good = new AzureCommunicationTokenCredential(token);
  const cases = [
    ['createCallAgent({})', () => client.createCallAgent({}), 'credential.getToken'],
    ['createCallAgent()', () => client.createCallAgent(), 'credential.getToken'],
    ["createCallAgent('token')", () => client.createCallAgent(token), 'credential.getToken'],
    ["createCallAgent({ getToken: 'x' })", () => client.createCallAgent({ getToken: 'x' }), 'credential.getToken'],
    ['a token that is not a string', () => client.createCallAgent({ getToken: async () => ({ token: 5 }) }), 'token'],
    ['getToken() resolving nothing', () => client.createCallAgent({ getToken: async () => undefined }), 'token'],
    ['options.displayName: 5', () => client.createCallAgent(good, { displayName: 5 }), 'options.displayName'],
    ["options 'x'", () => client.createCallAgent(good, 'x'), 'options'],
  ];
  await eachCase(cases, async ([what, action, field], i) => {
    let problem;
    try {
      await expectRejects(action, 400, 46908, what, field);
    } catch (e) {
      problem = e;
    }
    alive(what);
    const agent = await client.createCallAgent(new AzureCommunicationTokenCredential(createDevToken({ userId: `ok${i}` })));
    eq(agent.connectionState, 'Connected', `a valid call after ${what}`);
    if (problem) throw problem;
  });
  // A credential whose getToken() fails: createCallAgent rejects with that failure.
  const boom = new Error('no token today');
  let caught;
  const pending = client.createCallAgent({ getToken: async () => { throw boom; } });
  ok(pending instanceof Promise, 'a Promise');
  try { await pending; } catch (e) { caught = e; }
  ok(caught === boom, `the credential's own error: ${caught}`);
  const thrower = client.createCallAgent({ getToken() { throw boom; } });
  ok(thrower instanceof Promise, 'a Promise even when getToken() throws');
  caught = undefined;
  try { await thrower; } catch (e) { caught = e; }
  ok(caught === boom, `the thrown error: ${caught}`);
  alive('after failing credentials');

  const devices = await client.getDeviceManager();
  eq([await devices.getCameras(), await devices.getMicrophones(), await devices.getSpeakers()], [[], [], []], 'no devices');
});
