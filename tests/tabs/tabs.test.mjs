// Meetings across tabs (SPEC 9), in headless Chromium: several pages of one browser context,
// each joining the same meeting with `new CallClient({ transport: 'broadcastChannel' })`,
// exactly as an app does. One tab hosts (elected with Web Locks); when it closes or its
// renderer crashes, another takes over from the last snapshot and every call goes on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../chromium.mjs';
import { start } from '../browser/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(process.env.BR_PKG || path.join(here, '../../pkg'));

let tmp;
let server;
let context;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'br-tabs-'));
  const root = path.join(tmp, 'www');
  await mkdir(path.join(root, 'node_modules'), { recursive: true });
  await symlink(PKG, path.join(root, 'node_modules', 'breakout-rooms'));
  await writeFile(path.join(root, 'tab.js'), TAB_JS);
  await writeFile(
    path.join(root, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>tab</title><link rel="icon" href="data:,">
<script type="importmap">{"imports":{"breakout-rooms":"/node_modules/breakout-rooms/index.js"}}</script>
<script type="module">import * as tab from '/tab.js'; window.tab = tab;</script>`,
  );
  server = await start(root);
  context = await launchChromium(path.join(tmp, 'profile'));
});

after(async () => {
  await context?.close();
  await server?.close();
  await rm(tmp, { recursive: true, force: true });
});

// What each tab runs: SDK code, as an app writes it, plus a record of what it saw.
const TAB_JS = `
import { AzureCommunicationTokenCredential, CallClient, Features, createDevToken } from 'breakout-rooms';

export const seen = [];
export let call, feature, agent;

export async function join(meeting, userId, role) {
  const client = new CallClient({ transport: 'broadcastChannel' });
  agent = await client.createCallAgent(
    new AzureCommunicationTokenCredential(createDevToken({ userId, displayName: userId, role })),
  );
  agent.on('connectionStateChanged', (e) => seen.push('connection:' + e.newValue));
  call = agent.join({ meetingLink: meeting });
  call.on('stateChanged', () => seen.push('main:' + call.state));
  feature = call.feature(Features.BreakoutRooms);
  feature.on('breakoutRoomsUpdated', (e) => {
    seen.push(e.type);
    if (e.type === 'join') {
      const breakout = e.data;
      breakout.on('stateChanged', () => seen.push('breakout:' + breakout.state));
    }
  });
  await until(() => call.state === 'Connected', 'the main call connects');
  return call.state;
}

export const mgmt = () => call.feature(Features.BreakoutRoomsManagement);

export function until(check, what, ms = 5000) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      let ok = false;
      try { ok = check(); } catch {}
      if (ok) return resolve(performance.now() - started);
      if (performance.now() - started > ms) {
        return reject(new Error('timed out waiting until ' + what + '; saw ' + JSON.stringify(seen) + ' ' + JSON.stringify(breakoutState())));
      }
      setTimeout(poll, 5);
    };
    poll();
  });
}

export function breakoutState() {
  const room = feature.assignedBreakoutRooms;
  return { room: room?.displayName, state: room?.state, call: room?.call?.state, main: call.state };
}

export function remoteNames() {
  return call.remoteParticipants.map((p) => p.displayName).sort();
}
`;

async function openTab(meeting, userId, role) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  if (process.env.TABS_DEBUG) page.on('console', (m) => console.log(userId, m.text()));
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => window.tab);
  if (process.env.TABS_DEBUG) {
    await page.evaluate((m) => {
      const ch = new BroadcastChannel('breakout-rooms:meetingLink:' + m);
      ch.onmessage = (e) => console.log(JSON.stringify(e.data, (k, v) => (typeof v === 'bigint' ? Number(v) : v)).slice(0, 200));
    }, meeting);
  }
  const state = await page.evaluate(([m, u, r]) => window.tab.join(m, u, r), [meeting, userId, role]);
  assert.equal(state, 'Connected', `${userId}'s main call`);
  return { page, errors, userId };
}

const inTab = (tab, fn, arg) =>
  tab.page.evaluate(fn, arg).catch((e) => {
    throw new Error(`in ${tab.userId}'s tab: ${e.message}`);
  });

let meetings = 0;
const newMeeting = () => `https://teams.example/tabs-${++meetings}-${Date.now()}`;

/** An organizer tab (the first, so it hosts) and two attendee tabs, rooms made and assigned. */
async function workshop() {
  const link = newMeeting();
  const org = await openTab(link, 'org', 'organizer');
  const ann = await openTab(link, 'ann', 'attendee');
  const bob = await openTab(link, 'bob', 'attendee');
  await inTab(org, () => window.tab.until(() => window.tab.remoteNames().length === 2, 'everyone is in'));
  await inTab(org, async () => {
    const mgmt = window.tab.mgmt();
    const [red, blue] = await mgmt.createRooms(['Red', 'Blue']);
    await mgmt.assignParticipants(red.threadId, [{ communicationUserId: 'ann' }]);
    await mgmt.assignParticipants(blue.threadId, [{ communicationUserId: 'bob' }]);
  });
  if (process.env.TABS_DEBUG2) {
    await new Promise((r) => setTimeout(r, 500));
    console.log('org sees', await inTab(org, () => JSON.stringify(window.tab.feature.breakoutRooms?.map((r) => [r.displayName, r.invitees.length]) ?? window.tab.mgmt().breakoutRooms?.map((r) => [r.displayName, r.invitees.length]))));
    for (const t of [ann, bob]) console.log(t.userId, 'sees', await inTab(t, () => JSON.stringify([window.tab.seen, window.tab.breakoutState()])));
  }
  return { link, org, ann, bob };
}

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
  // Ann leaves early, then the organizer closes the rooms: Bob is brought back.
  await inTab(ann, () => window.tab.feature.assignedBreakoutRooms.returnToMainMeeting());
  assert.equal(await inTab(ann, () => window.tab.call.state), 'Connected');
  await inTab(org, () => window.tab.mgmt().closeRooms());
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

test('a message from the wrong tab gets a typed error to that sender only', async () => {
  const { link, org, ann, bob } = await workshop();
  // A script in a fourth tab writes to the meeting's channel directly.
  const rogue = await context.newPage();
  await rogue.goto(`${server.url}/index.html`);
  const replies = await rogue.evaluate(async (key) => {
    const channel = new BroadcastChannel(`breakout-rooms:meetingLink:${key}`);
    const heard = [];
    channel.onmessage = (e) => heard.push(e.data);
    const from = 7 * 2 ** 16 + 1;
    const join = (participant) => ({ kind: 'toHost', v: 1, from, message: { type: 'join', participant, displayName: 'x', role: 'organizer' } });
    channel.postMessage('garbage');
    channel.postMessage({ kind: 'toHost', v: 1, from, message: { type: 'nonsense' } });
    channel.postMessage({ kind: 'toHost', v: 9, from, message: { type: 'leave' } });
    channel.postMessage(join({ communicationUserId: 'ann' }));
    await new Promise((r) => setTimeout(r, 300));
    channel.close();
    return heard.filter((m) => m.kind === 'toClient' && m.to === from).map((m) => m.message);
  }, link);
  assert.deepEqual(replies.map((m) => m.type), ['rejected', 'rejected', 'rejected']);
  assert.match(replies[0].error.reason, /malformed/);
  assert.match(replies[1].error.reason, /version 9/);
  assert.match(replies[2].error.reason, /another tab/);
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
  const page = await context.newPage();
  await page.goto(`${server.url}/index.html`);
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
