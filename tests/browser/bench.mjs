// Benchmark of the built package in headless Chromium (not a test; prints figures). Issue 7's
// load budget (import to the first 'breakoutRoomsUpdated') is tests/browser/bench-load.mjs.
//   (b) one openRooms() with 1 organizer + 999 attendees in the same page, assigned
//       automatically into 100 rooms, until every attendee's 'join' event has been
//       delivered, and until every breakout call is Connected (both timed from events): median
//       of 3 (a fresh page for each);
//   (c) gzip -9 size of what a browser loads: pkg/breakout_rooms_bg.wasm + pkg/index.js (the
//       glue is bundled into index.js; node.js and debug.js are other entries, not loaded);
//   (d) issue 8: people joining one page's meeting one after the other, each with its own
//       CallAgent and one `await` per join (the agent, then the call Connected), as a page
//       does; the organizer listens to 'remoteParticipantsUpdated' throughout. Time and memory
//       when 1,000, 3,000 and 10,000 people are in (10,000 is the default limit: the
//       organizer and 9,999 attendees), and the growth 10k/1k. Median of 3 fresh pages.
//       "wasm memory" is the engine's WebAssembly.Memory size (linear memory: it only grows,
//       so it is the high-water mark): the package does not export the Memory, so the bench
//       page wraps WebAssembly.instantiate(Streaming) before the package loads and keeps the
//       instance's exported `memory`. "JS heap" is CDP Runtime.getHeapUsage's usedSize after
//       a forced GC (HeapProfiler.collectGarbage), outside the timed part. Goals (issue 8):
//       growth <= 12x, 10k joins <= 5 s, wasm memory for 10k <= 200 MB;
//   (e) issue 8: openRooms() with 1k and 10k people (organizer + 999 / 9,999 attendees) in
//       100 and 1,000 rooms, as (b): to the last 'join' event and to every breakout call
//       Connected. Goal (issue 8): 10k in 1,000 rooms <= 1 s. Median of 3 fresh pages.
// Run: `cd /work/main && node tests/browser/bench.mjs` (after `bash scripts/build-pkg.sh`;
// BR_PKG=/path/to/pkg to measure another build, e.g. a copy that a rebuild cannot change mid-run);
// about 30-50 s on 2 cores, all cases included. BENCH_SMALL=1 leaves out the 10,000-people
// cases of (d) and (e). BENCH_PROFILE=1 adds CPU profiles (CDP Profiler, summarised by self
// time per function) of one more run of the biggest (d) and (e) cases, on the debug entry
// (`breakout-rooms/debug`: the same engine with its wasm function names kept), printed after
// the table; those runs are not in the figures.
// Binds 127.0.0.1 only, downloads nothing, and stops its server and browsers at the end.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { launchChromium } from '../chromium.mjs';
import { start } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(process.env.BR_PKG || path.join(here, '../../pkg'));
const SCALE_RUNS = 3;
const ATTENDEES = 999;
const ROOMS = 100;
// (d) and (e)
const SMALL = Boolean(process.env.BENCH_SMALL);
const PROFILE = Boolean(process.env.BENCH_PROFILE);
const JOIN_MARKS = SMALL ? [1_000, 3_000] : [1_000, 3_000, 10_000];
const JOIN_RUNS = 3;
const OPEN_CASES = [
  // [people, rooms, runs]
  [1_000, 100, 3],
  [1_000, 1_000, 3],
  ...(SMALL ? [] : [[10_000, 100, 3], [10_000, 1_000, 3]]),
];

const page = (script, head = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>breakout-rooms bench</title>
<link rel="icon" href="data:,">${head}
<script type="importmap">{"imports": {"breakout-rooms": "/node_modules/breakout-rooms/index.js", "breakout-rooms/debug": "/node_modules/breakout-rooms/debug.js"}}</script>
<script type="module">${script}</script>
</head><body></body></html>
`;

// Keeps the engine's WebAssembly.Memory in window.__wasmMemory (the package does not export
// it): wraps WebAssembly.instantiate(Streaming) before the package loads anything.
const CAPTURE_MEMORY = `
<script>
for (const name of ['instantiateStreaming', 'instantiate']) {
  const original = WebAssembly[name];
  WebAssembly[name] = async function (...args) {
    const result = await original.apply(this, args);
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    if (instance?.exports?.memory instanceof WebAssembly.Memory) window.__wasmMemory = instance.exports.memory;
    return result;
  };
}
</script>`;

// (b), (d), (e): meetings in one page, the package's entry `entry` (the debug entry keeps
// names for CPU profiles). setupScale + openScale: 1 + attendees assigned to rooms, then
// openRooms() timed to the last 'join' delivered and to every breakout call Connected (both
// from events, not polling). runJoins: people join one by one, with marks along the way.
const scalePage = (entry) => page(`
import { CallClient, Features, AzureCommunicationTokenCredential, createDevToken } from '${entry}';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(what, predicate, timeoutMs = 120000) {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting for ' + what);
    await sleep(5);
  }
}
let scale;
window.setupScale = async (attendees, roomCount) => {
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
  scale = { attendees, people, mgmt, rooms };
  return performance.now() - setupStart;
};
window.openScale = async () => {
  const { attendees, people, mgmt, rooms } = scale;
  let delivered = 0;
  let connectedCount = 0;
  let lastJoin = 0;
  let lastConnected = 0;
  let allJoined;
  let allConnected;
  const everyoneJoined = new Promise((resolve) => (allJoined = resolve));
  const everyoneConnected = new Promise((resolve) => (allConnected = resolve));
  const connectedOne = (p) => {
    if (p.connected) return;
    p.connected = true;
    if (++connectedCount === attendees) {
      lastConnected = performance.now();
      allConnected();
    }
  };
  for (const p of people) {
    p.feature.on('breakoutRoomsUpdated', (event) => {
      if (event.type !== 'join') return;
      p.joins += 1;
      const call = (p.breakoutCall = event.data);
      if (call.state === 'Connected') connectedOne(p);
      else call.on('stateChanged', () => call.state === 'Connected' && connectedOne(p));
      if (++delivered === attendees) {
        lastJoin = performance.now();
        allJoined();
      }
    });
  }
  const timeout = (what) => sleep(120000).then(() => { throw new Error('only ' + what()); });
  const t0 = performance.now();
  await mgmt.openRooms();
  const resolvedMs = performance.now() - t0;
  await Promise.race([everyoneJoined, timeout(() => delivered + ' joins delivered')]);
  await Promise.race([everyoneConnected, timeout(() => connectedCount + ' breakout calls Connected')]);
  const joinMs = lastJoin - t0;
  const connectedMs = lastConnected - t0;

  const perRoom = new Map(rooms.map((r) => [r.threadId, 0]));
  for (const p of people) {
    const room = p.feature.assignedBreakoutRoom.threadId;
    perRoom.set(room, perRoom.get(room) + 1);
  }
  const sizes = [...perRoom.values()];
  return {
    resolvedMs, joinMs, connectedMs,
    joinsEach: people.every((p) => p.joins === 1),
    inTheirRooms: people.every((p) => p.breakoutCall.state === 'Connected' && p.breakoutCall.info.threadId === p.feature.assignedBreakoutRoom.threadId),
    mainOnHold: people.every((p) => p.call.state === 'LocalHold'),
    minPerRoom: Math.min(...sizes), maxPerRoom: Math.max(...sizes), rooms: sizes.length,
  };
};

/** Resolves when the call is Connected; rejects if it ends first. */
const connected = (call) => new Promise((resolve, reject) => {
  const check = () => {
    if (call.state === 'Connected') { call.off('stateChanged', check); resolve(call); }
    else if (call.state === 'Disconnected') {
      call.off('stateChanged', check);
      reject(new Error('call ended: ' + JSON.stringify(call.callEndReason)));
    }
  };
  call.on('stateChanged', check);
  check();
});

// (d) People join one after the other (one await for the agent, one for the call Connected);
// at each mark (people in the meeting), the time so far and the memory. window.__heap() is
// the bench's (CDP, forced GC): its time is left out.
window.runJoins = async (marks) => {
  const meetingLink = 'https://example.test/meet/joins-' + Math.random().toString(36).slice(2);
  const client = new CallClient();
  const joinOne = async (userId, role) => {
    const token = createDevToken({ userId, displayName: userId, role });
    const callAgent = await client.createCallAgent(new AzureCommunicationTokenCredential(token));
    const call = callAgent.join({ meetingLink });
    await connected(call);
    return { callAgent, call };
  };
  const results = [];
  const keep = [];
  let paused = 0;
  const t0 = performance.now();
  const org = await joinOne('organizer', 'organizer');
  let added = 0;
  org.call.on('remoteParticipantsUpdated', (e) => (added += e.added.length - e.removed.length));
  keep.push(org);
  for (let n = 2; n <= marks.at(-1); n++) {
    keep.push(await joinOne('attendee-' + (n - 1), 'attendee'));
    if (!marks.includes(n)) continue;
    const ms = performance.now() - t0 - paused;
    const p0 = performance.now();
    if (added !== n - 1) throw new Error('the organizer heard ' + added + ' joins of ' + (n - 1));
    const wasmBytes = window.__wasmMemory?.buffer.byteLength;
    const heap = await window.__heap();
    results.push({ people: n, ms, wasmBytes, heapUsed: heap.usedSize, heapTotal: heap.totalSize, backing: heap.backingStorageSize });
    paused += performance.now() - p0;
  }
  const rosterOk = org.call.remoteParticipants.length === marks.at(-1) - 1;
  window.__keep = keep;
  return { results, rosterOk };
};
window.__ready = true;
`, CAPTURE_MEMORY);
const SCALE = scalePage('breakout-rooms');
const SCALE_DEBUG = scalePage('breakout-rooms/debug');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (v) => `${v.toFixed(1)} ms`;
const mb = (bytes) => (bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MB`);
const count = (n) => n.toLocaleString('en-US');

/** A CDP CPU profile summarised by self time per function (name, file:line), top `top`. */
function selfTimes(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // the delta after a sample is its time
    total += dt;
    const f = node.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { total, rows };
}

/** Runs `work()` under the CPU profiler; adds its self-time summary, titled, to `profiles`. */
async function profiled(cdp, profiles, title, work) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    const { total, rows } = selfTimes(profile);
    profiles.push(`CPU profile: ${title} — ${total.toFixed(0)} ms sampled; top functions by self time:`);
    for (const [name, t] of rows) profiles.push(`  ${t.toFixed(1).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${name}`);
    profiles.push('');
  }
}

/** One openRooms() run on a fresh page: the setup, then the timed part (through `wrap`, e.g. a profiler). */
async function scaleRun(tab, url, attendees, roomCount, wrap = (work) => work()) {
  await tab.goto(url);
  await tab.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
  const setupMs = await tab.evaluate(([a, r]) => window.setupScale(a, r), [attendees, roomCount]);
  const result = await wrap(() => tab.evaluate(() => window.openScale()));
  if (!result.joinsEach || !result.inTheirRooms || !result.mainOnHold || result.rooms !== roomCount) {
    throw new Error(`openRooms() with ${attendees} attendees / ${roomCount} rooms is not what was asked: ${JSON.stringify(result)}`);
  }
  return { setupMs, ...result };
}

/** One run of (d) on a fresh page. */
async function joinsRun(tab, url, wrap = (work) => work()) {
  await tab.goto(url);
  await tab.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
  const result = await wrap(() => tab.evaluate((marks) => window.runJoins(marks), JOIN_MARKS));
  if (!result.rosterOk) throw new Error("joins: the organizer's roster is not everyone");
  return result.results;
}

/** The bench's hook for runJoins: a forced GC, then the heap usage (CDP). */
async function exposeHeap(tab, cdp) {
  await tab.exposeFunction('__heap', async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return cdp.send('Runtime.getHeapUsage');
  });
}

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
  await writeFile(path.join(root, 'scale.html'), SCALE);
  await writeFile(path.join(root, 'scale-debug.html'), SCALE_DEBUG);
  const server = await start(root);
  const rows = [];
  try {
    // (b) 1 + 999 people, 100 rooms
    const runs = [];
    let userAgent = '';
    await withBrowser(tmp, 'scale', async (tab, problems) => {
      for (let i = 0; i < SCALE_RUNS; i++) {
        runs.push(await scaleRun(tab, `${server.url}scale.html?run=${i}`, ATTENDEES, ROOMS));
      }
      userAgent = await tab.evaluate(() => navigator.userAgent);
      if (problems.length) throw new Error(problems.join('\n'));
    });
    const joinMs = runs.map((r) => r.joinMs);
    rows.push([`(b) openRooms(), ${ATTENDEES + 1} people / ${ROOMS} rooms -> last 'join' delivered`, ms(median(joinMs)),
      `median of ${SCALE_RUNS}; all: ${joinMs.map((v) => v.toFixed(0)).join(', ')} ms; ${runs[0].minPerRoom}-${runs[0].maxPerRoom} per room`]);
    rows.push(['(b)   openRooms() promise resolved', ms(median(runs.map((r) => r.resolvedMs))), 'median']);
    rows.push(['(b)   every breakout call Connected', ms(median(runs.map((r) => r.connectedMs))), 'median']);
    rows.push([`(b)   setup: ${ATTENDEES + 1} joins + createRooms + assignAutomatically`, ms(median(runs.map((r) => r.setupMs))), 'median (not part of the figure above)']);

    // (d) joins one by one, with marks at 1k, 3k (and 10k)
    const joinRuns = [];
    await withBrowser(tmp, 'joins', async (tab, problems) => {
      const cdp = await tab.context().newCDPSession(tab);
      await exposeHeap(tab, cdp);
      for (let i = 0; i < JOIN_RUNS; i++) joinRuns.push(await joinsRun(tab, `${server.url}scale.html?joins=${i}`));
      if (problems.length) throw new Error(problems.join('\n'));
    });
    const atMark = (k, field) => median(joinRuns.map((r) => r[k][field]));
    for (const [k, n] of JOIN_MARKS.entries()) {
      const times = joinRuns.map((r) => r[k].ms);
      rows.push([`(d) ${count(n)} people joined, one await per join`, ms(median(times)),
        `median of ${JOIN_RUNS}; all: ${times.map((v) => v.toFixed(0)).join(', ')} ms; ${(median(times) / n * 1000).toFixed(0)} µs per join`]);
      rows.push([`(d)   wasm memory at ${count(n)}`, mb(atMark(k, 'wasmBytes')),
        `JS heap used ${mb(atMark(k, 'heapUsed'))} (of ${mb(atMark(k, 'heapTotal'))}); CDP backingStorageSize ${mb(atMark(k, 'backing'))}`]);
    }
    const last = JOIN_MARKS.length - 1;
    if (JOIN_MARKS.at(-1) === 10_000) {
      const growth = median(joinRuns.map((r) => r[last].ms / r[0].ms));
      rows.push(['(d) growth 10k/1k (time)', `${growth.toFixed(1)}x`,
        `goal <= 12x; 10k total goal <= 5 s, wasm memory goal <= 200 MB; memory growth ${(atMark(last, 'wasmBytes') / atMark(0, 'wasmBytes')).toFixed(1)}x`]);
    }

    // (e) openRooms() with 1k / 10k people in 100 / 1,000 rooms
    await withBrowser(tmp, 'open', async (tab, problems) => {
      for (const [people, roomCount, times] of OPEN_CASES) {
        const results = [];
        for (let i = 0; i < times; i++) {
          results.push(await scaleRun(tab, `${server.url}scale.html?open=${people}-${roomCount}-${i}`, people - 1, roomCount));
        }
        const med = (f) => median(results.map(f));
        const all = (f) => results.map((r) => f(r).toFixed(0)).join(', ');
        const goal = people === 10_000 && roomCount === 1_000 ? '; goal <= 1 s' : '';
        rows.push([`(e) openRooms(), ${count(people)} people / ${count(roomCount)} rooms -> last 'join'`, ms(med((r) => r.joinMs)),
          `${times > 1 ? `median of ${times}; all: ${all((r) => r.joinMs)} ms` : '1 run'}; ${results[0].minPerRoom}-${results[0].maxPerRoom} per room${goal}`]);
        rows.push(['(e)   every breakout call Connected', ms(med((r) => r.connectedMs)),
          `${times > 1 ? `all: ${all((r) => r.connectedMs)} ms; ` : ''}openRooms() resolved after ${ms(med((r) => r.resolvedMs))}; setup (joins, createRooms, assign) ${ms(med((r) => r.setupMs))}`]);
      }
      if (problems.length) throw new Error(problems.join('\n'));
    });

    // CPU profiles (BENCH_PROFILE=1): extra runs on the debug entry, whose wasm keeps its
    // function names (the same Rust at the same opt-level, without wasm-opt); not in the table.
    const profiles = [];
    if (PROFILE) {
      await withBrowser(tmp, 'profile', async (tab, problems) => {
        const cdp = await tab.context().newCDPSession(tab);
        await exposeHeap(tab, cdp);
        const big = JOIN_MARKS.at(-1);
        await joinsRun(tab, `${server.url}scale-debug.html?joins`, (work) =>
          profiled(cdp, profiles, `(d) ${count(big)} joins, one await each (debug entry; includes the forced GCs at the marks)`, work));
        for (const [people, roomCount] of OPEN_CASES.filter(([p, r]) => p === OPEN_CASES.at(-1)[0])) {
          await scaleRun(tab, `${server.url}scale-debug.html?open=${people}-${roomCount}`, people - 1, roomCount, (work) =>
            profiled(cdp, profiles, `(e) openRooms() to every breakout call Connected, ${count(people)} people / ${count(roomCount)} rooms (debug entry)`, work));
        }
        if (problems.length) throw new Error(problems.join('\n'));
      });
    }

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
    if (profiles.length) console.log(`\n${profiles.join('\n')}`);
  } finally {
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
