// SPEC 6.8 and 8: a place with more people than the cap of listed ones (250 by default,
// `maxVisibleParticipants`) lists the first 250 in `remoteParticipants`, managers first and
// then by arrival, and counts everyone in `totalParticipantCount`; when a listed participant
// leaves, the next one is listed. The listing of a big place is refreshed about once a
// second; a place within the cap lists everyone at once, as always.
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

test('past 250 people a call lists the first 250, managers first, and counts everyone', async () => {
  const LISTED = 250;
  const ATTENDEES = 260;
  const link = newMeeting();
  const org = await join(link, 'org', 'organizer');
  let counted = 0;
  org.call.on('totalParticipantCountChanged', () => counted++);
  /** Waits (at most 5 s) until `check` holds: a big place's listing waits for its refresh. */
  const until = async (check, what) => {
    const deadline = performance.now() + 5_000;
    while (!check()) {
      if (performance.now() > deadline) fail(`${what}: not within 5 s`);
      await sleep(20);
    }
  };
  const attendee = (i) => `attendee-${String(i).padStart(3, '0')}`;
  const range = (from, to) => Array.from({ length: to - from }, (_, k) => attendee(from + k));
  const listedBy = (call) => ids(call.remoteParticipants);

  // Attendees join one batch after another; nobody listens to their rosters.
  const people = [];
  for (let start = 0; start < ATTENDEES; start += 20) {
    const batch = [];
    for (let i = start; i < Math.min(start + 20, ATTENDEES); i++) {
      batch.push((async () => {
        const agent = await agentFor(attendee(i), 'attendee');
        people[i] = agent.join({ meetingLink: link });
      })());
    }
    await Promise.all(batch);
    await settle();
  }
  for (const call of people) eq(call.state, 'Connected', 'every attendee is in');

  await until(() => org.call.totalParticipantCount === ATTENDEES + 1, 'the organizer counts everyone');
  eq(listedBy(org.call), range(0, LISTED - 1), 'the organizer lists the first 249 attendees to come');
  eq(org.main.added(), range(0, LISTED - 1), "'remoteParticipantsUpdated' added exactly those, once each");
  eq(org.main.removed(), [], 'and removed nobody');
  ok(counted >= 2, `'totalParticipantCountChanged' was raised: ${counted}`);
  // A late attendee lists the first 250 (the organizer first); a listed one the others.
  eq(listedBy(people[ATTENDEES - 1]), ['org', ...range(0, LISTED - 1)].sort(), "a late attendee's list");
  eq(people[ATTENDEES - 1].totalParticipantCount, ATTENDEES + 1, "a late attendee's count");
  eq(listedBy(people[5]).length, LISTED - 1, 'a listed attendee lists the others');
  ok(!listedBy(people[5]).includes(attendee(5)), 'but not itself');

  // A breakout room manager arrives late and is listed before the attendees: the last
  // listed attendee makes room.
  const mgr = await join(link, 'mgr', 'breakoutRoomManager');
  await until(() => listedBy(org.call).includes('mgr'), 'the manager is listed');
  eq(listedBy(org.call), ['mgr', ...range(0, LISTED - 2)].sort(), 'the manager in, the last listed attendee out');
  eq(org.call.totalParticipantCount, ATTENDEES + 2, 'counted');
  eq(org.main.updates.at(-1), { added: ['mgr'], removed: [attendee(LISTED - 2)] }, 'in one update');

  // A listed attendee leaves: the next to have come is listed in their place.
  await people[10].hangUp();
  await until(() => org.call.totalParticipantCount === ATTENDEES + 1, 'one fewer counted');
  eq(org.main.updates.at(-1), { added: [attendee(LISTED - 2)], removed: [attendee(10)] }, 'the next is listed');
  eq(listedBy(mgr.call).length, LISTED - 1, 'the manager lists as many');
  ok(!listedBy(mgr.call).includes(attendee(10)), 'and not the one who left');

  // Rooms of about nine people list everyone in them at once, as always.
  const mgmt = org.mgmt();
  await mgmt.createRooms(30);
  await mgmt.assignAutomatically({ seed: 3 });
  await mgmt.openRooms();
  await until(() => people.every((c, i) => i === 10 || c.state === 'LocalHold'), 'everyone moved to a room');
  await settle();
  const roomOf = new Map();
  for (const r of org.feature.breakoutRooms) for (const who of r.invitees) roomOf.set(who.identifier.communicationUserId, r.threadId);
  const last = people[ATTENDEES - 1];
  const breakout = last.feature(Features.BreakoutRooms).assignedBreakoutRoom.call;
  const mates = [...roomOf].filter(([who, room]) => room === roomOf.get(attendee(ATTENDEES - 1)) && who !== attendee(ATTENDEES - 1));
  eq(listedBy(breakout), mates.map(([who]) => who).filter((who) => who !== attendee(10)).sort(), "a room lists everyone in it");
  eq(breakout.totalParticipantCount, listedBy(breakout).length + 1, "and counts them");
  // The main meeting is within the cap again: listed in full, no refresh to wait for.
  eq(listedBy(org.call), ['mgr'], 'the organizer lists who stayed');
  eq(org.call.totalParticipantCount, 2, 'and counts them');
  alive('after a meeting past the cap');
});
