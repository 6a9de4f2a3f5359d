// SPEC 12: what the SDK hands out as data (rooms, settings, event payloads) is plain data
// to `JSON.stringify`, spread and devtools, as apps put it in React state and logs; a room's
// methods still work on the objects handed out.
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

// Rooms: their fields are own, enumerable data; managers' rooms carry invitees, attendees' do not.
test('rooms are plain data to JSON.stringify and spread', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red } = await rooms(org, { Red: [a] }, { open: false });
  const fields = { threadId: Red.threadId, displayName: 'Red', state: 'closed', autoMoveParticipantToBreakoutRoom: true };
  const withInvitees = { ...fields, invitees: [{ identifier: { communicationUserId: 'a' } }] };

  const managers = org.feature.breakoutRooms[0];
  eqFields(JSON.parse(JSON.stringify(managers)), withInvitees, "JSON of a manager's room");
  eqFields({ ...managers }, withInvitees, "a spread copy of a manager's room");
  eqFields(JSON.parse(JSON.stringify(Red)), fields, 'JSON of a room createRooms resolved with');

  const own = a.feature.assignedBreakoutRoom;
  const json = JSON.parse(JSON.stringify(own));
  eqFields(json, fields, "JSON of the attendee's room");
  ok(!('invitees' in json), `an attendee's room has no invitees: ${JSON.stringify(json)}`);
  eqFields({ ...own }, fields, "a spread copy of the attendee's room");
  eq(Object.keys(fields).filter((key) => !Object.keys(own).includes(key)), [], 'every field is an own, enumerable key');
});

// Event payloads: the event object and its data survive JSON and spread.
test('event payloads are plain data', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red } = await rooms(org, { Red: [a] }, { open: false });
  const fields = { threadId: Red.threadId, displayName: 'Red', state: 'closed', autoMoveParticipantToBreakoutRoom: true };

  const assigned = a.of('assignedBreakoutRooms').at(-1);
  eqFields(JSON.parse(JSON.stringify(assigned)), { type: 'assignedBreakoutRooms', data: fields },
           "JSON of an 'assignedBreakoutRooms' event");
  eqFields({ ...assigned }, { type: 'assignedBreakoutRooms', data: fields }, 'a spread copy of it');

  const list = org.of('breakoutRooms').at(-1);
  eqFields(JSON.parse(JSON.stringify(list)),
           { type: 'breakoutRooms', data: [{ ...fields, invitees: [{ identifier: { communicationUserId: 'a' } }] }] },
           "JSON of a 'breakoutRooms' event");

  await org.mgmt().openRooms();
  await settle();
  const inRoom = a.breakout();
  const from = inRoom.events.length;
  await org.mgmt().updateSettings({ disableReturnToMainMeeting: true });
  await settle();
  const settings = inRoom.of('breakoutRoomsSettings', from).at(-1);
  ok(settings, "a 'breakoutRoomsSettings' event on the breakout call's feature");
  eqFields(JSON.parse(JSON.stringify(settings)),
           { type: 'breakoutRoomsSettings', data: { disableReturnToMainMeeting: true } },
           "JSON of a 'breakoutRoomsSettings' event");
});

// Settings, as the breakout call's feature and `mgmt.settings` hand them out.
test('settings are plain data', async () => {
  const [org, a] = await meeting('org', 'a');
  await rooms(org, { Red: [a] });
  const end = Date.now() + 60000;
  await org.mgmt().updateSettings({ roomEndTime: end });
  await settle();
  // SPEC 3: the SDK's settings on the breakout call; mgmt.settings adds the meeting's auto-move.
  const sdk = { disableReturnToMainMeeting: false, roomEndTime: new Date(end).toISOString() };
  for (const [where, settings, expected] of [
    ["the breakout call's breakoutRoomsSettings", a.breakout().feature.breakoutRoomsSettings, sdk],
    ['mgmt.settings', org.mgmt().settings, { ...sdk, autoMoveParticipantToBreakoutRoom: true }],
  ]) {
    eqFields(JSON.parse(JSON.stringify(settings)), expected, `JSON of ${where}`);
    eqFields({ ...settings }, expected, `a spread copy of ${where}`);
  }
});

// The objects handed out are data and still rooms: join() and returnToMainMeeting() work
// on the room an event delivered, and on the one createRooms resolved with.
test('room objects keep their methods', async () => {
  const [org, a] = await meeting('org', 'a');
  await org.mgmt().updateSettings({ autoMoveParticipantToBreakoutRoom: false });
  const opened = [];
  a.feature.on('breakoutRoomsUpdated', (event) => {
    if (event.type === 'assignedBreakoutRooms' && event.data && event.data.state === 'open') opened.push(event.data);
  });
  const { Red } = await rooms(org, { Red: [a, org] });
  eq(opened.length, 1, 'the open room arrived in an event');
  const room = opened[0];
  const call = await room.join();
  eq(call.state, 'Connected', "join() on the event's room");
  ok(room.call === call, 'room.call');
  const main = await room.returnToMainMeeting();
  ok(main === a.call, 'returnToMainMeeting() resolves with the main call');
  eq([a.call.state, call.state], ['Connected', 'Disconnected'], 'back in the main meeting');

  const orgCall = await Red.join();
  eq(orgCall.state, 'Connected', 'join() on the room createRooms resolved with');
  eq(org.call.state, 'LocalHold', "the organizer's main call is on hold");
});

// The engine hands its data over as JSON text the page parses: text in it arrives as it was
// given, whatever needs escaping (quotes, backslashes, every control character) or not
// (U+2028, astral characters); a lone surrogate arrives as U+FFFD, as any text the engine
// keeps in UTF-8 does.
test('text crosses the engine as it was given', async () => {
  const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
  const given = `"q" \\ / ${controls} \u007f \u2028\u2029 ü 🙂 \ud800 end`;
  const expected = given.replace('\ud800', '\ufffd');
  const link = newMeeting();
  const org = await join(link, 'org', 'organizer');
  const token = createDevToken({ userId: given, displayName: given, role: 'attendee' });
  const agent = await new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token));
  agent.join({ meetingLink: link });
  await settle();
  const [them] = org.call.remoteParticipants;
  eq(them.identifier.communicationUserId, expected, 'their user id, from the engine');
  eq(them.displayName, expected, 'their display name, from the engine');

  // Room names may not hold control characters; everything else crosses back as given.
  const name = `"q" \\ / \u2028 ü 🙂`;
  const [room] = await org.mgmt().createRooms([name]);
  eq(room.displayName, name, 'a room name, from the engine');
  eq(org.feature.breakoutRooms[0].displayName, name, "the room in the manager's list");
});

// Numbers cross as JSON integers: a token's expiry in ms past 2^53 (a dev token that lasts
// 2^52 seconds) reads as the nearest double, as JavaScript's own `exp * 1000` would.
test('a token that expires past 2^53 ms joins', async () => {
  const token = createDevToken({ userId: 'far', role: 'attendee', expiresInSeconds: 2 ** 52 });
  const agent = await new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token));
  const call = agent.join({ meetingLink: newMeeting() });
  await settle();
  eq(call.state, 'Connected', 'the call');
  await call.hangUp();
});
