// SPEC 4: who sees what. Attendees see their own room only; managers (organizers,
// co-organizers, breakout room managers) see every room with its invitees.
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

// Attendees never see another room, its details or its invitees, through any API or event.
test('attendees never see other rooms', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  // The assigned room is one live object, updated in place as the SDK does (clients compare
  // the state they kept with the next event's), so what each event said is noted as it comes.
  const aHeard = [];
  a.feature.on('breakoutRoomsUpdated', (e) => {
    if (e.type === 'assignedBreakoutRooms') aHeard.push(e.data.state);
  });
  const mgmt = org.mgmt();
  const [red, blue] = await mgmt.createRooms(['Red', 'Blue']);
  await mgmt.assignParticipants(red.threadId, [a.id]);
  await mgmt.assignParticipants(blue.threadId, [b.id]);
  await mgmt.renameRoom(blue.threadId, 'Navy');
  await mgmt.openRooms();
  await mgmt.assignParticipants(blue.threadId, [org.id]);
  await mgmt.closeRooms([blue.threadId], { graceSeconds: 0 });
  const [green] = await mgmt.createRooms(['Green']);
  await mgmt.renameRoom(green.threadId, 'Lime');
  await mgmt.deleteRoom(green.threadId);
  await mgmt.updateSettings({ disableReturnToMainMeeting: true });
  await settle();
  for (const [p, own] of [[a, red.threadId], [b, blue.threadId]]) {
    const who = p.userId;
    eq(p.feature.breakoutRooms, undefined, `${who}: breakoutRooms`);
    eq(p.of('breakoutRooms').length, 0, `${who}: no 'breakoutRooms' events`);
    for (const type of p.types()) {
      ok(['breakoutRoomsSettings', 'assignedBreakoutRooms', 'join'].includes(type), `${who}: event ${type}`);
    }
    for (const e of p.of('assignedBreakoutRooms')) {
      ok(e.data === undefined || e.data.threadId === own, `${who} only hears of their own room`);
      eq(e.data && e.data.invitees, undefined, `${who}: no invitees in events`);
    }
    eq(p.feature.assignedBreakoutRoom.threadId, own, `${who}: own room`);
    eq(p.feature.assignedBreakoutRoom.invitees, undefined, `${who}: assignedBreakoutRoom.invitees`);
    eq(p.feature.assignedBreakoutRooms.invitees, undefined, `${who}: assignedBreakoutRooms.invitees`);
    const fresh = p.call.feature(Features.BreakoutRooms);
    eq(fresh.breakoutRooms, undefined, `${who}: a new feature object shows no rooms either`);
  }
  eq(aHeard, ['closed', 'open'],
     "a heard nothing of Blue's rename, invitees or closing");
  eq(ids(a.breakout().call.remoteParticipants), [], 'a is alone in Red');
});

// Organizers, co-organizers and breakout room managers (by token) see every room with invitees.
test('managers see every room with invitees', async () => {
  const link = newMeeting();
  const org = await join(link, 'org', 'organizer');
  const co = await join(link, 'co', 'coOrganizer');
  const mgr = await join(link, 'mgr', 'breakoutRoomManager');
  const a = await join(link, 'a', 'attendee');
  const { Red } = await rooms(org, { Red: [a, co], Blue: [] }, { open: false });
  for (const p of [org, co, mgr]) {
    const who = p.userId;
    eq(p.feature.breakoutRooms.map((r) => [r.displayName, r.state, ids(r.invitees)]),
       [['Red', 'closed', ['a', 'co']], ['Blue', 'closed', []]], `${who}: every room`);
    const invitee = p.feature.breakoutRooms[0].invitees.find((i) => i.identifier.communicationUserId === 'a');
    // Changed by SPEC 12: the identifier may carry the SDK's `kind` too.
    eqFields(invitee, { identifier: { communicationUserId: 'a' } }, `${who}: Invitee shape`);
    eq(p.of('breakoutRooms').at(-1).data.map((r) => ids(r.invitees)), [['a', 'co'], []], `${who}: 'breakoutRooms' event`);
  }
  eq(ids(co.feature.assignedBreakoutRoom.invitees), ['a', 'co'], "a manager's own room has invitees");
  eq(a.feature.breakoutRooms, undefined, 'the attendee sees none');

  await co.mgmt().renameRoom(Red.threadId, 'Ruby');
  await mgr.mgmt().openRooms([Red.threadId]);
  await settle();
  for (const p of [org, co, mgr]) {
    eq(p.feature.breakoutRooms.map((r) => [r.displayName, r.state]), [['Ruby', 'open'], ['Blue', 'closed']],
       `${p.userId} sees the other managers' changes`);
  }
  eq(a.breakout().call.state, 'Connected', 'the attendee moved');
  eq(co.breakout().call.state, 'Connected', 'the assigned co-organizer moved');
});

// `setBreakoutRoomManager` grants and revokes: the room list and management come and go.
test('setBreakoutRoomManager grants and revokes', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Red } = await rooms(org, { Red: [a], Blue: [b] }, { open: false });
  eq(b.feature.breakoutRooms, undefined, 'an attendee');
  await expectRejects(() => b.mgmt().renameRoom(Red.threadId, 'x'), 403, 46900, 'before the grant', 'renameRoom');

  const from = b.events.length;
  await org.mgmt().setBreakoutRoomManager(b.id, true);
  await settle();
  eq(b.types().slice(from), ['breakoutRooms'], 'the grant brings the room list');
  eq(b.feature.breakoutRooms.map((r) => [r.displayName, ids(r.invitees)]), [['Red', ['a']], ['Blue', ['b']]],
     'every room with invitees');
  eq(ids(b.feature.assignedBreakoutRoom.invitees), ['b'], 'own room with invitees');
  await b.mgmt().renameRoom(Red.threadId, 'Ruby');
  eq(org.feature.breakoutRooms[0].displayName, 'Ruby', 'the new manager manages');
  await expectRejects(() => b.mgmt().setBreakoutRoomManager(a.id, true), 403, 46901,
                      'a breakout room manager cannot grant', 'setBreakoutRoomManager');

  const revokedFrom = b.events.length;
  await org.mgmt().setBreakoutRoomManager(b.id, false);
  await settle();
  eq(b.types().slice(revokedFrom), ['breakoutRooms'], 'the revocation is an event');
  eq(b.events.at(-1).data, undefined, 'with no rooms');
  eq(b.feature.breakoutRooms, undefined, 'the room list is gone');
  eq(b.feature.assignedBreakoutRoom.invitees, undefined, 'own room without invitees');
  await expectRejects(() => b.mgmt().renameRoom(Red.threadId, 'x'), 403, 46900, 'after the revocation', 'renameRoom');
  const after = b.events.length;
  await org.mgmt().renameRoom(Red.threadId, 'Scarlet');
  await settle();
  eq(b.events.length, after, 'no more news of other rooms');
});

// A grant outlives leaving: rejoining with an attendee token, the call connects with the
// granted role, and everything that follows the role does (call.role, the countdowns).
test('a granted manager who rejoins with an attendee token has the role at once', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Red } = await rooms(org, { Red: [a], Blue: [] });
  await org.mgmt().setBreakoutRoomManager(b.id, true);
  await b.call.hangUp();
  const again = await join(b.link, 'b', 'attendee');
  eq(again.call.role, 'Presenter', "call.role once connected: the host's word (the SDK's name for it)");
  eq(again.feature.breakoutRooms.length, 2, 'the room list');
  await org.mgmt().closeRooms([Red.threadId]);
  await settle();
  eq(again.mgmt().closings.map((c) => c.threadId), [Red.threadId], 'and the countdowns managers see');
});
