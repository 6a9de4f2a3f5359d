// The pages of a cross-tab meeting, for the tests and the benchmark: a static server with
// the package and a page whose module (`tab.js`) joins a meeting over 'broadcastChannel' as
// an app does, and records what it saw. `const b = await openBrowser()`, then
// `await b.openTab(meeting, userId, role)`; `await b.close()` at the end.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../chromium.mjs';
import { start } from '../browser/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(process.env.BR_PKG || path.join(here, '../../pkg'));

export async function openBrowser() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'br-tabs-'));
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
  const server = await start(root);
  const context = await launchChromium(path.join(tmp, 'profile'));
  return {
    server,
    context,
    openTab: (meeting, userId, role) => openTab(server, context, meeting, userId, role),
    async close() {
      await context.close();
      await server.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

// What each tab runs: SDK code, as an app writes it, plus a record of what it saw.
const TAB_JS = `
import { AzureCommunicationTokenCredential, CallClient, Features, createDevToken } from 'breakout-rooms';

export { Features };
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
  // Connected, or already on hold in an assigned room that is open (auto-move).
  await until(() => seen.includes('main:Connected'), 'the main call connects');
  return 'Connected';
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

async function openTab(server, context, meeting, userId, role) {
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

export const inTab = (tab, fn, arg) =>
  tab.page.evaluate(fn, arg).catch((e) => {
    throw new Error(`in ${tab.userId}'s tab: ${e.message}`);
  });

let meetings = 0;
export const newMeeting = () => `https://teams.example/tabs-${++meetings}-${Date.now()}`;

/** An organizer tab (the first, so it hosts) and two attendee tabs, rooms made and assigned. */
export async function workshop(browser) {
  const link = newMeeting();
  const org = await browser.openTab(link, 'org', 'organizer');
  const ann = await browser.openTab(link, 'ann', 'attendee');
  const bob = await browser.openTab(link, 'bob', 'attendee');
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

