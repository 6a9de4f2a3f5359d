// SPEC 8 / issue 8: a meeting at its participant limit in one page. 10,000 people (the
// default `maxParticipants`, which counts everyone the meeting knows: the organizer and
// 9,999 attendees) join one in-page meeting through the public API, each with their own
// CallAgent, awaited in batches as a page would; then the API still works at that size:
// the organizer lists the first 250 people (the default `maxVisibleParticipants`) and
// counts everyone, 1,000 rooms are created, everyone is assigned automatically and moved
// in, and one more join is refused cleanly (413/46905), not with a wasm trap.
//
// Run alone: `node --test tests/surface/scale.test.mjs` (about 4 s on 2 cores).
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

test('10,000 in one meeting: everyone joins, is assigned to 1,000 rooms and moved in; one more is refused', async () => {
  const PEOPLE = 10_000; // the default limit: the organizer + 9,999 attendees
  const ATTENDEES = PEOPLE - 1;
  const ROOMS = 1_000;
  const BATCH = 500; // joins awaited together, as a page joining many agents would
  const SAMPLE = 300; // attendees whose calls and events are checked one by one
  const link = newMeeting();
  const client = new CallClient();
  const agentOf = (userId, role) =>
    client.createCallAgent(
      new AzureCommunicationTokenCredential(createDevToken({ userId, displayName: userId, role })),
      { displayName: userId },
    );
  /** Resolves when the call is Connected; fails if it ends first. */
  const connected = (call) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (call.state === 'Connected') {
          call.off('stateChanged', check);
          resolve(call);
        } else if (call.state === 'Disconnected') {
          call.off('stateChanged', check);
          reject(new Error(`call ${call.id} ended: ${JSON.stringify(call.callEndReason)}`));
        }
      };
      call.on('stateChanged', check);
      check();
    });

  // The organizer watches the roster from the start: each join up to the cap of listed
  // people reaches it as one delta; past the cap only the head count changes, refreshed
  // about once a second.
  const LISTED = 250; // the default maxVisibleParticipants: the organizer and 249 attendees
  const orgAgent = await agentOf('org', 'organizer');
  const orgCall = orgAgent.join({ meetingLink: link });
  await connected(orgCall);
  let added = 0;
  let removed = 0;
  let counted = 0;
  let updates = 0;
  orgCall.on('remoteParticipantsUpdated', (e) => {
    updates++;
    added += e.added.length;
    removed += e.removed.length;
  });
  orgCall.on('totalParticipantCountChanged', () => counted++);
  /** Waits (at most 5 s) until `check` holds: a listing past the cap waits for its refresh. */
  const until = async (check, what) => {
    const deadline = performance.now() + 5_000;
    while (!check()) {
      if (performance.now() > deadline) fail(what);
      await sleep(20);
    }
  };
  const started = performance.now();

  const people = new Array(ATTENDEES);
  for (let start = 0; start < ATTENDEES; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(start + BATCH, ATTENDEES); i++) {
      batch.push(
        (async () => {
          const agent = await agentOf(`attendee-${i}`, 'attendee');
          const call = agent.join({ meetingLink: link });
          people[i] = { agent, call, feature: call.feature(Features.BreakoutRooms) };
          await connected(call);
        })(),
      );
    }
    await Promise.all(batch);
  }
  await settle();
  await until(() => orgCall.totalParticipantCount === PEOPLE, `the organizer counts ${PEOPLE}: ${orgCall.totalParticipantCount}`);
  const seconds = (performance.now() - started) / 1000;

  eq(orgCall.remoteParticipants.length, LISTED - 1, "the organizer's remote participants: the first listed");
  eq([added, removed], [LISTED - 1, 0], "'remoteParticipantsUpdated' added the listed attendees, once, and removed nobody");
  ok(counted >= 1 && counted <= updates + Math.ceil(seconds) + 2,
     `'totalParticipantCountChanged' with each update of the listed, then about once a second: ${counted} (${updates} updates) in ${seconds.toFixed(1)} s`);
  const seen = new Set(orgCall.remoteParticipants.map((p) => p.identifier.communicationUserId));
  eq(seen.size, LISTED - 1, 'the remote participants are distinct');
  ok(seen.has('attendee-0') && seen.has(`attendee-${LISTED - 2}`) && !seen.has(`attendee-${LISTED - 1}`),
     'the first attendees to arrive are listed, the next are not');
  // Every stride-th attendee, spread over the whole meeting.
  const stride = Math.floor(ATTENDEES / SAMPLE);
  const sample = Array.from({ length: SAMPLE }, (_, k) => people[k * stride]);
  sample.push(people[ATTENDEES - 1]);
  for (const p of sample) eq(p.call.state, 'Connected', 'a sampled attendee is connected');
  // An attendee reads its own roster (it was never watched until now): the listed people
  // but itself, if it is one of them; every one of them if not. Each counts everyone.
  eq(people[1].call.remoteParticipants.length, LISTED - 1, "a listed attendee's remote participants");
  eq(sample.at(-1).call.remoteParticipants.length, LISTED, "a late attendee's remote participants");
  eq(sample.at(-1).call.totalParticipantCount, PEOPLE, "a late attendee's totalParticipantCount");

  // The sampled attendees record their events from here on.
  for (const p of sample) {
    p.events = [];
    p.feature.on('breakoutRoomsUpdated', (e) => p.events.push(e));
  }

  const mgmt = orgCall.feature(Features.BreakoutRoomsManagement);
  const created = await mgmt.createRooms(ROOMS);
  eq(created.length, ROOMS, 'rooms created');
  await mgmt.assignAutomatically({ seed: 8 });
  await settle();
  const org = orgCall.feature(Features.BreakoutRooms);
  eq(org.breakoutRooms.length, ROOMS, "the organizer's room list");
  const sizes = org.breakoutRooms.map((r) => r.invitees.length);
  eq(sizes.reduce((a, b) => a + b, 0), ATTENDEES, 'every attendee is invited to a room');
  ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `rooms are balanced: ${Math.min(...sizes)}-${Math.max(...sizes)}`);
  const roomOf = new Map();
  for (const r of org.breakoutRooms) for (const who of r.invitees) roomOf.set(who.identifier.communicationUserId, r.threadId);
  eq(roomOf.size, ATTENDEES, 'each attendee in exactly one room');
  ok(!roomOf.has('org'), 'the organizer is not assigned');
  for (const p of sample) {
    const id = p.call.info.participantId;
    eq(p.feature.assignedBreakoutRoom?.threadId, roomOf.get(id), `${id}: assignedBreakoutRoom`);
    eq(p.feature.assignedBreakoutRoom.state, 'closed', `${id}: the room is closed yet`);
  }

  await mgmt.openRooms();
  // Each sampled attendee moves into its room by itself: one 'join', its call Connected.
  const deadline = performance.now() + 10_000;
  while (!sample.every((p) => p.events.some((e) => e.type === 'join') && p.events.findLast((e) => e.type === 'join').data.state === 'Connected')) {
    if (performance.now() > deadline) fail('the sampled attendees did not all get a Connected breakout call');
    await sleep(10);
  }
  for (const p of sample) {
    const id = p.call.info.participantId;
    const joins = p.events.filter((e) => e.type === 'join');
    eq(joins.length, 1, `${id}: one 'join'`);
    const breakout = joins[0].data;
    eq(breakout.info.threadId, roomOf.get(id), `${id}: the breakout call is its room's`);
    eq(p.feature.assignedBreakoutRoom.state, 'open', `${id}: its room is open`);
    ok(p.feature.assignedBreakoutRoom.call === breakout, `${id}: assignedBreakoutRoom.call is the breakout call`);
    eq(p.call.state, 'LocalHold', `${id}: the main call is on hold`);
    ok(p.agent.calls.includes(breakout), `${id}: the agent lists the breakout call`);
  }
  // A breakout call's roster is its room's: the people assigned with it (9 or 10 in all).
  const mates = sample[0].events.find((e) => e.type === 'join').data.remoteParticipants;
  const room = roomOf.get(sample[0].call.info.participantId);
  eq(ids(mates), [...roomOf].filter(([who, r]) => r === room && who !== sample[0].call.info.participantId).map(([who]) => who).sort(),
     "the breakout call's remote participants are the room's");
  eq(orgCall.remoteParticipants.length, 0, "the organizer's main call is empty now");

  // The meeting is full: one more is refused cleanly. The engine admits the join
  // (`join` returns a call, Connecting) and the meeting refuses it: the call ends with
  // 413/46905 as its callEndReason, and the agent drops it.
  const extra = await agentOf('one-too-many', 'attendee');
  const callsUpdated = [];
  extra.on('callsUpdated', (e) => callsUpdated.push([e.added.length, e.removed.length]));
  const refused = extra.join({ meetingLink: link });
  const states = [refused.state];
  refused.on('stateChanged', () => states.push(refused.state));
  const ended = await connected(refused).then(
    () => 'connected',
    () => 'ended',
  );
  eq(ended, 'ended', 'a join past the limit of 10,000 participants is not admitted');
  eq([states[0], states.at(-1)], ['Connecting', 'Disconnected'], "the refused call's first and last states");
  ok(!states.includes('Connected'), `the refused call was never Connected: ${states}`);
  eqFields(refused.callEndReason, { code: 413, subCode: 46905 }, "the refused call's callEndReason");
  ok(/10000 participants per meeting/.test(refused.callEndReason.message),
     `the reason names the limit: ${refused.callEndReason.message}`);
  eq(callsUpdated, [[1, 0], [0, 1]], "'callsUpdated' adds the call, then removes it");
  eq(extra.calls.length, 0, 'the refused agent has no call');
  alive('after the refused join');
  eq(orgCall.remoteParticipants.length, 0, 'the refused participant is not in the meeting');

  // The API still works at this size: bring everyone back.
  await mgmt.closeRooms({ graceSeconds: 0 });
  const back = performance.now() + 10_000;
  while (!sample.every((p) => p.call.state === 'Connected')) {
    if (performance.now() > back) fail('the sampled attendees are not all back in the main meeting');
    await sleep(10);
  }
  await until(() => orgCall.totalParticipantCount === PEOPLE, 'everyone is counted back with the organizer');
  eq(orgCall.remoteParticipants.length, LISTED - 1, 'the first are listed back with the organizer');
  for (const p of sample) eq(p.feature.assignedBreakoutRoom.state, 'closed', 'the assigned room is closed');
});
