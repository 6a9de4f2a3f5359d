// SPEC 5: the management feature (`call.feature(Features.BreakoutRoomsManagement)`).
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

// SPEC 5: the management methods do what they say and resolve with what they promise.
test('management methods change the meeting', async () => {
  const [org, a, b, c, d] = await meeting('org', 'a', 'b', 'c', 'd');
  const mgmt = org.mgmt();
  eq(mgmt.name, 'BreakoutRoomsManagement', 'feature name');
  const r0 = mgmt.revision;
  eq(typeof r0, 'number', 'revision is a number');
  const created = await mgmt.createRooms(3);
  eq(created.map((r) => [r.displayName, r.state, r.invitees]),
     [['Room 1', 'closed', []], ['Room 2', 'closed', []], ['Room 3', 'closed', []]], 'createRooms(3)');
  eq(new Set(created.map((r) => r.threadId)).size, 3, 'distinct threadIds');
  eq(mgmt.revision, r0 + 1, 'one change, one revision');
  const named = await mgmt.createRooms(['Red', 'Blue']);
  eq(named.map((r) => r.displayName), ['Red', 'Blue'], 'createRooms(names)');
  await mgmt.renameRoom(created[0].threadId, '  Design  ');
  await mgmt.deleteRoom(created[1].threadId);
  eq(org.feature.breakoutRooms.map((r) => r.displayName), ['Design', 'Room 3', 'Red', 'Blue'], 'rename and delete');
  const rev = mgmt.revision;
  await mgmt.renameRoom(created[0].threadId, 'Design');
  eq(mgmt.revision, rev, 'a rename to the same name changes nothing');

  const fresh = await mgmt.recreateRooms(2);
  eq(fresh.map((r) => r.displayName), ['Room 1', 'Room 2'], 'recreateRooms(2)');
  eq(org.feature.breakoutRooms.map((r) => r.threadId), fresh.map((r) => r.threadId), 'only the new rooms');
  await mgmt.assignAutomatically({ seed: 7 });
  const split = org.feature.breakoutRooms.map((r) => ids(r.invitees));
  eq(split.map((s) => s.length), [2, 2], 'evenly');
  eq(split.flat().sort(), ['a', 'b', 'c', 'd'], 'every attendee');

  await mgmt.openRooms([fresh[0].threadId]);
  eq(org.feature.breakoutRooms.map((r) => r.state), ['open', 'closed'], 'openRooms([threadId])');
  await mgmt.openRooms({ expectedRevision: mgmt.revision });
  eq(org.feature.breakoutRooms.map((r) => r.state), ['open', 'open'], 'openRooms(options)');
  await mgmt.closeRooms([fresh[1].threadId], { graceSeconds: 0, expectedRevision: mgmt.revision });
  eq(org.feature.breakoutRooms.map((r) => r.state), ['open', 'closed'], 'closeRooms([threadId], options)');
  // SPEC 11: without graceSeconds the people inside are warned first, for closingWarningSeconds.
  await mgmt.closeRooms();
  eq(org.feature.breakoutRooms.map((r) => r.state), ['open', 'closed'], 'closeRooms() resolves once scheduled');
  eq(mgmt.closings.map((c) => c.threadId), [fresh[0].threadId], 'the open room is closing');
  await mgmt.closeRooms({ graceSeconds: 0 });
  eq(org.feature.breakoutRooms.map((r) => r.state), ['closed', 'closed'], 'closeRooms({ graceSeconds: 0 })');
  eq(mgmt.closings, [], 'nothing is closing any more');

  // The same seed in a meeting with the same people gives the same rooms.
  const [org2, ...others] = await meeting('org', 'a', 'b', 'c', 'd');
  await org2.mgmt().createRooms(2);
  await org2.mgmt().assignAutomatically({ seed: 7 });
  eq(org2.feature.breakoutRooms.map((r) => ids(r.invitees)), split, 'seeded: reproducible');
  await mgmt.unassignParticipants([a.id, b.id]);
  eq(org.feature.breakoutRooms.flatMap((r) => ids(r.invitees)).sort(), ['c', 'd'], 'unassignParticipants');
});

// SPEC 5 (new): an operation started while the main call is still Connecting waits for it
// to connect, so `join()` followed at once by `createRooms(3)` works as written. It rejects
// with 412/46909 only if the call does not connect; once connected, the usual rules apply.
test('management started while the call is connecting waits for it', async () => {
  const link = newMeeting();
  const agent = await agentFor('org', 'organizer');
  const call = agent.join({ meetingLink: link });
  const mgmt = call.feature(Features.BreakoutRoomsManagement);
  ok(call.state !== 'Connected', `the call has not connected yet: ${call.state}`);
  const [created] = await Promise.all([
    mgmt.createRooms(3),
    mgmt.updateSettings({ disableReturnToMainMeeting: true }),
  ]);
  eq(created.map((r) => r.displayName), ['Room 1', 'Room 2', 'Room 3'], 'createRooms(3) right after join()');
  eq(call.state, 'Connected', 'the call connected');
  eq(call.feature(Features.BreakoutRooms).breakoutRooms.map((r) => r.displayName), ['Room 1', 'Room 2', 'Room 3'],
     'the rooms are in the meeting');
  eq(mgmt.settings.disableReturnToMainMeeting, true, 'the settings were updated too');

  // An attendee's operation waits as well, then meets the role check, not 412.
  const attendee = await agentFor('a', 'attendee');
  const attendeeCall = attendee.join({ meetingLink: link });
  await expectRejects(() => attendeeCall.feature(Features.BreakoutRoomsManagement).createRooms(1), 403, 46900,
                      'an attendee managing while connecting', 'createRooms');
  eq(attendeeCall.state, 'Connected', "the attendee's call connected meanwhile");

  // A call that never connects (the host refuses a display name over the limit): 412/46909.
  const long = await new CallClient().createCallAgent(
    new AzureCommunicationTokenCredential(createDevToken({ userId: 'long', role: 'organizer' })),
    { displayName: 'x'.repeat(300) },
  );
  const refusedCall = long.join({ meetingLink: link });
  await expectRejects(() => refusedCall.feature(Features.BreakoutRoomsManagement).createRooms(1), 412, 46909,
                      'managing from a call whose join is refused', 'not connected');
  await settle();
  eq(refusedCall.state, 'Disconnected', 'the join was refused');
  eq([refusedCall.callEndReason.code, refusedCall.callEndReason.subCode], [413, 46905], 'why');
  eq(call.feature(Features.BreakoutRooms).breakoutRooms.length, 3, 'nothing changed');
});
