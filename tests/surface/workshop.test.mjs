// SPEC 11: what workshops need, through the public surface as a user writes it: closing
// countdowns, durations, broadcasts, calls for help, visits, grouping rules and rounds.
import { surfaceTests } from './harness.mjs';

/* global api, CallClient, AzureCommunicationTokenCredential, createDevToken, setLogLevel, AzureLogger, Features, settle, sleep, fail, eq, ok, eqFields, checkError, expectError, expectRejects, expectThrows, outcome, alive, eachCase, eachAChange, ids, watch, watchBreakout, newMeeting, agentFor, join, meeting, rooms */

const test = surfaceTests(import.meta.url);

test('closing with a grace period warns the people inside, and a manager extends or cancels it', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Red, Blue } = await rooms(org, { Red: [a], Blue: [b] });
  const mgmt = org.mgmt();
  const warned = { a: [], b: [], org: [] };
  a.feature.on('roomClosing', (e) => warned.a.push(e));
  b.feature.on('roomClosing', (e) => warned.b.push(e));
  const closings = [];
  mgmt.on('closingsUpdated', (list) => closings.push(list));

  const before = Date.now();
  await mgmt.closeRooms([Red.threadId], { graceSeconds: 30 });
  await settle();
  eq(warned.a.length, 1, 'a, inside Red, is warned');
  eq(warned.a[0].threadId, Red.threadId, 'of Red');
  const at = Date.parse(warned.a[0].closesAt);
  ok(at >= before + 30_000 && at <= Date.now() + 30_000, `closesAt is 30 s away: ${warned.a[0].closesAt}`);
  eq(warned.b, [], 'b in Blue hears nothing of Red');
  eq(a.feature.roomClosing, warned.a[0], 'the getter says the same');
  eq(b.feature.roomClosing, undefined, "Blue isn't closing");
  eq(mgmt.closings, [warned.a[0]], 'managers see every room closing');
  eq(closings.at(-1), mgmt.closings, "'closingsUpdated' carries the list");
  eq(Red.state, 'closed', 'the object handed out is a snapshot');
  eq(org.feature.breakoutRooms.find((r) => r.threadId === Red.threadId).state, 'open', 'Red is still open');
  ok(JSON.parse(JSON.stringify(warned.a[0])).closesAt === warned.a[0].closesAt, 'plain data');

  await mgmt.extendClosing(60, { threadIds: [Red.threadId] });
  await settle();
  eq(Date.parse(warned.a.at(-1).closesAt), at + 60_000, 'a minute later');
  await mgmt.cancelClosing({ threadIds: [Red.threadId] });
  await settle();
  eq(warned.a.at(-1), { threadId: Red.threadId }, 'called off: no closesAt');
  eq(a.feature.roomClosing, undefined);
  eq(mgmt.closings, []);
  await expectRejects(() => mgmt.cancelClosing(), 409, 46930, 'nothing left to cancel', 'nothing is closing');

  // A short grace really closes the room, on the page's own clock.
  await mgmt.closeRooms([Blue.threadId], { graceSeconds: 1 });
  await settle();
  eq(b.breakout().call.state, 'Connected', 'still inside during the grace');
  await sleep(1_300);
  eq(org.feature.breakoutRooms.find((r) => r.threadId === Blue.threadId).state, 'closed', 'Blue closed');
  eq(b.breakout().call.state, 'Disconnected', 'b left the room');
  eq(b.call.state, 'Connected', 'b is back in the main meeting');
});

// Issue 13: closeRooms() without graceSeconds warns for the meeting's closingWarningSeconds
// (60 s unless changed); graceSeconds beats it; 0, either way, closes at once.
test('closeRooms() warns the people inside for closingWarningSeconds, then closes them', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Red, Blue } = await rooms(org, { Red: [a], Blue: [b] });
  const mgmt = org.mgmt();
  const warned = { a: [], b: [] };
  a.feature.on('roomClosing', (e) => warned.a.push(e));
  b.feature.on('roomClosing', (e) => warned.b.push(e));
  const lists = [];
  mgmt.on('closingsUpdated', (list) => lists.push(list));
  const state = (room) => org.feature.breakoutRooms.find((r) => r.threadId === room.threadId).state;

  // The default: a minute, like Teams. It resolves once the close is scheduled.
  eq(mgmt.settings.closingWarningSeconds, 60, 'the default warning');
  let asked = Date.now();
  await mgmt.closeRooms();
  await settle();
  eq([state(Red), state(Blue)], ['open', 'open'], 'still open while the people inside are warned');
  eq(a.breakout().call.state, 'Connected', 'a is still inside');
  eq(warned.a.length, 1, "a hears 'roomClosing'");
  const at = Date.parse(warned.a[0].closesAt);
  ok(at >= asked + 60_000 && at <= Date.now() + 60_000, `a minute away: ${warned.a[0].closesAt}`);
  eq(warned.b.map((e) => e.threadId), [Blue.threadId], 'b hears of Blue only');
  eq(mgmt.closings.map((c) => c.threadId), [Red.threadId, Blue.threadId], 'managers see every room closing');
  eq(lists.at(-1), mgmt.closings, "'closingsUpdated' carries the list");

  // openRooms on a closing room calls its close off.
  await mgmt.openRooms([Red.threadId]);
  await settle();
  eq(warned.a.at(-1), { threadId: Red.threadId }, 'opening Red calls its close off');
  eq(mgmt.closings.map((c) => c.threadId), [Blue.threadId], 'Blue is still closing');
  await mgmt.cancelClosing();
  await settle();
  eq(mgmt.closings, [], 'and cancelled');

  // A changed setting: the rooms close after it, on the page's own clock.
  await mgmt.updateSettings({ closingWarningSeconds: 1 });
  eq(mgmt.settings.closingWarningSeconds, 1);
  asked = Date.now();
  await mgmt.closeRooms([Red.threadId]);
  await settle();
  const soon = Date.parse(warned.a.at(-1).closesAt);
  ok(soon >= asked + 1_000 && soon <= Date.now() + 1_000, `a second away: ${warned.a.at(-1).closesAt}`);
  eq(a.breakout().call.state, 'Connected', 'inside during the warning');
  await sleep(Math.max(0, soon - Date.now()) + 300);
  eq(state(Red), 'closed', 'Red closed');
  eq(a.breakout().call.state, 'Disconnected', 'a left the room');
  eq(a.call.state, 'Connected', 'a is back in the main meeting');
  eq(state(Blue), 'open', 'Blue was not named');

  // graceSeconds beats the setting: 0 closes at once, with no warning.
  const before = warned.b.length;
  await mgmt.closeRooms([Blue.threadId], { graceSeconds: 0 });
  await settle();
  eq(state(Blue), 'closed', 'graceSeconds: 0 closes at once');
  eq(b.breakout().call.state, 'Disconnected');
  eq(warned.b.length, before, 'b was not warned');

  // closingWarningSeconds: 0 with no graceSeconds closes at once too.
  await mgmt.openRooms();
  await settle();
  eq([a.breakout().call.state, b.breakout().call.state], ['Connected', 'Connected'], 'both back in their rooms');
  eq(a.feature.roomClosing, undefined, "back in Red: the countdown that ended is not shown again");
  await mgmt.updateSettings({ closingWarningSeconds: 0 });
  await mgmt.closeRooms();
  await settle();
  eq([state(Red), state(Blue)], ['closed', 'closed'], 'closingWarningSeconds: 0 closes at once');
  eq([a.call.state, b.call.state], ['Connected', 'Connected'], 'everyone is back in the main meeting');
  eq(mgmt.closings, [], 'nothing was ever closing');
  alive('after the closes');
});

test('the end time warns closingWarningSeconds before, and a duration starts when rooms open', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red } = await rooms(org, { Red: [a] }, { open: false });
  const mgmt = org.mgmt();
  eq(mgmt.settings.closingWarningSeconds, 60, 'Teams-like default');
  await mgmt.updateSettings({ roomDurationSeconds: 600 });
  eq(mgmt.settings.roomDurationSeconds, 600);
  eq(mgmt.settings.roomEndTime, undefined, 'nothing open, nothing running');
  const opened = Date.now();
  await mgmt.openRooms();
  await settle();
  const end = Date.parse(mgmt.settings.roomEndTime);
  ok(end >= opened + 600_000 && end <= Date.now() + 600_000, `ten minutes from the opening: ${mgmt.settings.roomEndTime}`);
  eq(a.breakout().feature.breakoutRoomsSettings.roomEndTime, mgmt.settings.roomEndTime, 'the people inside see it');
  await mgmt.closeRooms({ graceSeconds: 0 });
  eq(mgmt.settings.roomEndTime, undefined, 'closing them clears it');
  await mgmt.updateSettings({ roomDurationSeconds: null });
  eq(mgmt.settings.roomDurationSeconds, undefined, 'null clears the duration');
  await expectRejects(() => mgmt.updateSettings({ roomDurationSeconds: 60, roomEndTime: Date.now() + 60_000 }),
    400, 46908, 'both at once', 'roomDurationSeconds');

  // An end time inside the warning window warns at once; the setting sets the window.
  await mgmt.openRooms();
  await settle();
  const warned = [];
  a.feature.on('roomClosing', (e) => warned.push(e));
  await mgmt.updateSettings({ closingWarningSeconds: 2, roomEndTime: Date.now() + 3_000 });
  await settle();
  eq(warned, [], 'not yet: three seconds left, two of warning');
  await sleep(1_300);
  eq(warned.length, 1, 'warned two seconds before');
  eq(warned[0].threadId, Red.threadId);
  eq(warned[0].closesAt, mgmt.settings.roomEndTime, 'at the end time');
  await sleep(2_000);
  eq(a.breakout().call.state, 'Disconnected', 'the room closed at the end time');
});

test('a broadcast reaches the rooms it is sent to, with sender, text and time', async () => {
  const [org, a, b, c] = await meeting('org', 'a', 'b', 'c');
  const { Red } = await rooms(org, { Red: [a], Blue: [b] });
  const heard = new Map([org, a, b, c].map((p) => [p.userId, []]));
  for (const p of [org, a, b, c]) p.feature.on('broadcastReceived', (e) => heard.get(p.userId).push(e));
  const mgmt = org.mgmt();
  await mgmt.broadcast('  Five minutes left  ');
  await settle();
  const [got] = heard.get('a');
  eqFields(got, { sender: { identifier: { communicationUserId: 'org' }, displayName: 'org' }, text: 'Five minutes left' },
    'a broadcast as a participant sees it');
  ok(Math.abs(Date.parse(got.sentAt) - Date.now()) < 5_000, `sentAt is now: ${got.sentAt}`);
  eq(heard.get('b').length, 1, 'every room by default');
  eq(heard.get('c'), [], 'c in the main meeting is not in a room');
  eq(heard.get('org'), [], 'nor is the organizer');
  await mgmt.broadcast('Red, wrap up', { threadIds: [Red.threadId], mainMeeting: true });
  await settle();
  eq(heard.get('a').map((e) => e.text), ['Five minutes left', 'Red, wrap up']);
  eq(heard.get('b').map((e) => e.text), ['Five minutes left'], 'Blue was not asked');
  eq(heard.get('c').map((e) => e.text), ['Red, wrap up'], 'the main meeting was');
  // Limited: at most 10 a minute per manager.
  for (let i = 0; i < 8; i++) await mgmt.broadcast(`note ${i}`);
  await expectRejects(() => mgmt.broadcast('one too many'), 429, 46931, 'the eleventh in a minute', 'a minute');
  await expectRejects(() => mgmt.broadcast('x'.repeat(501)), 413, 46905, 'too long', 'characters in a broadcast');
  await expectRejects(() => a.mgmt().broadcast('hi'), 403, 46900, 'attendees do not broadcast');
});

test('a call for help reaches the managers, and the asker hears it acknowledged and over', async () => {
  const [org, a, b] = await meeting('org', 'a', 'b');
  const { Red } = await rooms(org, { Red: [a, b] });
  const mgmt = org.mgmt();
  const queue = [];
  mgmt.on('helpRequestsUpdated', (list) => queue.push(list));
  const mine = [];
  a.feature.on('helpRequestUpdated', (e) => mine.push(e));
  const theirs = [];
  b.feature.on('helpRequestUpdated', (e) => theirs.push(e));

  await a.feature.requestHelp();
  await a.feature.requestHelp(); // the same request
  await settle();
  eq(queue.length, 1, 'asking twice is one request');
  eqFields(mgmt.helpRequests, [{ threadId: Red.threadId, askers: [{ communicationUserId: 'a' }] }], 'who and where');
  ok(!Number.isNaN(Date.parse(mgmt.helpRequests[0].requestedAt)), 'when');
  eq(mine, [{ threadId: Red.threadId, state: 'pending' }], 'the asker sees it pending');
  eq(a.feature.helpRequest, mine[0]);
  eq(theirs, [], 'b, in the same room, did not ask');
  eq(b.feature.helpRequest, undefined);

  await mgmt.acknowledgeHelp(Red.threadId);
  await settle();
  eqFields(mine.at(-1), { threadId: Red.threadId, state: 'acknowledged', acknowledgedBy: { communicationUserId: 'org' } },
    'the asker hears who is coming');
  eq(mgmt.helpRequests[0].acknowledgedBy.communicationUserId, 'org');
  await mgmt.closeRooms([Red.threadId], { graceSeconds: 0 });
  await settle();
  eq(mine.at(-1), { threadId: Red.threadId, state: 'cleared' }, 'the room closed: over');
  eq(mgmt.helpRequests, [], 'the queue is empty');
  await expectRejects(() => a.feature.requestHelp(), 412, 46932, 'from the main meeting', 'breakout room');
  await expectRejects(() => mgmt.acknowledgeHelp(Red.threadId), 404, 46933, 'nobody asked', Red.threadId);
});

test('a manager visits a room without being assigned, and comes back', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red } = await rooms(org, { Red: [a] });
  await org.mgmt().updateSettings({ disableReturnToMainMeeting: true });
  const call = await org.mgmt().visitRoom(Red.threadId);
  eq(call.state, 'Connected', 'resolves with the connected breakout call');
  eq(call.info.threadId, Red.threadId);
  eq(org.call.state, 'LocalHold', 'the main call waits');
  eq(ids(call.remoteParticipants), ['a']);
  await settle();
  eq(ids(a.breakout().call.remoteParticipants), ['org'], 'a sees the visitor');
  eq(org.feature.breakoutRooms.find((r) => r.threadId === Red.threadId).invitees.length, 1, 'not an invitee');
  await expectRejects(() => a.feature.assignedBreakoutRoom.returnToMainMeeting(), 403, 46907, 'a may not leave');
  await org.call.resume(); // a visitor may
  await settle();
  eq(call.state, 'Disconnected', 'the visit is over');
  eq(org.call.state, 'Connected');
  eq(a.breakout().call.remoteParticipants.length, 0);
  await expectRejects(() => a.mgmt().visitRoom(Red.threadId), 403, 46900, 'attendees do not visit');
});

test('grouping rules: people per room, kept apart, new rounds without repeats, and a report', async () => {
  const uids = (list) => list.map((id) => id.communicationUserId).sort();
  const names = ['org', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
  const [org, ...people] = await meeting(...names);
  const mgmt = org.mgmt();
  const rounds = [];
  mgmt.on('roundsUpdated', (list) => rounds.push(list));
  const report = await mgmt.assignAutomatically({ seed: 3, perRoom: 2, apart: [[people[0].id, people[1].id]] });
  eq(report.violations, [], 'every rule met');
  eq(report.repeatedPairs, 0);
  eq(report.rooms.map((r) => r.displayName), ['Room 1', 'Room 2', 'Room 3'], 'rooms made as needed');
  const split = org.feature.breakoutRooms.map((r) => ids(r.invitees));
  eq(split.map((s) => s.length), [2, 2, 2], 'two per room');
  ok(!split.some((s) => s.includes('p1') && s.includes('p2')), `p1 and p2 apart: ${JSON.stringify(split)}`);
  eq(mgmt.rounds.length, 1, 'round 1');
  eq(mgmt.rounds[0].endedAt, undefined, 'running');
  eq(mgmt.rounds[0].groups.map((g) => uids(g.members)), split, 'its groups are the rooms');

  // A new round without repeats: everyone meets someone new.
  await mgmt.recreateRooms(3);
  const next = await mgmt.assignAutomatically({ seed: 4, avoidRepeats: true });
  eq(next.repeatedPairs, 0, 'no pair repeats');
  const again = org.feature.breakoutRooms.map((r) => ids(r.invitees));
  for (const pair of split) ok(!again.some((s) => pair.every((p) => s.includes(p))), `${pair} met again`);
  const history = mgmt.rounds;
  eq(history.length, 2, 'two rounds');
  eq(history[0].groups.map((g) => uids(g.members)), split, 'round 1 kept as it ended');
  ok(history[0].endedAt && history[1].endedAt === undefined, 'ended, and running');
  eq(rounds.at(-1).length, 2, "'roundsUpdated' carries the history");
  ok(JSON.stringify(history).includes('p1'), 'plain data');

  // Rules that cannot all be met: the best assignment, and what was broken.
  await mgmt.recreateRooms(2);
  const broken = await mgmt.assignAutomatically({
    seed: 5,
    perRoom: 3,
    together: [people.slice(0, 4).map((p) => p.id)],
  });
  eq(broken.violations.length, 1, 'four together do not fit in rooms of three');
  eq(broken.violations[0].rule, 'together');
  eq(uids(broken.violations[0].participants), ['p1', 'p2', 'p3', 'p4']);
  eq(broken.violations[0].threadIds.length, 2, 'split over two rooms');
  // Attendees never see rounds or other rooms.
  eq(people[0].mgmt().rounds, [], 'an attendee holds no rounds');
  eq(people[0].feature.breakoutRooms, undefined);
});

// Bad input to the workshop methods rejects with 400/46908 (or the engine's own code) naming
// the field, changes nothing, and the API still works after each.
test('workshop methods reject bad input naming the field, and keep working', async () => {
  const [org, a] = await meeting('org', 'a');
  const { Red } = await rooms(org, { Red: [a] });
  const mgmt = org.mgmt();
  const t = Red.threadId;
  const cases = [
    ['closeRooms', [[t], { graceSeconds: -1 }], 'options.graceSeconds'],
    ['closeRooms', [[t], { graceSeconds: 2 ** 33 }], 'options.graceSeconds'],
    ['closeRooms', [[t], { graceSeconds: 'soon' }], 'options.graceSeconds'],
    ['closeRooms', [{ graceSeconds: 86_401 }], 'graceSeconds', [400, 46908]],
    ['openRooms', [{ graceSeconds: 5 }], 'options.graceSeconds'],
    ['extendClosing', ['x'], 'seconds'],
    ['extendClosing', [60, { threadIds: t }], 'options.threadIds'],
    ['extendClosing', [60, { thread: [t] }], 'options.thread'],
    ['extendClosing', [0], 'seconds', [400, 46908]],
    ['cancelClosing', [{ threadIds: [5] }], 'options.threadIds[0]'],
    ['cancelClosing', ['all'], 'options'],
    ['broadcast', [5], 'text'],
    ['broadcast', ['  '], 'text', [400, 46908]],
    ['broadcast', ['hi', { threadIds: 'Red' }], 'options.threadIds'],
    ['broadcast', ['hi', { mainMeeting: 'yes' }], 'options.mainMeeting'],
    ['broadcast', ['hi', { expectedRevision: 1 }], 'options.expectedRevision'],
    ['broadcast', ['hi', { threadIds: ['19:nowhere'] }], '19:nowhere', [404, 46902]],
    ['acknowledgeHelp', [5], 'threadId'],
    ['visitRoom', [null], 'threadId'],
    ['visitRoom', ['19:nowhere'], '19:nowhere', [404, 46902]],
    ['assignAutomatically', [{ perRoom: 1.5 }], 'options.perRoom'],
    ['assignAutomatically', [{ rooms: -2 }], 'options.rooms'],
    ['assignAutomatically', [{ together: 'a' }], 'options.together'],
    ['assignAutomatically', [{ together: [['a']] }], 'options.together[0][0]'],
    ['assignAutomatically', [{ apart: [[a.id, {}]] }], 'options.apart[0][1]'],
    ['assignAutomatically', [{ avoidRepeats: 'yes' }], 'options.avoidRepeats'],
    ['assignAutomatically', [{ avoidRepeat: true }], 'options.avoidRepeat'],
    ['assignAutomatically', [{ rooms: 2, perRoom: 2 }], 'perRoom', [400, 46908]],
    ['assignAutomatically', [{ together: [[a.id]] }], 'together[0]', [400, 46908]],
    ['assignAutomatically', [{ apart: [[a.id, { communicationUserId: 'ghost' }]] }], 'ghost', [404, 46903]],
    ['updateSettings', [{ closingWarningSeconds: -1 }], 'closingWarningSeconds'],
    ['updateSettings', [{ closingWarningSeconds: 4_000 }], 'closingWarningSeconds', [400, 46908]],
    ['updateSettings', [{ roomDurationSeconds: 'ten' }], 'roomDurationSeconds'],
    ['updateSettings', [{ roomDurationSeconds: 0 }], 'roomDurationSeconds', [400, 46908]],
  ];
  await eachCase(cases, async ([method, args, field, [code, subCode] = [400, 46908]], i) => {
    const what = `${method}(${args.map((x) => JSON.stringify(x)).join(', ')})`;
    const revision = mgmt.revision;
    let problem;
    try {
      await expectRejects(() => mgmt[method](...args), code, subCode, what, field);
    } catch (e) {
      problem = e;
    }
    alive(what);
    await settle();
    eq(mgmt.revision, revision, `${what} changed nothing`);
    await mgmt.renameRoom(t, `Red ${i}`);
    eq(mgmt.revision, revision + 1, `a valid call after ${what}`);
    if (problem) throw problem;
  });
  eq(mgmt.closings, [], 'nothing is closing');
  eq(org.feature.breakoutRooms.length, 1, 'no room was made');
  eq(mgmt.settings.closingWarningSeconds, 60, 'settings untouched');
  alive('after everything');
});
