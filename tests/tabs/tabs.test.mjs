// Meetings across tabs (SPEC 9), in headless Chromium: several pages of one browser context,
// each joining the same meeting with `new CallClient({ transport: 'broadcastChannel' })`,
// exactly as an app does (tests/tabs/harness.mjs). One tab hosts (elected with Web Locks);
// when it closes or its renderer crashes, another takes over from the last snapshot and
// every call goes on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { inTab, openBrowser, workshop as startWorkshop } from './harness.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(() => browser?.close());
const workshop = () => startWorkshop(browser);

test('an organizer tab and two attendee tabs run a whole breakout flow', async () => {
  const { org, ann, bob } = await workshop();
  for (const tab of [ann, bob]) {
    assert.deepEqual(await inTab(tab, () => window.tab.remoteNames()), ['ann', 'bob', 'org'].filter((n) => n !== tab.userId));
  }
  await inTab(org, () => window.tab.mgmt().openRooms());
  for (const [tab, room] of [[ann, 'Red'], [bob, 'Blue']]) {
    await inTab(tab, () => window.tab.until(() => window.tab.feature.assignedBreakoutRooms?.call?.state === 'Connected', 'in the room'));
    assert.deepEqual(await inTab(tab, () => window.tab.breakoutState()), { room, state: 'open', call: 'Connected', main: 'LocalHold' });
  }
  // Ann leaves early, then the organizer closes the rooms: Bob, inside, is warned across
  // tabs for the meeting's closingWarningSeconds (1 s here), then brought back.
  await inTab(ann, () => window.tab.feature.assignedBreakoutRooms.returnToMainMeeting());
  assert.equal(await inTab(ann, () => window.tab.call.state), 'Connected');
  await inTab(org, () => window.tab.mgmt().updateSettings({ closingWarningSeconds: 1 }));
  await inTab(org, () => window.tab.mgmt().closeRooms());
  await inTab(bob, () => window.tab.until(() => window.tab.feature.roomClosing?.closesAt, "'roomClosing'"));
  assert.equal(await inTab(bob, () => window.tab.call.state), 'LocalHold', 'still in the room while warned');
  assert.equal(await inTab(ann, () => window.tab.feature.roomClosing), undefined, 'Ann, in the main meeting, is not');
  await inTab(bob, () => window.tab.until(() => window.tab.call.state === 'Connected', 'back in the main meeting'));
  assert.deepEqual(await inTab(bob, () => window.tab.seen.filter((s) => s.startsWith('breakout:'))), [
    'breakout:Connected',
    'breakout:Disconnecting',
    'breakout:Disconnected',
  ]);
  for (const tab of [org, ann, bob]) {
    assert.deepEqual(tab.errors, [], `${tab.userId}'s page had no errors`);
    await tab.page.close();
  }
});

async function failover(kill) {
  const { org, ann, bob } = await workshop();
  await inTab(org, () => window.tab.mgmt().openRooms());
  for (const tab of [ann, bob]) {
    await inTab(tab, () => window.tab.until(() => window.tab.feature.assignedBreakoutRooms?.call?.state === 'Connected', 'in the room'));
  }
  const before = await inTab(bob, () => window.tab.seen.length);
  // The organizer's tab hosts (it was first). It goes away.
  const gone = Date.now();
  await kill(org);
  // Ann's tab (or Bob's) takes over; Ann can act at once: she leaves her room.
  await inTab(ann, () => window.tab.feature.assignedBreakoutRooms.returnToMainMeeting());
  const tookMs = Date.now() - gone;
  assert.equal(await inTab(ann, () => window.tab.call.state), 'Connected');
  // Bob's call never ended, and nothing but news of who left was raised.
  assert.deepEqual(await inTab(bob, () => window.tab.breakoutState()), { room: 'Blue', state: 'open', call: 'Connected', main: 'LocalHold' });
  assert.deepEqual(await inTab(bob, (n) => window.tab.seen.slice(n), before), []);
  for (const tab of [ann, bob]) {
    assert.deepEqual(tab.errors, []);
    await tab.page.close();
  }
  return tookMs;
}

test('the host tab closes mid-meeting: another takes over and every call goes on', async () => {
  const ms = await failover((org) => org.page.close());
  console.log(`# failover after close: ${ms} ms until the next operation completed`);
});

test("the host tab's renderer crashes: another takes over and every call goes on", async () => {
  const ms = await failover(async (org) => {
    await org.page.goto('chrome://crash').catch(() => {});
  });
  console.log(`# failover after crash: ${ms} ms until the next operation completed`);
});

test('a tab that closes takes its people out of the meeting at once, not after the grace period', async () => {
  const { org, ann, bob } = await workshop();
  await bob.page.close();
  const started = Date.now();
  await inTab(ann, () => window.tab.until(() => !window.tab.remoteNames().includes('bob'), 'bob leaves', 5000));
  await inTab(org, () => window.tab.until(() => !window.tab.remoteNames().includes('bob'), 'bob leaves', 5000));
  console.log(`# a closed tab's participant left the others' lists in ${Date.now() - started} ms`);
  // The host's own tab: its organizer leaves too, and the meeting goes on in another tab.
  await org.page.close();
  await inTab(ann, () => window.tab.until(() => window.tab.remoteNames().length === 0, 'org leaves', 5000));
  assert.equal(await inTab(ann, () => window.tab.call.state), 'Connected');
  assert.deepEqual(ann.errors, []);
  await ann.page.close();
});

test('the same person in a second tab takes the place of the first, which is told why', async () => {
  const { link, org, ann, bob } = await workshop();
  await inTab(org, () => window.tab.mgmt().openRooms());
  await inTab(ann, () => window.tab.until(() => window.tab.feature.assignedBreakoutRooms?.call?.state === 'Connected', 'in the room'));
  // Ann opens the meeting again in another tab (or reloads before the old tab is seen gone).
  const again = await browser.openTab(link, 'ann', 'attendee');
  await inTab(ann, () => window.tab.until(() => window.tab.call.state === 'Disconnected', 'the old tab ends'));
  const old = await inTab(ann, () => ({
    reason: [window.tab.call.callEndReason?.code, window.tab.call.callEndReason?.subCode],
    breakout: window.tab.feature.assignedBreakoutRooms?.call?.state ?? 'none',
  }));
  assert.deepEqual(old.reason, [409, 46915]);
  assert.notEqual(old.breakout, 'Connected');
  // The new tab starts in the main meeting with the assignment kept, so it moves to Red.
  await inTab(again, () => window.tab.until(() => window.tab.feature.assignedBreakoutRooms?.call?.state === 'Connected', 'in the room'));
  assert.deepEqual(await inTab(again, () => window.tab.breakoutState()), { room: 'Red', state: 'open', call: 'Connected', main: 'LocalHold' });
  for (const tab of [org, ann, bob, again]) {
    assert.deepEqual(tab.errors, []);
    await tab.page.close();
  }
});

test('a message from the wrong tab gets a typed error to that sender only', async () => {
  const { link, org, ann, bob } = await workshop();
  // A script in a fourth tab writes to the meeting's channel directly.
  const rogue = await browser.context.newPage();
  await rogue.goto(`${browser.server.url}/index.html`);
  const replies = await rogue.evaluate(async (key) => {
    const channel = new BroadcastChannel(`breakout-rooms:meetingLink:${key}`);
    const heard = [];
    channel.onmessage = (e) => heard.push(e.data);
    const from = 7 * 2 ** 16 + 1;
    const join = (participant) => ({ kind: 'toHost', v: 1, from, message: { type: 'join', participant, displayName: 'x', role: 'organizer' } });
    channel.postMessage('garbage');
    channel.postMessage({ kind: 'toHost', v: 1, from, message: { type: 'nonsense' } });
    channel.postMessage({ kind: 'toHost', v: 9, from, message: { type: 'leave' } });
    channel.postMessage({ ...join({ communicationUserId: 'ann' }), message: { ...join({ communicationUserId: 'ann' }).message, resume: true } });
    await new Promise((r) => setTimeout(r, 300));
    // Eve joins as an attendee, then claims to be an organizer on resuming, and tries to
    // manage: the role is the host's, not the message's.
    const eve = 8 * 2 ** 16 + 1;
    const as = (from, message) => channel.postMessage({ kind: 'toHost', v: 1, from, message });
    as(eve, { type: 'join', participant: { communicationUserId: 'eve' }, displayName: 'Eve', role: 'attendee' });
    await new Promise((r) => setTimeout(r, 100));
    as(eve, { type: 'join', participant: { communicationUserId: 'eve' }, displayName: 'Eve', role: 'organizer', resume: true });
    as(eve, { type: 'manage', request: 1, command: { op: 'createRooms', rooms: 1 } });
    await new Promise((r) => setTimeout(r, 300));
    channel.close();
    const to = (peer) => heard.filter((m) => m.kind === 'toClient' && m.to === peer).map((m) => m.message);
    return { rogue: to(from), eve: to(eve) };
  }, link);
  assert.deepEqual(replies.rogue.map((m) => m.type), ['rejected', 'rejected', 'rejected']);
  assert.match(replies.rogue[0].error.reason, /malformed/);
  assert.match(replies.rogue[1].error.reason, /version 9/);
  assert.match(replies.rogue[2].error.reason, /another tab/);
  const welcomes = replies.eve.filter((m) => m.type === 'welcome');
  assert.deepEqual(welcomes.map((m) => m.role), ['attendee', 'attendee']);
  const reply = replies.eve.find((m) => m.type === 'reply');
  assert.equal(reply?.reply.outcome, 'err');
  assert.equal(reply.reply.error, 'notAManager');
  // Everyone else is unaffected, and the meeting works.
  await inTab(org, () => window.tab.mgmt().openRooms());
  await inTab(ann, () => window.tab.until(() => window.tab.feature.assignedBreakoutRooms?.call?.state === 'Connected', 'in the room'));
  for (const tab of [org, ann, bob]) {
    assert.deepEqual(tab.errors, []);
    assert.ok(!(await inTab(tab, () => window.tab.seen.some((s) => s.startsWith('connection:')))));
    await tab.page.close();
  }
  await rogue.close();
});

test('an unknown transport is a clear error', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${browser.server.url}/index.html`);
  const messages = await page.evaluate(async () => {
    const { CallClient } = await import('breakout-rooms');
    return ['carrierPigeon', 'http://example.com', 42, 'ws://x/?a=1'].map((transport) => {
      try {
        new CallClient({ transport });
        return 'accepted';
      } catch (e) {
        return `${e.code}/${e.subCode} ${e.message}`;
      }
    });
  });
  assert.match(messages[0], /^400\/46908 .*options\.transport.*"carrierPigeon"/);
  assert.match(messages[1], /http:/);
  assert.match(messages[2], /42/);
  assert.match(messages[3], /query/);
  await page.close();
});
