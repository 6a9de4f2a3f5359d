// SPEC 6: the participant flows, as a user of the calling SDK sees them through
// `breakoutRoomsUpdated`, the calls' states and their remote participants.
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

// SPEC 6.1: managers get the room list; nobody is assigned yet. Changed by SPEC 6.1: the
// settings are not the main call's (no event, property undefined); managers read them
// from `mgmt.settings`.
test('joining gives managers the room list and the settings through mgmt', async () => {
  const [org, a] = await meeting('org', 'a');
  eq(a.call.state, 'Connected', 'main call state');
  eq(a.types(), [], 'attendee events: none yet');
  eq(org.types(), ['breakoutRooms'], 'organizer events');
  eq(a.feature.breakoutRoomsSettings, undefined, "the main call's feature has no settings");
  eq(org.feature.breakoutRoomsSettings, undefined, "not the organizer's main call either");
  eq(org.mgmt().settings, { disableReturnToMainMeeting: false, autoMoveParticipantToBreakoutRoom: true, closingWarningSeconds: 60 },
     'mgmt.settings: the defaults');
  eq(org.events[0].data, [], "the organizer's room list is empty");
  eq(a.feature.breakoutRooms, undefined, 'attendees see no room list');
  eq(org.feature.breakoutRooms.length, 0, 'no rooms yet');
  eq(a.feature.assignedBreakoutRooms, undefined, 'assignedBreakoutRooms');
  eq(a.feature.assignedBreakoutRoom, undefined, 'assignedBreakoutRoom');
  eq(a.feature.name, 'BreakoutRooms', 'feature name');
  ok(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(a.call.id), `a GUID call id: ${a.call.id}`);
  ok(a.call.id !== org.call.id, 'call ids differ');
  eq(a.agent.calls.length, 1, 'one call');
  ok(a.agent.calls[0] === a.call, 'agent.calls holds the same call object');
  eq(a.callsUpdated.length, 1, "one 'callsUpdated'");
  ok(a.callsUpdated[0].added[0] === a.call && a.callsUpdated[0].removed.length === 0, "'callsUpdated' adds the call");
  eq(a.agent.displayName, 'a', 'agent displayName');
  eq(a.agent.connectionState, 'Connected', 'agent connectionState');
  // SPEC 12: the SDK's other RemoteParticipant members may be there too.
  eqFields(org.call.remoteParticipants, [{ identifier: { communicationUserId: 'a' }, displayName: 'a', state: 'Connected' }],
           "the organizer's remote participants");
  eq(ids(a.call.remoteParticipants), ['org'], "the attendee's remote participants");
  eq(org.main.updates, [{ added: ['a'], removed: [] }], "'remoteParticipantsUpdated' when a joins");
});

// SPEC 6.1: someone already assigned gets the assignment on joining; a manager who joins
// late gets every room with invitees. Changed by SPEC 6.1: no settings event on the main call.
test('joining with an assignment delivers it and late managers get every room', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red } = await rooms(org, { Red: [a], Blue: [] }, { open: false });
  await a.call.hangUp();
  await settle();
  eq(a.call.state, 'Disconnected', 'a left');
  eq(ids(org.call.remoteParticipants), [], 'a is gone');

  const again = await join(org.link, 'a', 'attendee');
  eq(again.types(), ['assignedBreakoutRooms'], 'the assignment');
  const room = again.events[0].data;
  eq([room.threadId, room.displayName, room.state, room.autoMoveParticipantToBreakoutRoom],
     [Red.threadId, 'Red', 'closed', true], 'the assigned room');
  eq(room.invitees, undefined, 'attendees get no invitees');
  eq(again.feature.assignedBreakoutRoom.threadId, Red.threadId, 'assignedBreakoutRoom');
  eq(again.call.state, 'Connected', 'a closed room: stays in the main meeting');

  const co = await join(org.link, 'co', 'coOrganizer');
  eq(co.types(), ['breakoutRooms'], 'a late co-organizer gets the rooms');
  eq(co.events[0].data.map((r) => [r.displayName, r.state, ids(r.invitees)]),
     [['Red', 'closed', ['a']], ['Blue', 'closed', []]], 'every room, with invitees');
  eq(co.mgmt().revision, org.mgmt().revision, 'the late manager has the current revision');
});

// SPEC 6.1 (new): the settings, property and event, belong to the breakout call's feature,
// as in the SDK at run time. @azure/communication-react takes the call whose feature has
// settings for the breakout call, and hangs up "other breakout calls" on 'join'; so the
// breakout call has them by the time 'join' is raised, and the main call's feature never
// does. Managers read them from `mgmt.settings`, in any call.
test('settings belong to the breakout call and managers read them from mgmt', async () => {
  const link = newMeeting();
  const org = await join(link, 'org', 'organizer');
  const co = await join(link, 'co', 'coOrganizer');
  const a = await join(link, 'a', 'attendee');
  const atJoin = [];
  a.feature.on('breakoutRoomsUpdated', (event) => {
    if (event.type === 'join') {
      atJoin.push({
        breakout: event.data.feature(Features.BreakoutRooms).breakoutRoomsSettings,
        main: a.call.feature(Features.BreakoutRooms).breakoutRoomsSettings,
      });
    }
  });
  await rooms(org, { Red: [a, co] });
  // SPEC 3: the breakout call's settings are the SDK's (no auto-move: that is mgmt.settings').
  const defaults = { disableReturnToMainMeeting: false };
  eq(atJoin.length, 1, "one 'join'");
  eqFields(atJoin[0].breakout, defaults, "the breakout call's feature has the settings when 'join' is raised");
  eq(atJoin[0].main, undefined, "the main call's feature has none then");
  const inRoom = a.breakout();
  eqFields(inRoom.feature.breakoutRoomsSettings, defaults, "the breakout call's breakoutRoomsSettings");

  const mainFrom = a.events.length;
  const roomFrom = inRoom.events.length;
  await org.mgmt().updateSettings({ disableReturnToMainMeeting: true });
  await settle();
  const changed = { disableReturnToMainMeeting: true };
  const heard = inRoom.of('breakoutRoomsSettings', roomFrom);
  eq(heard.length, 1, "one 'breakoutRoomsSettings' event on the breakout call's feature");
  eqFields(heard[0].data, changed, 'the event carries the new settings');
  eqFields(inRoom.feature.breakoutRoomsSettings, changed, 'and the property has them');
  eq(a.types().slice(mainFrom), [], "no 'breakoutRoomsSettings' event on the main call's feature");
  eq(a.feature.breakoutRoomsSettings, undefined, "the main call's breakoutRoomsSettings");
  eq(a.call.feature(Features.BreakoutRooms).breakoutRoomsSettings, undefined, 'on a new feature object too');
  eq(org.types().filter((t) => t === 'breakoutRoomsSettings'), [], "the organizer's main call hears no settings either");

  // Managers, wherever they are: the organizer in the main meeting, the co-organizer in a room.
  eqFields(org.mgmt().settings, { ...changed, autoMoveParticipantToBreakoutRoom: true }, "the organizer's mgmt.settings");
  eqFields(co.mgmt().settings, changed, "the co-organizer's, through the held main call");
  eqFields(co.breakout().call.feature(Features.BreakoutRoomsManagement).settings, changed,
           "the co-organizer's, through the breakout call");

  // Back in the main meeting, a new change still reaches only managers; a new breakout call
  // starts with the current settings.
  await org.mgmt().closeRooms({ graceSeconds: 0 });
  await settle();
  eq(a.call.state, 'Connected', 'a is back in the main meeting');
  await org.mgmt().updateSettings({ disableReturnToMainMeeting: false });
  await settle();
  eq(a.types().slice(mainFrom), ['assignedBreakoutRooms'], 'the main call heard the room close, never the settings');
  eq(a.feature.breakoutRoomsSettings, undefined, "the main call's feature still has none");
  eqFields(org.mgmt().settings, defaults, 'mgmt.settings follows');
  await org.mgmt().openRooms();
  await settle();
  eq(a.breakouts.length, 2, 'a moved in again');
  eqFields(a.breakout().feature.breakoutRoomsSettings, defaults, 'the new breakout call has the current settings');
});

// SPEC 6.2: the room opens and the client moves by itself. Changed by SPEC 6.1: no settings
// event on the main call.
test('auto-move moves an assigned participant when the room opens', async () => {
  const [org, a] = await meeting('org', 'a');
  const mgmt = org.mgmt();
  const [red] = await mgmt.createRooms(['Red']);
  await mgmt.assignParticipants(red.threadId, [a.id]);
  await settle();
  eq(a.types(), ['assignedBreakoutRooms'], 'assigned to a closed room');
  eq(a.call.state, 'Connected', 'no move while the room is closed');
  await mgmt.openRooms();
  await settle();
  eq(a.types(), ['assignedBreakoutRooms', 'assignedBreakoutRooms', 'join'], 'events');
  eq(a.events[1].data.state, 'open', 'the assignment event says open');
  const joined = a.events.at(-1).data;
  ok(typeof joined.hangUp === 'function' && joined.id !== a.call.id, "the 'join' event carries a new Call");
  eq(joined.state, 'Connected', 'breakout call state');
  eq(a.breakout().states.at(-1), 'Connected', "the breakout call's 'stateChanged'");
  eq(a.call.state, 'LocalHold', 'main call on hold');
  eq(a.states.at(-1), 'LocalHold', "the main call's 'stateChanged'");
  ok(a.feature.assignedBreakoutRoom.call === joined, 'the room shows the same call object');
  eq(a.feature.assignedBreakoutRoom.state, 'open', 'room state');
  eq(a.agent.calls.length, 2, 'main and breakout calls');
  ok(a.agent.calls.includes(joined) && a.agent.calls.includes(a.call), 'agent.calls');
  const update = a.callsUpdated.at(-1);
  ok(update.added.length === 1 && update.added[0] === joined && update.removed.length === 0,
     "'callsUpdated' adds the breakout call");
  ok(a.feature.breakoutRooms === undefined, 'still no room list for the attendee');
});

// SPEC 6.2 with autoMove false: nothing moves until `assignedBreakoutRoom.join()`, which
// resolves with the breakout call. Changed by SPEC 6.1: the settings are read from
// `mgmt.settings` and from the breakout call's feature, not the main call's.
test('without auto-move, join() moves and resolves with the call', async () => {
  const [org, a] = await meeting('org', 'a');
  await org.mgmt().updateSettings({ autoMoveParticipantToBreakoutRoom: false });
  await rooms(org, { Red: [a] });
  eq(org.mgmt().settings.autoMoveParticipantToBreakoutRoom, false, 'mgmt.settings');
  const room = a.feature.assignedBreakoutRoom;
  eq([room.state, room.autoMoveParticipantToBreakoutRoom], ['open', false], 'the room is open, no auto-move');
  eq(a.of('join').length, 0, 'no move by itself');
  eq(a.call.state, 'Connected', 'still in the main meeting');
  eq(room.call, undefined, 'no breakout call yet');

  const [first, second] = await Promise.all([room.join(), room.join()]);
  ok(first === second, 'two joins at once resolve with the same call');
  eq(first.state, 'Connected', 'the breakout call is connected');
  eq(a.call.state, 'LocalHold', 'the main call is on hold');
  eq(a.of('join').length, 1, "one 'join' event");
  ok(a.of('join')[0].data === first, "the 'join' event carries the same call");
  ok(room.call === first && a.feature.assignedBreakoutRoom.call === first, 'room.call');
  ok(a.callsUpdated.at(-1).added[0] === first, "'callsUpdated' adds it");
  // SPEC 3: auto-move is the meeting's, read from mgmt.settings; the breakout call's settings are the SDK's.
  eq(first.feature(Features.BreakoutRooms).breakoutRoomsSettings.disableReturnToMainMeeting, false,
     "the breakout call's settings");

  const again = await a.feature.assignedBreakoutRoom.join();
  ok(again === first, 'joining the room one is in resolves with the same call');
  eq(a.of('join').length, 1, 'and moves nothing');
  eq(a.agent.calls.length, 2, 'main and breakout calls');
});

// SPEC 6.3: the room closes; the client hangs up the breakout call and resumes the main one.
// SPEC 11: closeRooms warns the people inside first, for closingWarningSeconds (1 s here).
test('closing a room brings everyone back to the main meeting', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Red } = await rooms(org, { Red: [a, b] });
  await org.mgmt().updateSettings({ closingWarningSeconds: 1 });
  const inRoom = a.breakout();
  eq(inRoom.call.state, 'Connected', 'in the room');
  const warned = [];
  a.feature.on('roomClosing', (e) => warned.push(e));
  const from = a.events.length;
  await org.mgmt().closeRooms([Red.threadId]);
  await settle();
  eq(warned.map((e) => e.threadId), [Red.threadId], 'warned first');
  eq(inRoom.call.state, 'Connected', 'still in the room during the warning');
  eq(a.types().slice(from), [], "no 'breakoutRoomsUpdated' yet");
  await sleep(Math.max(0, Date.parse(warned[0].closesAt) - Date.now()) + 300);
  eq(a.types().slice(from), ['assignedBreakoutRooms'], 'one event');
  eq([a.events[from].data.threadId, a.events[from].data.state], [Red.threadId, 'closed'], 'the room, closed');
  eq(inRoom.call.state, 'Disconnected', 'the breakout call is hung up');
  eq(inRoom.states.at(-1), 'Disconnected', "the breakout call's last 'stateChanged'");
  eq(a.call.state, 'Connected', 'the main call resumed');
  eq(a.states.at(-1), 'Connected', "the main call's last 'stateChanged'");
  eq(a.agent.calls.length, 1, 'only the main call is left');
  ok(a.agent.calls[0] === a.call, 'agent.calls');
  const update = a.callsUpdated.at(-1);
  ok(update.removed.length === 1 && update.removed[0] === inRoom.call && update.added.length === 0,
     "'callsUpdated' removes the breakout call");
  eq(a.feature.assignedBreakoutRoom.call, undefined, 'no call for the closed room');
  eq(b.breakout().call.state, 'Disconnected', 'b is back too');
  eq(b.call.state, 'Connected', "b's main call");
  eq(org.feature.breakoutRooms[0].state, 'closed', "the organizer's view");
  eq(ids(org.call.remoteParticipants), ['a', 'b'], 'everyone is in the main meeting');

  // Reopening moves them in again, with a new call.
  await org.mgmt().openRooms([Red.threadId]);
  await settle();
  eq(a.breakouts.length, 2, 'a second move');
  ok(a.breakout().call !== inRoom.call, 'a new breakout call');
  eq(a.breakout().call.state, 'Connected', 'connected');
  eq(a.call.state, 'LocalHold', 'main on hold again');
});

// SPEC 6.4: leaving early the seed's way, `breakoutRoomCall.hangUp(); mainMeetingCall.resume();`.
test('hangUp() then resume() returns to the main meeting', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Red } = await rooms(org, { Red: [a, b] });
  const breakoutRoomCall = a.feature.assignedBreakoutRoom.call;
  const mainMeetingCall = a.call;
  // As the seed writes it: not awaited in between.
  const hungUp = breakoutRoomCall.hangUp();
  const resumed = mainMeetingCall.resume();
  eq(await Promise.all([hungUp, resumed]), [undefined, undefined], 'both resolve');
  await settle();
  eq(breakoutRoomCall.state, 'Disconnected', 'the breakout call ended');
  eq(mainMeetingCall.state, 'Connected', 'the main call resumed');
  eq(a.breakout().states.at(-1), 'Disconnected', "breakout 'stateChanged'");
  eq(a.states.at(-1), 'Connected', "main 'stateChanged'");
  eq(a.agent.calls.length, 1, 'only the main call');
  eq(ids(org.call.remoteParticipants), ['a'], 'the organizer sees a back');
  eq(ids(a.call.remoteParticipants), ['org'], 'a sees the main meeting');
  eq(ids(b.breakout().call.remoteParticipants), [], 'b sees a leave the room');
  eq(a.feature.assignedBreakoutRoom.state, 'open', 'still assigned to the open room');
  eq(a.feature.assignedBreakoutRoom.call, undefined, 'not in it');

  // Not pulled back in by a later update of the room.
  await org.mgmt().renameRoom(Red.threadId, 'Crimson');
  await settle();
  eq(a.feature.assignedBreakoutRoom.displayName, 'Crimson', 'the rename arrived');
  eq(a.breakouts.length, 1, 'no new move');
  eq(a.call.state, 'Connected', 'still in the main meeting');

  // Back in, then out with an awaited hangUp: the main call stays on hold until resume().
  const back = await a.feature.assignedBreakoutRoom.join();
  ok(back !== breakoutRoomCall && back.state === 'Connected', 'a new breakout call');
  await back.hangUp();
  await settle();
  eq(back.state, 'Disconnected', 'hung up');
  eq(a.call.state, 'LocalHold', 'the main call waits for resume()');
  eq(ids(org.call.remoteParticipants), ['a'], 'a is in the main meeting');
  await a.call.resume();
  eq(a.call.state, 'Connected', 'resumed');
});

// SPEC 6.4: `returnToMainMeeting()` resolves with the main meeting call.
test('returnToMainMeeting() resolves with the main call', async () => {
  const [org, a] = await meeting('org', 'a');
  await rooms(org, { Red: [a] });
  const inRoom = a.breakout().call;
  const main = await a.feature.assignedBreakoutRoom.returnToMainMeeting();
  ok(main === a.call, 'resolves with the main meeting call');
  eq(main.state, 'Connected', 'main connected');
  eq(inRoom.state, 'Disconnected', 'breakout call ended');
  eq(a.breakout().states.at(-1), 'Disconnected', "breakout 'stateChanged'");
  eq(a.states.at(-1), 'Connected', "main 'stateChanged'");
  eq(ids(org.call.remoteParticipants), ['a'], 'the organizer sees a back');
  eq(a.agent.calls.length, 1, 'only the main call');
  const again = await a.feature.assignedBreakoutRoom.returnToMainMeeting();
  ok(again === a.call, 'returning while in the main meeting resolves with it too');
  eq(a.call.state, 'Connected', 'nothing changed');
});

// SPEC 6.4: with disableReturnToMainMeeting, both ways of leaving refuse and nothing changes.
// Changed by SPEC 6.1: the setting is read from the breakout call's feature.
test('leaving early is refused when return to main is disabled', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  await org.mgmt().updateSettings({ disableReturnToMainMeeting: true });
  await rooms(org, { Red: [a, b] });
  eq(a.breakout().feature.breakoutRoomsSettings.disableReturnToMainMeeting, true, "the breakout call's settings");
  const breakoutRoomCall = a.feature.assignedBreakoutRoom.call;
  const mainMeetingCall = a.call;
  const before = {
    main: a.states.length, room: a.breakout().states.length, events: a.events.length,
    calls: a.callsUpdated.length, remote: a.breakout().updates.length,
  };
  await expectRejects(() => breakoutRoomCall.hangUp(), 403, 46907, 'breakoutRoomCall.hangUp()', 'disabled');
  await expectRejects(() => mainMeetingCall.resume(), 403, 46907, 'mainMeetingCall.resume()', 'disabled');
  await expectRejects(() => a.feature.assignedBreakoutRoom.returnToMainMeeting(), 403, 46907,
                      'returnToMainMeeting()', 'disabled');
  // The seed's pattern, not awaited in between.
  const hangUp = outcome(breakoutRoomCall.hangUp());
  const resume = outcome(mainMeetingCall.resume());
  eq([await hangUp, await resume], ['rejected:46907', 'rejected:46907'], 'the seed pattern refuses');
  await settle();
  eq(breakoutRoomCall.state, 'Connected', 'still in the room');
  eq(mainMeetingCall.state, 'LocalHold', 'main still on hold');
  eq(a.states.length, before.main, "no main 'stateChanged'");
  eq(a.breakout().states.length, before.room, "no breakout 'stateChanged'");
  eq(a.events.length, before.events, 'no feature events');
  eq(a.callsUpdated.length, before.calls, "no 'callsUpdated'");
  eq(a.breakout().updates.length, before.remote, "no 'remoteParticipantsUpdated'");
  eq(ids(b.breakout().call.remoteParticipants), ['a'], 'b still sees a in the room');
  eq(ids(org.call.remoteParticipants), [], 'the host keeps a and b in the room');

  // Leaving the meeting altogether stays possible.
  await mainMeetingCall.hangUp();
  await settle();
  eq([mainMeetingCall.state, breakoutRoomCall.state], ['Disconnected', 'Disconnected'], 'both calls ended');
  eq(ids(b.breakout().call.remoteParticipants), [], 'a left the room');
});

// SPEC 6.5: reassigned while inside to an open room: moved straight there.
test('reassigned to an open room moves straight there', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Blue } = await rooms(org, { Red: [a], Blue: [b] });
  const red = a.breakout();
  const mainChanges = a.states.length;
  await org.mgmt().assignParticipants(Blue.threadId, [a.id]);
  await settle();
  eq(red.call.state, 'Disconnected', 'the Red call ended');
  eq(red.states.at(-1), 'Disconnected', "Red 'stateChanged'");
  eq(a.breakouts.length, 2, "a second 'join'");
  const blue = a.breakout().call;
  eq(blue.state, 'Connected', 'the Blue call connected');
  eq(a.feature.assignedBreakoutRoom.threadId, Blue.threadId, 'assigned to Blue');
  ok(a.feature.assignedBreakoutRoom.call === blue, 'Blue shows the call');
  eq(a.call.state, 'LocalHold', 'the main call stays on hold');
  eq(a.states.length, mainChanges, 'the main call did not change state on the way');
  eq(ids(blue.remoteParticipants), ['b'], 'a sees b');
  eq(ids(b.breakout().call.remoteParticipants), ['a'], 'b sees a');
  eq(ids(red.call.remoteParticipants), [], 'the old call lists nobody');
  eq(a.agent.calls.length, 2, 'main and Blue');
  ok(a.agent.calls.includes(blue) && !a.agent.calls.includes(red.call), 'agent.calls');
});

// SPEC 6.5: reassigned while inside to a closed room: back to main.
test('reassigned to a closed room goes back to main', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red, Blue } = await rooms(org, { Red: [a], Blue: [] }, { open: false });
  await org.mgmt().openRooms([Red.threadId]);
  await settle();
  const red = a.breakout();
  eq(red.call.state, 'Connected', 'in Red');
  await org.mgmt().assignParticipants(Blue.threadId, [a.id]);
  await settle();
  eq(red.call.state, 'Disconnected', 'left Red');
  eq(a.call.state, 'Connected', 'back in the main meeting');
  eq(a.breakouts.length, 1, 'no move into the closed room');
  eq([a.feature.assignedBreakoutRoom.threadId, a.feature.assignedBreakoutRoom.state],
     [Blue.threadId, 'closed'], 'assigned to the closed room');
  eq(org.feature.breakoutRooms.map((r) => [r.displayName, r.state, ids(r.invitees)]),
     [['Red', 'open', []], ['Blue', 'closed', ['a']]], "the organizer's view");
  eq(ids(org.call.remoteParticipants), ['a'], 'the organizer sees a');
});

// SPEC 6.5: unassigned (or the room deleted) while inside: back to main.
test('unassigned or deleted room goes back to main', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Red } = await rooms(org, { Red: [a, b] });
  const from = a.events.length;
  await org.mgmt().unassignParticipants([a.id]);
  await settle();
  eq(a.types().slice(from), ['assignedBreakoutRooms'], 'one event');
  eq(a.events[from].data, undefined, 'no room');
  eq(a.feature.assignedBreakoutRoom, undefined, 'assignedBreakoutRoom');
  eq(a.breakout().call.state, 'Disconnected', 'left the room');
  eq(a.call.state, 'Connected', 'back in the main meeting');
  eq(ids(b.breakout().call.remoteParticipants), [], 'b sees a go');

  await org.mgmt().deleteRoom(Red.threadId);
  await settle();
  eq(b.breakout().call.state, 'Disconnected', 'b left the deleted room');
  eq(b.call.state, 'Connected', 'b is back');
  eq(b.feature.assignedBreakoutRoom, undefined, 'b has no room');
  eq(org.feature.breakoutRooms, [], 'no rooms');
  eq(ids(org.call.remoteParticipants), ['a', 'b'], 'everyone is in the main meeting');
});

// SPEC 6.6: a late joiner, assigned while rooms are open, moves in; so does someone who
// rejoins while their room is open. Changed by SPEC 6.1: no settings event on the main call.
test('a late joiner assigned while rooms are open moves in', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red } = await rooms(org, { Red: [a] });
  const late = await join(org.link, 'late', 'attendee');
  eq(late.types(), [], 'not assigned yet');
  eq(late.call.state, 'Connected', 'in the main meeting');
  eq(ids(late.call.remoteParticipants), ['org'], 'a is in a room');
  await org.mgmt().assignParticipants(Red.threadId, [late.id]);
  await settle();
  eq(late.types(), ['assignedBreakoutRooms', 'join'], 'assigned, then moved');
  eq(late.breakout().call.state, 'Connected', 'in the room');
  eq(late.call.state, 'LocalHold', 'main on hold');
  eq(ids(late.breakout().call.remoteParticipants), ['a'], 'late sees a');
  eq(ids(a.breakout().call.remoteParticipants), ['late'], 'a sees late');

  const later = await join(org.link, 'later', 'attendee');
  await org.mgmt().assignAutomatically({ seed: 1 });
  await settle();
  eq(later.feature.assignedBreakoutRoom.threadId, Red.threadId, 'assignAutomatically picks up a later joiner');
  eq(later.breakout().call.state, 'Connected', 'and it moves in');

  await late.call.hangUp();
  await settle();
  const back = await join(org.link, 'late', 'attendee');
  eq(back.types(), ['assignedBreakoutRooms', 'join'], 'rejoining: straight back in');
  eq(back.breakout().call.state, 'Connected', 'in the room');
  eq(back.call.state, 'LocalHold', 'main on hold');
  eq(ids(back.breakout().call.remoteParticipants), ['a', 'later'], 'with the others');
});

// SPEC 6.7: roomEndTime closes every room on a real browser timer. Changed by SPEC 6.1 (the
// settings event is the breakout call's; the main call hears only of the closed room) and
// SPEC 3 (roomEndTime is an ISO 8601 string; it was a TimestampInfo).
test('the room end time closes every room', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  await rooms(org, { Red: [a], Blue: [b] });
  let closedAt;
  a.feature.on('breakoutRoomsUpdated', (e) => {
    if (e.type === 'assignedBreakoutRooms' && e.data && e.data.state === 'closed') closedAt ??= Date.now();
  });
  const end = Date.now() + 300;
  const inRoom = a.breakout();
  const from = a.events.length;
  const roomFrom = inRoom.events.length;
  await org.mgmt().updateSettings({ roomEndTime: end });
  await settle();
  eq(a.types().slice(from), [], "no settings event on the main call's feature");
  eq(inRoom.of('breakoutRoomsSettings', roomFrom).map((e) => e.data.roomEndTime), [new Date(end).toISOString()],
     "the breakout call's settings event");
  eq(inRoom.feature.breakoutRoomsSettings.roomEndTime, new Date(end).toISOString(), 'breakoutRoomsSettings.roomEndTime');
  eq(org.mgmt().settings.roomEndTime, new Date(end).toISOString(), 'mgmt.settings.roomEndTime');
  eq(a.breakout().call.state, 'Connected', 'still in the room before the end time');

  await sleep(700);
  for (const p of [a, b]) {
    eq(p.breakout().call.state, 'Disconnected', `${p.userId}: breakout call ended`);
    eq(p.call.state, 'Connected', `${p.userId}: back in the main meeting`);
    eq(p.feature.assignedBreakoutRoom.state, 'closed', `${p.userId}: room closed`);
  }
  ok(closedAt >= end, `closed at ${closedAt}, not before the end time ${end}`);
  eq(a.types().slice(from), ['assignedBreakoutRooms'], 'the main call hears of the closed room');
  eq(org.mgmt().settings.roomEndTime, undefined, 'the end time is cleared once reached');
  eq(org.feature.breakoutRooms.map((r) => r.state), ['closed', 'closed'], 'every room closed');
  eq(ids(org.call.remoteParticipants), ['a', 'b'], 'everyone is back');
});

// roomEndTime in every accepted form; `null` clears it and the timer does not fire. Changed
// by SPEC 3 (ms, a Date or an ISO 8601 string in; an ISO 8601 string out, where it was a
// TimestampInfo) and SPEC 6.1 (read from the breakout call's feature).
test('the room end time takes every form and null clears it', async () => {
  const [org, a] = await meeting('org', 'a');
  await rooms(org, { Red: [a] });
  const mgmt = org.mgmt();
  const roomEndTime = () => a.breakout().feature.breakoutRoomsSettings.roomEndTime;
  const iso = (ms) => new Date(ms).toISOString();
  const end = Date.now() + 60000;
  await mgmt.updateSettings({ roomEndTime: end });
  eq(roomEndTime(), iso(end), 'ms since the epoch');
  await mgmt.updateSettings({ roomEndTime: new Date(end + 1) });
  eq(roomEndTime(), iso(end + 1), 'a Date');
  await mgmt.updateSettings({ roomEndTime: iso(end + 2) });
  eq(roomEndTime(), iso(end + 2), 'an ISO 8601 string');
  await mgmt.updateSettings({ roomEndTime: { attemptTimestamp: end + 3 } });
  eq(roomEndTime(), iso(end + 3), 'a TimestampInfo');
  const before = Date.now();
  await mgmt.updateSettings({ roomEndTime: { deltaTimeInMs: 300 } });
  const stamp = Date.parse(roomEndTime());
  ok(stamp >= before + 300 && stamp <= Date.now() + 300, `deltaTimeInMs: ${roomEndTime()}`);
  await mgmt.updateSettings({ roomEndTime: null });
  eq(roomEndTime(), undefined, 'null clears it');
  eq(mgmt.settings.roomEndTime, undefined, 'for managers too');
  await sleep(600);
  eq(a.breakout().call.state, 'Connected', 'a cleared end time closes nothing');
  eq(org.feature.breakoutRooms[0].state, 'open', 'the room is open');
});

// SPEC 3 (new): roomEndTime is an ISO 8601 string wherever it is read (the breakout call's
// property and event, mgmt.settings), because that is what the SDK delivers at run time and
// what @azure/communication-react parses as a date string.
test('roomEndTime reads as an ISO 8601 string everywhere', async () => {
  const [org, a] = await meeting('org', 'a');
  await rooms(org, { Red: [a] });
  const inRoom = a.breakout();
  const from = inRoom.events.length;
  const end = Date.now() + 120000;
  await org.mgmt().updateSettings({ roomEndTime: new Date(end) });
  await settle();
  const reads = {
    'breakoutRoomsSettings.roomEndTime': inRoom.feature.breakoutRoomsSettings.roomEndTime,
    "the 'breakoutRoomsSettings' event": inRoom.of('breakoutRoomsSettings', from).at(-1)?.data.roomEndTime,
    'mgmt.settings.roomEndTime': org.mgmt().settings.roomEndTime,
  };
  for (const [where, value] of Object.entries(reads)) {
    eq(typeof value, 'string', `${where}: a string`);
    ok(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value), `${where}: ISO 8601 in UTC: ${value}`);
    eq(new Date(value).getTime(), end, `${where}: the time that was set`);
  }
  // What a UI does with it: a countdown.
  const remaining = new Date(inRoom.feature.breakoutRoomsSettings.roomEndTime).getTime() - Date.now();
  ok(remaining > 100000 && remaining <= 120000, `time left: ${remaining} ms`);
});

// SPEC 6.8: each call lists the others in the same place and raises 'remoteParticipantsUpdated'.
test('each call lists the others in the same place', async () => {
  const [org, a, b, c] = await meeting('org', 'a', 'b', 'c');
  eq(ids(org.call.remoteParticipants), ['a', 'b', 'c'], 'everyone in the main meeting');
  const orgFrom = org.main.updates.length;
  const aFrom = a.main.updates.length;
  await rooms(org, { Red: [a, b], Blue: [] });
  const ra = a.breakout();
  const rb = b.breakout();
  eq(ids(ra.call.remoteParticipants), ['b'], "a's room lists b");
  eq(ids(rb.call.remoteParticipants), ['a'], "b's room lists a");
  // SPEC 12: the SDK's other RemoteParticipant members may be there too.
  eqFields(ra.call.remoteParticipants, [{ identifier: { communicationUserId: 'b' }, displayName: 'b', state: 'Connected' }],
           'RemoteParticipant shape');
  eq([ra.added(), ra.removed()], [['b'], []], "'remoteParticipantsUpdated' on a's breakout call");
  eq(ids(org.call.remoteParticipants), ['c'], 'the organizer sees c only');
  eq(ids(c.call.remoteParticipants), ['org'], 'c sees the organizer only');
  const orgUpdates = org.main.updates.slice(orgFrom);
  eq([orgUpdates.flatMap((u) => u.added), orgUpdates.flatMap((u) => u.removed).sort()], [[], ['a', 'b']],
     "the organizer's 'remoteParticipantsUpdated'");
  eq(ids(a.call.remoteParticipants), [], 'the held main call lists nobody');
  eq(a.main.updates.slice(aFrom).flatMap((u) => u.removed).sort(), ['b', 'c', 'org'], "a's main call raised it");

  await a.feature.assignedBreakoutRoom.returnToMainMeeting();
  await settle();
  eq(ids(rb.call.remoteParticipants), [], 'b is alone');
  eq(rb.updates.at(-1), { added: [], removed: ['a'] }, "b's update");
  eq(ids(a.call.remoteParticipants), ['c', 'org'], 'a sees the main meeting');
  eq(a.main.updates.at(-1), { added: ['c', 'org'], removed: [] }, "a's main update");
  eq(ids(org.call.remoteParticipants), ['a', 'c'], 'the organizer sees a back');
  eq(org.main.updates.at(-1), { added: ['a'], removed: [] }, "the organizer's update");
  eq(ids(ra.call.remoteParticipants), [], "a's ended breakout call lists nobody");
  eq(ra.updates.at(-1), { added: [], removed: ['b'] }, "a's breakout update");

  await c.call.hangUp();
  await settle();
  eq(org.main.updates.at(-1), { added: [], removed: ['c'] }, 'leaving the meeting');
  eq(ids(c.call.remoteParticipants), [], 'an ended call lists nobody');
});

// SPEC 6.9: calls have the SDK's states and raise 'stateChanged' once per change, so a
// listener that reads `call.state` sees every state in order.
test("calls raise 'stateChanged' once per state", async () => {
  const link = newMeeting();
  const org = await join(link, 'org', 'organizer');
  const agent = await agentFor('a', 'attendee');
  const call = agent.join({ meetingLink: link });
  const initial = call.state;
  ok(['None', 'Connecting'].includes(initial), `a new call is None or Connecting: ${initial}`);
  const main = watch(call);
  const feature = call.feature(Features.BreakoutRooms);
  let room;
  let roomInitial;
  feature.on('breakoutRoomsUpdated', (e) => {
    if (e.type === 'join') {
      roomInitial = e.data.state;
      room = watch(e.data);
    }
  });
  await settle();
  eq(call.state, 'Connected', 'connected');
  eq(main.states.at(-1), 'Connected', "the last 'stateChanged' of joining");
  ok(main.states.every((s) => ['Connecting', 'Connected'].includes(s)), `joining: ${main.states}`);
  const joining = [...main.states];
  let from = main.states.length;

  await call.hold();
  await call.hold();
  eq(call.state, 'LocalHold', 'hold');
  await call.resume();
  await call.resume();
  eq(main.states.slice(from), ['LocalHold', 'Connected'], 'hold and resume (twice each)');
  from = main.states.length;

  await rooms(org, { Red: [{ id: { communicationUserId: 'a' } }] });
  eq(main.states.slice(from), ['LocalHold'], 'moving into a room');
  ok(['None', 'Connecting'].includes(roomInitial), `the breakout call starts None or Connecting: ${roomInitial}`);
  eq(room.states.at(-1), 'Connected', 'the breakout call connects');
  eachAChange(roomInitial, room.states, 'the breakout call connecting');
  from = main.states.length;
  const roomFrom = room.states.length;
  await org.mgmt().closeRooms({ graceSeconds: 0 });
  await settle();
  eq(room.states.slice(roomFrom), ['Disconnecting', 'Disconnected'], 'the room closes');
  eq(main.states.slice(from), ['Connected'], 'back to main');
  from = main.states.length;

  await call.hangUp();
  await settle();
  eq(main.states.slice(from), ['Disconnecting', 'Disconnected'], 'hanging up');
  eq(call.state, 'Disconnected', 'ended');
  eachAChange(initial, joining, 'joining');
  eachAChange(initial, main.states, 'the whole life of the main call');
});

// SPEC 6.9: the state machine as `call.state` shows it, and the calls list.
test('call states through hold, resume and hang-up', async () => {
  const [org, a] = await meeting('org', 'a');
  await a.call.hold();
  eq(a.call.state, 'LocalHold', 'hold');
  await a.call.resume();
  eq(a.call.state, 'Connected', 'resume');
  await rooms(org, { Red: [a] });
  const inRoom = a.breakout().call;
  eq([a.call.state, inRoom.state], ['LocalHold', 'Connected'], 'in a room');
  await a.call.hold();
  eq(a.call.state, 'LocalHold', 'hold while on hold: nothing changes');

  // Hanging up the main call while in a room leaves the meeting: both calls end.
  await a.call.hangUp();
  await settle();
  eq([a.call.state, inRoom.state], ['Disconnected', 'Disconnected'], 'both ended');
  eq(a.states.at(-1), 'Disconnected', "main 'stateChanged'");
  eq(a.breakout().states.at(-1), 'Disconnected', "breakout 'stateChanged'");
  eq(a.agent.calls.length, 0, 'no calls left');
  ok(a.callsUpdated.some((u) => u.removed.includes(a.call)), "'callsUpdated' removes the main call");
  ok(a.callsUpdated.some((u) => u.removed.includes(inRoom)), "'callsUpdated' removes the breakout call");
  eq(ids(org.call.remoteParticipants), [], 'a left the meeting');
  const changes = a.states.length;
  await a.call.hangUp();
  await inRoom.hangUp();
  eq(a.states.length, changes, 'hanging up again resolves and changes nothing');
  await expectRejects(() => a.call.hold(), 500, 46255, 'hold() of an ended call', 'hold');
});

// The same identity is in the meeting once: the newest join takes the place (a reloaded
// page, a second device, an app that joins twice), and the older call ends saying why.
test('the newest join of an identity takes the place of the older one', async () => {
  const [org, a] = await meeting('org', 'a');
  const twin = await agentFor('a', 'attendee');
  const call = twin.join({ meetingLink: org.link });
  await settle();
  eq(call.state, 'Connected', 'the second join is in');
  eq(a.call.state, 'Disconnected', 'the first has ended');
  eq([a.call.callEndReason.code, a.call.callEndReason.subCode], [409, 46915], "the first call's end reason");
  eq(ids(org.call.remoteParticipants), ['a'], 'a once');
  eq(ids(call.remoteParticipants), ['org'], 'the new call lists the others');
  alive('after a replacing join');
});

// SPEC 6.10: `off` with the same function removes it; a throwing listener does not stop the others.
// Changed by SPEC 6.1 (see below).
test('on and off follow the SDK', async () => {
  const [org, a] = await meeting('org', 'a');
  const mgmt = org.mgmt();
  // Changed by SPEC 6.1: the main call's feature raises no settings events any more, so an
  // assignment and an unassignment are what it hears.
  const [green] = await mgmt.createRooms(['Green']);
  const heard = [];
  const f = (e) => heard.push(e.type);
  a.feature.on('breakoutRoomsUpdated', f);
  await mgmt.assignParticipants(green.threadId, [a.id]);
  await settle();
  eq(heard, ['assignedBreakoutRooms'], 'the listener hears the event');
  // Another feature object of the same call: the same listeners.
  a.call.feature(Features.BreakoutRooms).off('breakoutRoomsUpdated', f);
  await mgmt.unassignParticipants([a.id]);
  await settle();
  eq(heard, ['assignedBreakoutRooms'], 'off removed it');
  eq(a.feature.assignedBreakoutRoom, undefined, 'the unassignment did happen');
  a.feature.off('breakoutRoomsUpdated', () => {});
  a.call.off('stateChanged', () => {});
  a.agent.off('callsUpdated', () => {});
  alive('off of a listener that was never added');

  const states = [];
  const g = () => states.push(a.call.state);
  a.call.on('stateChanged', g);
  await a.call.hold();
  a.call.off('stateChanged', g);
  await a.call.resume();
  eq(states, ['LocalHold'], 'call.off');

  const added = [];
  const h = (e) => added.push(e.added.length);
  org.call.on('remoteParticipantsUpdated', h);
  const b = await join(org.link, 'b', 'attendee');
  org.call.off('remoteParticipantsUpdated', h);
  await join(org.link, 'c', 'attendee');
  eq(added, [1], "off('remoteParticipantsUpdated')");

  const calls = [];
  const k = (e) => calls.push(e.added.length);
  a.agent.on('callsUpdated', k);
  a.agent.off('callsUpdated', k);

  // Throwing listeners first, recording ones after: every event still reaches the latter.
  const seen = [];
  a.feature.on('breakoutRoomsUpdated', () => { throw new Error('feature listener fails'); });
  a.feature.on('breakoutRoomsUpdated', (e) => seen.push(e.type));
  a.call.on('stateChanged', () => { throw new TypeError('state listener fails'); });
  a.call.on('stateChanged', () => seen.push(`main:${a.call.state}`));
  a.agent.on('callsUpdated', () => { throw 'not even an Error'; });
  a.agent.on('callsUpdated', (e) => seen.push(`calls+${e.added.length}`));
  org.call.on('remoteParticipantsUpdated', () => { throw new Error('remote listener fails'); });
  org.call.on('remoteParticipantsUpdated', (e) => seen.push(`gone:${ids(e.removed)}`));
  await rooms(org, { Red: [a] });
  eq(calls, [], "agent.off('callsUpdated')");
  for (const expected of ['assignedBreakoutRooms', 'join', 'main:LocalHold', 'calls+1', 'gone:a']) {
    ok(seen.includes(expected), `the listener after a throwing one heard ${expected}: ${JSON.stringify(seen)}`);
  }
  eq(a.breakout().call.state, 'Connected', 'the move completed');
  eq(a.types().slice(-2), ['assignedBreakoutRooms', 'join'], 'the first listener heard everything too');
  alive('after throwing listeners');
  await b.call.hangUp();
});

// SPEC 6.10: listeners may call back into the API without errors or panics.
test('listeners may call back into the API', async () => {
  const [org, a, b, c] = await meeting('org', 'a', 'b', 'c');
  await org.mgmt().updateSettings({ autoMoveParticipantToBreakoutRoom: false });
  const failures = [];
  const caught = (what) => (e) => failures.push(`${what}: ${e && e.message}`);

  // a joins its room from inside the assignment event.
  const joins = [];
  a.feature.on('breakoutRoomsUpdated', (event) => {
    if (event.type === 'assignedBreakoutRooms' && event.data && event.data.state === 'open') {
      joins.push(a.feature.assignedBreakoutRoom.join());
    }
  });
  // The organizer creates a room from inside a 'breakoutRooms' event.
  const created = [];
  org.feature.on('breakoutRoomsUpdated', (event) => {
    if (event.type === 'breakoutRooms' && event.data.length === 1 && created.length === 0) {
      created.push(org.mgmt().createRooms(['Second']));
    }
  });
  // b joins, then from the 'join' event hangs up and resumes, the seed's way.
  b.feature.on('breakoutRoomsUpdated', (event) => {
    if (event.type === 'assignedBreakoutRooms' && event.data && event.data.state === 'open') {
      event.data.join().catch(caught('b join'));
    }
    if (event.type === 'join') {
      event.data.hangUp().catch(caught('b hangUp'));
      b.call.resume().catch(caught('b resume'));
    }
  });
  // c disposes its agent from a 'stateChanged' listener, and reads agent.calls in 'callsUpdated'.
  const seenCalls = [];
  c.agent.on('callsUpdated', () => seenCalls.push(c.agent.calls.length));
  c.feature.on('breakoutRoomsUpdated', (event) => {
    if (event.type === 'assignedBreakoutRooms' && event.data && event.data.state === 'open') {
      event.data.join().catch(caught('c join'));
    }
  });
  c.call.on('stateChanged', () => {
    if (c.call.state === 'LocalHold') c.agent.dispose().catch(caught('c dispose'));
  });
  // A listener that removes itself and adds another while the event is delivered.
  let once = 0;
  const selfRemoving = () => {
    once += 1;
    org.feature.off('breakoutRoomsUpdated', selfRemoving);
    org.feature.on('breakoutRoomsUpdated', () => {});
  };
  org.feature.on('breakoutRoomsUpdated', selfRemoving);

  await rooms(org, { Red: [a, b, c] });
  await sleep(20);
  eq(joins.length, 1, 'a joined from the handler');
  const call = await joins[0];
  eq(call.state, 'Connected', "a's breakout call");
  eq(a.call.state, 'LocalHold', "a's main call");
  eq(created.length, 1, 'one room created from the handler');
  const [second] = await created[0];
  eq(second.displayName, 'Second', 'the created room');
  eq(org.feature.breakoutRooms.map((r) => r.displayName), ['Red', 'Second'], 'both rooms');
  eq(b.breakout().call.state, 'Disconnected', 'b hung up from the handler');
  eq(b.call.state, 'Connected', 'b resumed');
  eq(c.agent.connectionState, 'Disconnected', 'c disposed from a listener');
  eq(c.call.state, 'Disconnected', "c's main call ended");
  ok(seenCalls.length > 0, "c's 'callsUpdated'");
  eq(once, 1, 'the self-removing listener ran once');
  eq(failures, [], 'no call from a listener failed');
  eq(ids(org.call.remoteParticipants), ['b'], 'the organizer sees b in the main meeting');
  alive('after listeners called back in');
});
