// SPEC 7: the SDK's errors the in-page host can produce, and ours (46900-46949, README), each
// with its code/subCode, a message naming what was wrong, and nothing changed.
//
// Not covered: 412/46258 (a malformed update from the host) needs a wire to carry a
// malformed message; the in-page host hands the client typed messages, so it cannot happen
// here (tests/scenarios.rs covers it on the core), nor can 400/46913.
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

// 400/46250: breakout rooms asked of a group call.
test('a group call has no breakout rooms (400/46250)', async () => {
  const agent = await agentFor('g', 'organizer');
  const call = agent.join({ groupId: `group-${Math.random()}` });
  expectThrows(() => call.feature(Features.BreakoutRooms), 400, 46250, 'BreakoutRooms before connecting', 'group call');
  await settle();
  eq(call.state, 'Connected', 'the group call connects');
  expectThrows(() => call.feature(Features.BreakoutRooms), 400, 46250, 'BreakoutRooms', 'group call');
  expectThrows(() => call.feature(Features.BreakoutRoomsManagement), 400, 46250, 'BreakoutRoomsManagement', 'group call');
  eq(call.state, 'Connected', 'the call is unaffected');
  alive('after 46250');
});

// 405/46251: the first joiner disabled breakout rooms; feature(), management and later
// joiners are refused. (`BreakoutRoom.join()` cannot be reached: no room object exists.)
test('breakout rooms disabled by policy (405/46251)', async () => {
  const link = newMeeting();
  const agent = await agentFor('org', 'organizer');
  const call = agent.join({ meetingLink: link }, { meetingPolicy: { breakoutRoomsEnabled: false } });
  // Objects taken before the host answered.
  const earlyFeature = call.feature(Features.BreakoutRooms);
  const earlyMgmt = call.feature(Features.BreakoutRoomsManagement);
  const heard = [];
  earlyFeature.on('breakoutRoomsUpdated', (e) => heard.push(e.type));
  await settle();
  eq(call.state, 'Connected', 'the meeting itself works');
  expectThrows(() => call.feature(Features.BreakoutRooms), 405, 46251, 'feature(BreakoutRooms)', 'disabled');
  expectThrows(() => call.feature(Features.BreakoutRoomsManagement), 405, 46251, 'feature(BreakoutRoomsManagement)', 'disabled');
  await expectRejects(() => earlyMgmt.createRooms(1), 405, 46251, 'createRooms', 'disabled');
  await expectRejects(() => earlyMgmt.updateSettings({ disableReturnToMainMeeting: true }), 405, 46251, 'updateSettings', 'disabled');
  eq(heard, [], 'no breakout room events');
  eq(earlyFeature.breakoutRooms, undefined, 'no room list');

  // A later joiner cannot switch them on.
  const other = await agentFor('a', 'attendee');
  const call2 = other.join({ meetingLink: link }, { meetingPolicy: { breakoutRoomsEnabled: true } });
  await settle();
  eq(call2.state, 'Connected', 'the second joiner is in');
  expectThrows(() => call2.feature(Features.BreakoutRooms), 405, 46251, "the second joiner's feature", 'disabled');
  eq(ids(call.remoteParticipants), ['a'], 'the meeting has both');
  alive('after 46251');
});

// 500/46254: a join() in flight fails when the main call is hung up, the agent disposed,
// or the breakout call hung up before it connected.
test('a join in flight fails (500/46254)', async () => {
  const [org, a, b, c] = await meeting('org', 'a', 'b', 'c');
  await org.mgmt().updateSettings({ autoMoveParticipantToBreakoutRoom: false });
  await rooms(org, { Red: [a, b, c] });

  const pending = a.feature.assignedBreakoutRoom.join();
  a.call.hangUp();
  await expectError(pending, 500, 46254, 'join() when the main call is hung up', 'left');
  await settle();
  eq(a.call.state, 'Disconnected', "a's main call ended");
  eq(a.agent.calls.length, 0, 'a has no calls');

  const connection = [];
  b.agent.on('connectionStateChanged', (e) => connection.push(e));
  const pending2 = b.feature.assignedBreakoutRoom.join();
  const disposed = b.agent.dispose();
  ok(disposed instanceof Promise, 'dispose() returns a Promise');
  await expectError(pending2, 500, 46254, 'join() when the agent is disposed');
  await disposed;
  await settle();
  eq(b.agent.connectionState, 'Disconnected', 'the agent is disconnected');
  // The SDK's ConnectionStateChangedEvent says oldValue/newValue.
  eq(connection.map((e) => [e.oldValue, e.newValue]), [['Connected', 'Disconnected']], "'connectionStateChanged'");
  eq(b.call.state, 'Disconnected', "b's main call ended");
  expectThrows(() => b.agent.join({ meetingLink: org.link }), 412, 46909, 'join after dispose', 'not connected');
  await b.agent.dispose();
  eq(connection.length, 1, 'disposing twice raises nothing more');

  const pending3 = c.feature.assignedBreakoutRoom.join();
  const connecting = c.feature.assignedBreakoutRoom.call;
  ok(connecting && connecting.state === 'Connecting', 'the breakout call is connecting');
  connecting.hangUp();
  await expectError(pending3, 500, 46254, 'join() when the breakout call is hung up before it connected');
  await settle();
  eq(connecting.state, 'Disconnected', 'the breakout call ended');
  await c.call.resume();
  eq(c.call.state, 'Connected', 'c resumed the main call');
  eq(ids(org.call.remoteParticipants), ['c'], 'only c is left, in the main meeting');
  alive('after 46254');
});

// 500/46255: the main meeting cannot be put on hold once it has ended.
test('join after the main call ended (500/46255)', async () => {
  const [org, a] = await meeting('org', 'a');
  await org.mgmt().updateSettings({ autoMoveParticipantToBreakoutRoom: false });
  await rooms(org, { Red: [a] });
  const room = a.feature.assignedBreakoutRoom;
  await a.call.hangUp();
  await settle();
  await expectRejects(() => room.join(), 500, 46255, 'join() after the main call ended', 'hold');
  await expectRejects(() => a.feature.assignedBreakoutRoom.join(), 500, 46255, 'assignedBreakoutRoom.join()', 'hold');
  eq(a.breakouts.length, 0, 'no breakout call');
  eq(a.agent.calls.length, 0, 'no calls');
  eq(org.feature.breakoutRooms[0].invitees.length, 1, 'the assignment is kept');
});

// 412/46256: joining a closed room, also when it closes while the join is on its way.
test('join a closed room (412/46256)', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red } = await rooms(org, { Red: [a] }, { open: false });
  await expectRejects(() => a.feature.assignedBreakoutRoom.join(), 412, 46256, 'join a closed room',
                      [Red.threadId, 'closed']);
  eq([a.call.state, a.breakouts.length, a.agent.calls.length], ['Connected', 0, 1], 'nothing changed');

  await org.mgmt().updateSettings({ autoMoveParticipantToBreakoutRoom: false });
  await org.mgmt().openRooms();
  await settle();
  const pending = a.feature.assignedBreakoutRoom.join();
  org.mgmt().closeRooms({ graceSeconds: 0 });
  await expectError(pending, 412, 46256, 'the room closed while joining', 'closed');
  await settle();
  eq(a.call.state, 'Connected', 'back in the main meeting');
  eq(a.breakout().call.state, 'Disconnected', 'the breakout call ended');
  eq(a.agent.calls.length, 1, 'only the main call');
});

// 412/46257: the main meeting cannot be resumed once it has ended.
test('resume after the main call ended (412/46257)', async () => {
  const [org, a] = await meeting('org', 'a');
  await rooms(org, { Red: [a] });
  await a.call.hangUp();
  await settle();
  await expectRejects(() => a.call.resume(), 412, 46257, 'mainCall.resume() after it ended', 'resumed');
  await expectRejects(() => a.feature.assignedBreakoutRoom.returnToMainMeeting(), 412, 46257,
                      'returnToMainMeeting() after the main call ended', 'resumed');
  eq(a.call.state, 'Disconnected', 'still ended');
  alive('after 46257');
});

// 500/46259: the host refuses the hang-up because return to main was disabled in the same tick.
// Changed by SPEC 6.1: the setting is read from the breakout call's feature.
test('the host refuses the hang-up (500/46259)', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  await rooms(org, { Red: [a, b] });
  const breakoutCall = a.breakout().call;
  const update = org.mgmt().updateSettings({ disableReturnToMainMeeting: true });
  const hangUp = breakoutCall.hangUp();
  await update;
  await expectError(hangUp, 500, 46259, 'hangUp refused by the host', ['hung up', 'disabled']);
  await settle();
  eq(breakoutCall.state, 'Connected', 'still in the room');
  eq(a.breakout().states.at(-1), 'Connected', "the last 'stateChanged' says Connected");
  eq(a.call.state, 'LocalHold', 'main still on hold');
  eq(a.agent.calls.length, 2, 'both calls');
  eq(ids(b.breakout().call.remoteParticipants), ['a'], 'b still sees a');
  eq(ids(org.call.remoteParticipants), [], 'the host keeps a in the room');
  eq(breakoutCall.feature(Features.BreakoutRooms).breakoutRoomsSettings.disableReturnToMainMeeting, true,
     'the setting arrived');
});

// 500/46259 with the seed's `hangUp(); resume();`: the refused hang-up must not leave the
// main call resumed while the participant is still in the room (SPEC 6.4: nothing changes).
test('a refused hang-up with resume() leaves the main call on hold', async () => {
  const [org, a] = await meeting('org', 'a');
  await rooms(org, { Red: [a] });
  const breakoutRoomCall = a.breakout().call;
  const mainMeetingCall = a.call;
  const update = org.mgmt().updateSettings({ disableReturnToMainMeeting: true });
  const hangUp = outcome(breakoutRoomCall.hangUp());
  const resume = outcome(mainMeetingCall.resume());
  await update;
  eq(await hangUp, 'rejected:46259', 'the host refuses the hang-up');
  await settle();
  eq(breakoutRoomCall.state, 'Connected', 'still in the room');
  eq(ids(org.call.remoteParticipants), [], 'the host keeps a in the room');
  eq(mainMeetingCall.state, 'LocalHold', 'so the main call must still be on hold');
  ok(['rejected:46259', 'rejected:46257', 'rejected:46907'].includes(await resume),
     `resume() must not succeed when the return was refused: ${await resume}`);
});

// 412/46260: joining with no room assigned.
test('join with no room assigned (412/46260)', async () => {
  const [org, a] = await meeting('org', 'a');
  await org.mgmt().updateSettings({ autoMoveParticipantToBreakoutRoom: false });
  await rooms(org, { Red: [a], Blue: [] });
  const blue = org.feature.breakoutRooms[1];
  await expectRejects(() => blue.join(), 412, 46260, "a manager joining a room they are not assigned to", 'assigned');
  const room = a.feature.assignedBreakoutRoom;
  await org.mgmt().unassignParticipants([a.id]);
  await settle();
  await expectRejects(() => room.join(), 412, 46260, 'a room object kept from before unassignment', 'assigned');
  eq([a.call.state, a.breakouts.length, org.breakouts.length], ['Connected', 0, 0], 'nobody moved');
});

// Every management method refuses an attendee with 403/46900 naming the operation, and
// changes nothing; granting needs the organizer (403/46901). Changed by SPEC 5 and 6.1: the
// settings are checked through `mgmt.settings`.
test('management needs a manager (403/46900) and granting the organizer (403/46901)', async () => {
  const link = newMeeting();
  const org = await join(link, 'org', 'organizer');
  const co = await join(link, 'co', 'coOrganizer');
  const a = await join(link, 'a', 'attendee');
  const { Red } = await rooms(org, { Red: [] }, { open: false });
  const t = Red.threadId;
  const mgmt = a.mgmt();
  const cases = [
    ['createRooms', [1]],
    ['createRooms', [['Mine']]],
    ['recreateRooms', [1]],
    ['renameRoom', [t, 'Mine']],
    ['deleteRoom', [t]],
    ['assignParticipants', [t, [a.id]]],
    ['unassignParticipants', [[a.id]]],
    ['assignAutomatically', [{ seed: 1 }]],
    ['openRooms', []],
    ['closeRooms', [[t]]],
    ['updateSettings', [{ disableReturnToMainMeeting: true }]],
  ];
  const revision = org.mgmt().revision;
  await eachCase(cases, async ([method, args]) => {
    await expectRejects(() => mgmt[method](...args), 403, 46900, `attendee ${method}`, method);
  });
  await expectRejects(() => mgmt.setBreakoutRoomManager(a.id, true), 403, 46901, 'attendee grants', 'setBreakoutRoomManager');
  await expectRejects(() => co.mgmt().setBreakoutRoomManager(a.id, true), 403, 46901, 'co-organizer grants',
                      'setBreakoutRoomManager');
  await settle();
  eq(org.mgmt().revision, revision, 'nothing changed');
  eq(org.feature.breakoutRooms.map((r) => [r.displayName, r.state, r.invitees.length]), [['Red', 'closed', 0]], 'rooms');
  eq(org.mgmt().settings.disableReturnToMainMeeting, false, 'settings');
  eq(a.feature.breakoutRooms, undefined, 'still an attendee');
});

// Unknown room 404/46902, unknown participant 404/46903, invalid room name 400/46904, limits
// 413/46905, invalid role change 400/46912, no rooms 409/46911, not connected 412/46909: each
// names what was wrong and changes nothing.
test('management refusals name what was wrong and change nothing', async () => {
  const link = newMeeting();
  const org = await join(link, 'org', 'organizer');
  const co = await join(link, 'co', 'coOrganizer');
  const a = await join(link, 'a', 'attendee');
  const mgmt = org.mgmt();
  await expectRejects(() => mgmt.assignAutomatically(), 409, 46911, 'assignAutomatically with no rooms', 'no breakout rooms');
  const { Red } = await rooms(org, { Red: [a] }, { open: false });
  const t = Red.threadId;
  const ghost = { communicationUserId: 'ghost' };
  const long = 'x'.repeat(101);
  const cases = [
    ['renameRoom', ['19:nope@thread.v2', 'x'], 404, 46902, '19:nope@thread.v2'],
    ['deleteRoom', ['nope'], 404, 46902, 'nope'],
    ['assignParticipants', ['nope', [a.id]], 404, 46902, 'nope'],
    ['openRooms', [[t, 'nope']], 404, 46902, 'nope'],
    ['closeRooms', [['nope']], 404, 46902, 'nope'],
    ['assignParticipants', [t, [a.id, ghost]], 404, 46903, 'ghost'],
    ['unassignParticipants', [[ghost]], 404, 46903, 'ghost'],
    ['setBreakoutRoomManager', [ghost, true], 404, 46903, 'ghost'],
    ['createRooms', [['']], 400, 46904, 'room name'],
    ['createRooms', [['Fine', '   ']], 400, 46904, 'room name'],
    ['createRooms', [['tab\there']], 400, 46904, 'room name'],
    ['renameRoom', [t, ''], 400, 46904, 'room name'],
    ['renameRoom', [t, 'line\nbreak'], 400, 46904, 'room name'],
    ['createRooms', [1001], 413, 46905, '1000'],
    ['recreateRooms', [1001], 413, 46905, '1000'],
    ['createRooms', [[long]], 413, 46905, '100'],
    ['renameRoom', [t, long], 413, 46905, '100'],
    ['setBreakoutRoomManager', [co.id, false], 400, 46912, 'co'],
    ['setBreakoutRoomManager', [org.id, false], 400, 46912, 'org'],
    ['setBreakoutRoomManager', [co.id, true], 400, 46912, 'co'],
  ];
  const revision = mgmt.revision;
  await eachCase(cases, async ([method, args, code, subCode, mention]) => {
    await expectRejects(() => mgmt[method](...args), code, subCode, `${method}(${JSON.stringify(args)})`, mention);
    await settle();
    eq(mgmt.revision, revision, `${method}(${JSON.stringify(args)}) changed nothing`);
  });
  eq(org.feature.breakoutRooms.map((r) => [r.displayName, r.state, ids(r.invitees)]), [['Red', 'closed', ['a']]],
     'the rooms are as they were');
  eq(co.feature.breakoutRooms.length, 1, 'the co-organizer is still a manager');

  // 1,000 rooms is fine (SPEC 8); one more is not.
  const many = await mgmt.createRooms(999);
  eq(many.length, 999, '999 more rooms');
  eq(org.feature.breakoutRooms.length, 1000, '1,000 rooms');
  await expectRejects(() => mgmt.createRooms(1), 413, 46905, 'room 1,001', 'rooms');
  eq(org.feature.breakoutRooms.length, 1000, 'still 1,000');

  // 412/46909: managing from a call that has left.
  await co.call.hangUp();
  await expectRejects(() => co.mgmt().createRooms(1), 412, 46909, 'managing after hanging up', 'not connected');
  alive('after the refusals');
});

// 409/46906: a stale `expectedRevision` is refused, so two managers cannot overwrite each other.
test('a stale expectedRevision is refused (409/46906)', async () => {
  const link = newMeeting();
  const org = await join(link, 'org', 'organizer');
  const co = await join(link, 'co', 'coOrganizer');
  const [room] = await org.mgmt().createRooms(['Red']);
  await settle();
  const seen = org.mgmt().revision;
  eq(co.mgmt().revision, seen, 'both managers have seen the same revision');
  await co.mgmt().renameRoom(room.threadId, 'Blue', { expectedRevision: co.mgmt().revision });
  await settle();
  await expectRejects(() => org.mgmt().renameRoom(room.threadId, 'Green', { expectedRevision: seen }), 409, 46906,
                      'a rename at a stale revision', 'expectedRevision');
  await expectRejects(() => org.mgmt().openRooms({ expectedRevision: seen }), 409, 46906, 'openRooms(options)', 'expectedRevision');
  await expectRejects(() => org.mgmt().assignAutomatically({ seed: 1, expectedRevision: seen }), 409, 46906,
                      'assignAutomatically', 'expectedRevision');
  eq(org.feature.breakoutRooms.map((r) => [r.displayName, r.state]), [['Blue', 'closed']], 'the stale writes changed nothing');
  ok(org.mgmt().revision > seen, 'the organizer has seen the new revision');
  await org.mgmt().renameRoom(room.threadId, 'Green', { expectedRevision: org.mgmt().revision });
  eq(co.feature.breakoutRooms[0].displayName, 'Green', 'at the current revision it works');
});

// 401/46914: createCallAgent rejects a malformed or expired token.
test('a malformed or expired token is refused (401/46914)', async () => {
  const client = new CallClient();
  const b64 = (text) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const header = b64(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const later = Math.floor(Date.now() / 1000) + 3600;
  const cases = [
    ['garbage', 'garbage'],
    ['empty', ''],
    ['two parts', `${header}.${b64('{}')}`],
    ['not base64', `${header}.%%%.`],
    ['not JSON', `${header}.${b64('not json')}.`],
    ['no user', `${header}.${b64(JSON.stringify({ exp: later }))}.`],
    ['unknown role', `${header}.${b64(JSON.stringify({ skypeid: 'x', role: 'king', exp: later }))}.`],
    ['no expiry', `${header}.${b64(JSON.stringify({ skypeid: 'x' }))}.`],
    ['expired', createDevToken({ userId: 'x', expiresInSeconds: 0 })],
    ['far too long', `${header}.${'A'.repeat(20000)}.`],
  ];
  await eachCase(cases, async ([what, token]) => {
    await expectRejects(() => client.createCallAgent(new AzureCommunicationTokenCredential(token)), 401, 46914,
                        `a ${what} token`, 'token');
    alive(`after a ${what} token`);
  });
  const expired = createDevToken({ userId: 'x', expiresInSeconds: 0 });
  await expectRejects(() => client.createCallAgent(new AzureCommunicationTokenCredential(expired)), 401, 46914,
                      'an expired token', 'expired');
  // Any credential with the SDK's getToken() shape.
  const plain = (token) => ({ getToken: async () => ({ token, expiresOnTimestamp: 0 }), dispose() {} });
  await expectRejects(() => client.createCallAgent(plain('a.b.c')), 401, 46914, 'a getToken()-shaped credential', 'token');
  const agent = await client.createCallAgent(plain(createDevToken({ userId: 'plain', displayName: 'Plain' })));
  eq([agent.connectionState, agent.displayName], ['Connected', 'Plain'], 'a good token in a plain credential');
  const access = await new AzureCommunicationTokenCredential({ token: createDevToken({ userId: 'y' }) }).getToken();
  ok(typeof access.token === 'string' && access.expiresOnTimestamp > Date.now() + 23 * 3600 * 1000,
     `getToken() gives { token, expiresOnTimestamp }: ${JSON.stringify(access)}`);
});

// SPEC 5a: a token that expires while the agent is connected gives connectionState
// 'Disconnected' with reason 'invalidToken' (the only way that reason can arise).
test("a token that expires disconnects the agent with 'invalidToken'", async () => {
  const [org] = await meeting('org');
  const token = createDevToken({ userId: 'brief', expiresInSeconds: 1 });
  const agent = await new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token));
  const changes = [];
  agent.on('connectionStateChanged', (e) => changes.push(e));
  agent.join({ meetingLink: org.link });
  await settle();
  eq(agent.connectionState, 'Connected', 'connected while the token is valid');
  await sleep(1500);
  eq(agent.connectionState, 'Disconnected', 'the token has expired');
  eq(changes.map((e) => [e.oldValue, e.newValue, e.reason]), [['Connected', 'Disconnected', 'invalidToken']],
     "'connectionStateChanged' says why");
  expectThrows(() => agent.join({ meetingLink: org.link }), 412, 46909, 'joining with an expired token');
  alive('after the token expired');
});

// The same identity joining again (a reloaded page, a second device, an app that calls
// join twice) takes the place of the first: the first call ends, and `callEndReason` says
// why, 409/46915; an ordinary hang-up gives 0/0.
test('a second join of the same identity ends the first, which tells why in callEndReason', async () => {
  const link = newMeeting();
  const first = await join(link, 'alice', 'attendee');
  const ended = [];
  first.call.on('stateChanged', () => ended.push(first.call.state));
  const second = await join(link, 'alice', 'attendee');
  await settle();
  eq(first.call.state, 'Disconnected', 'the first call ended');
  eq(ended, ['Disconnecting', 'Disconnected'], "'stateChanged' on the first call");
  eq([first.call.callEndReason.code, first.call.callEndReason.subCode], [409, 46915], 'callEndReason');
  ok(first.call.callEndReason.message.includes('alice'), first.call.callEndReason.message);
  eq(second.call.state, 'Connected', 'the second join is in');
  eq(second.call.callEndReason, undefined, 'no reason while connected');
  await second.call.hangUp();
  await settle();
  eq([second.call.callEndReason.code, second.call.callEndReason.subCode], [0, 0], 'an ordinary end');
});
