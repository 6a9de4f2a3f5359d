// Benchmark of the built package in headless Chromium (not a test; prints figures):
//   (a) navigation start -> first 'breakoutRoomsUpdated' event, `import('breakout-rooms')` ->
//       first event (issue 7's budget: <= 30 ms), and `import()` alone (which loads no wasm:
//       SPEC 5a): median of 5 fresh page loads (a fresh browser profile for each);
//   (b) one openRooms() with 1 organizer + 999 attendees in the same page, assigned
//       automatically into 100 rooms, until every attendee's 'join' event has been
//       delivered: median of 3 (a fresh page for each);
//   (c) gzip -9 size of what a browser loads: pkg/breakout_rooms_bg.wasm + pkg/index.js (the
//       glue is bundled into index.js; node.js and debug.js are other entries, not loaded).
// Run: `cd /work/main && node tests/browser/bench.mjs` (after `bash scripts/build-pkg.sh`).
// Binds 127.0.0.1 only, downloads nothing, and stops its server and browsers at the end.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { launchChromium } from '../chromium.mjs';
import { start } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(here, '../../pkg');
const LOADS = 5;
const SCALE_RUNS = 3;
const ATTENDEES = 999;
const ROOMS = 100;

const page = (script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>breakout-rooms bench</title>
<link rel="icon" href="data:,">
<script type="importmap">{"imports": {"breakout-rooms": "/node_modules/breakout-rooms/index.js"}}</script>
<script type="module">${script}</script>
</head><body></body></html>
`;

// (a) The first thing a page does: import, create an agent, join, subscribe.
const FIRST_EVENT = page(`
const importStart = performance.now();
const { CallClient, Features, AzureCommunicationTokenCredential, createDevToken } = await import('breakout-rooms');
const importEnd = performance.now();
const token = createDevToken({ userId: 'olivia', displayName: 'Olivia', role: 'organizer' });
const callAgent = await new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token), { displayName: 'Olivia' });
const call = callAgent.join({ meetingLink: 'https://example.test/meet/bench' });
const breakoutRoomsFeature = call.feature(Features.BreakoutRooms);
breakoutRoomsFeature.on('breakoutRoomsUpdated', (event) => {
  window.__bench ??= { firstEvent: performance.now(), type: event.type, importStart, importMs: importEnd - importStart };
});
window.__keep = { callAgent, call, breakoutRoomsFeature };
`);

// (b) A meeting of 1 + 999 in one page; openRooms() timed to the last 'join' delivered.
const SCALE = page(`
import { CallClient, Features, AzureCommunicationTokenCredential, createDevToken } from 'breakout-rooms';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(what, predicate, timeoutMs = 120000) {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting for ' + what);
    await sleep(5);
  }
}
window.runScale = async (attendees, roomCount) => {
  const meetingLink = 'https://example.test/meet/scale-' + Math.random().toString(36).slice(2);
  const joinMeeting = async (userId, role) => {
    const token = createDevToken({ userId, displayName: userId, role });
    const callAgent = await new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token));
    const call = callAgent.join({ meetingLink });
    const feature = call.feature(Features.BreakoutRooms);
    return { callAgent, call, feature, joins: 0 };
  };
  const setupStart = performance.now();
  const org = await joinMeeting('organizer', 'organizer');
  const people = [];
  for (let i = 0; i < attendees; i++) people.push(await joinMeeting('attendee-' + i, 'attendee'));
  window.__keep = { org, people };
  await waitFor('everyone in the main meeting', () => org.call.remoteParticipants.length === attendees);
  const mgmt = org.call.feature(Features.BreakoutRoomsManagement);
  const rooms = await mgmt.createRooms(roomCount);
  await mgmt.assignAutomatically({ seed: 7 });
  await waitFor('every assignment delivered', () => people.every((p) => p.feature.assignedBreakoutRoom !== undefined));
  const setupMs = performance.now() - setupStart;

  let delivered = 0;
  let lastJoin = 0;
  let allJoined;
  const everyoneJoined = new Promise((resolve) => (allJoined = resolve));
  for (const p of people) {
    p.feature.on('breakoutRoomsUpdated', (event) => {
      if (event.type !== 'join') return;
      p.joins += 1;
      p.breakoutCall = event.data;
      if (++delivered === attendees) {
        lastJoin = performance.now();
        allJoined();
      }
    });
  }
  const t0 = performance.now();
  await mgmt.openRooms();
  const resolvedMs = performance.now() - t0;
  await Promise.race([everyoneJoined, sleep(120000).then(() => { throw new Error('only ' + delivered + ' joins delivered'); })]);
  const joinMs = lastJoin - t0;
  await waitFor('every breakout call Connected', () => people.every((p) => p.breakoutCall?.state === 'Connected'));
  const connectedMs = performance.now() - t0;

  const perRoom = rooms.map((r) => people.filter((p) => p.feature.assignedBreakoutRoom.threadId === r.threadId).length);
  return {
    setupMs, resolvedMs, joinMs, connectedMs,
    joinsEach: people.every((p) => p.joins === 1),
    mainOnHold: people.every((p) => p.call.state === 'LocalHold'),
    minPerRoom: Math.min(...perRoom), maxPerRoom: Math.max(...perRoom), rooms: perRoom.length,
  };
};
window.__ready = true;
`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (v) => `${v.toFixed(1)} ms`;

async function withBrowser(tmp, name, use) {
  const context = await launchChromium(await mkdtemp(path.join(tmp, `${name}-profile-`)), {
    // Chromium's own scratch dirs go in our temp dir too, and are removed with it.
    env: { ...process.env, TMPDIR: tmp },
  });
  const problems = [];
  try {
    const tab = await context.newPage();
    tab.on('pageerror', (e) => problems.push(`page error: ${e?.stack ?? e}`));
    tab.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    return await use(tab, problems);
  } finally {
    await context.close();
  }
}

async function main() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-bench-'));
  const root = path.join(tmp, 'site');
  await cp(PKG, path.join(root, 'node_modules', 'breakout-rooms'), { recursive: true });
  await writeFile(path.join(root, 'first-event.html'), FIRST_EVENT);
  await writeFile(path.join(root, 'scale.html'), SCALE);
  const server = await start(root);
  const rows = [];
  try {
    // (a) fresh page loads
    const loads = [];
    let userAgent = '';
    for (let i = 0; i < LOADS; i++) {
      loads.push(
        await withBrowser(tmp, `load${i}`, async (tab, problems) => {
          await tab.goto(`${server.url}first-event.html`);
          await tab.waitForFunction(() => window.__bench, null, { timeout: 30_000 });
          userAgent = await tab.evaluate(() => navigator.userAgent);
          if (problems.length) throw new Error(problems.join('\n'));
          return tab.evaluate(() => window.__bench);
        }),
      );
    }
    const first = loads.map((l) => l.firstEvent);
    const imports = loads.map((l) => l.importMs);
    const importToFirst = loads.map((l) => l.firstEvent - l.importStart);
    rows.push(['(a) navigation start -> first breakoutRoomsUpdated', ms(median(first)),
      `median of ${LOADS} fresh loads; all: ${first.map((v) => v.toFixed(0)).join(', ')} ms; first event '${loads[0].type}'`]);
    rows.push(["(a) import('breakout-rooms') -> first breakoutRoomsUpdated", ms(median(importToFirst)),
      `median of ${LOADS}; all: ${importToFirst.map((v) => v.toFixed(0)).join(', ')} ms (import + fetch/compile wasm in createCallAgent + join)`]);
    rows.push(["(a) import('breakout-rooms') alone", ms(median(imports)),
      `median of ${LOADS}; all: ${imports.map((v) => v.toFixed(0)).join(', ')} ms (the module only: the wasm loads on first need)`]);

    // (b) 1 + 999 people, 100 rooms
    const runs = [];
    await withBrowser(tmp, 'scale', async (tab, problems) => {
      for (let i = 0; i < SCALE_RUNS; i++) {
        await tab.goto(`${server.url}scale.html?run=${i}`);
        await tab.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
        const result = await tab.evaluate(([a, r]) => window.runScale(a, r), [ATTENDEES, ROOMS]);
        if (!result.joinsEach || !result.mainOnHold || result.rooms !== ROOMS) {
          throw new Error(`scale run ${i} is not what was asked: ${JSON.stringify(result)}`);
        }
        runs.push(result);
      }
      if (problems.length) throw new Error(problems.join('\n'));
    });
    const joinMs = runs.map((r) => r.joinMs);
    rows.push([`(b) openRooms(), ${ATTENDEES + 1} people / ${ROOMS} rooms -> last 'join' delivered`, ms(median(joinMs)),
      `median of ${SCALE_RUNS}; all: ${joinMs.map((v) => v.toFixed(0)).join(', ')} ms; ${runs[0].minPerRoom}-${runs[0].maxPerRoom} per room`]);
    rows.push(['(b)   openRooms() promise resolved', ms(median(runs.map((r) => r.resolvedMs))), 'median']);
    rows.push(['(b)   every breakout call Connected', ms(median(runs.map((r) => r.connectedMs))), 'median']);
    rows.push([`(b)   setup: ${ATTENDEES + 1} joins + createRooms + assignAutomatically`, ms(median(runs.map((r) => r.setupMs))), 'median (not part of the figure above)']);

    // (c) size on the wire
    const files = ['breakout_rooms_bg.wasm', 'index.js'];
    const bytes = await Promise.all(files.map((f) => readFile(path.join(PKG, f))));
    for (const [i, f] of files.entries()) {
      const gz = gzipSync(bytes[i], { level: 9 }).length;
      rows.push([`(c)   ${f}`, `${gz} B`, `${bytes[i].length} B raw`]);
    }
    const all = gzipSync(Buffer.concat(bytes), { level: 9 }).length;
    const raw = bytes.reduce((n, b) => n + b.length, 0);
    const separately = files.reduce((n, f, i) => n + gzipSync(bytes[i], { level: 9 }).length, 0);
    rows.push(['(c) gzip -9 of wasm + index.js, each file', `${separately} B`, `${(separately / 1024).toFixed(1)} KB (as served: one gzip per file)`]);
    rows.push(['(c) gzip -9 of wasm + index.js, concatenated', `${all} B`, `${(all / 1024).toFixed(1)} KB; ${raw} B (${(raw / 1024).toFixed(1)} KB) raw`]);

    const widths = [0, 1, 2].map((c) => Math.max(...[['measure', 'value', 'notes'], ...rows].map((r) => r[c].length)));
    const line = (r) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
    console.log(`\nbreakout-rooms benchmark — ${userAgent.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? 'Chromium'}, node ${process.version}, ${os.cpus().length} CPUs\n`);
    console.log(line(['measure', 'value', 'notes']));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const r of rows) console.log(line(r));
  } finally {
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
