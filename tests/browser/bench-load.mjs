// Benchmark (not a test; prints figures): issue 7's load budget, "import to first
// `breakoutRoomsUpdated` <= 30 ms median in headless Chromium".
//
// Each load is a fresh browser context (its own empty HTTP cache, so no cached scripts or
// compiled wasm) opening a page served from 127.0.0.1 (`Cache-Control: no-store`) whose
// module script does what an SDK user's page does, as the package README's quick start:
//   const m = await import('/pkg/index.js');
//   Olivia (organizer) and Umar (attendee): new CallClient(), createCallAgent(credential),
//   callAgent.join({ meetingLink }), call.feature(Features.BreakoutRooms).on('breakoutRoomsUpdated', ...);
//   Olivia: mgmt.createRooms(1), assignParticipants(room, [Umar]), openRooms().
// The figure is from just before `import()` to Umar's first 'breakoutRoomsUpdated' (his
// assignment), and from navigation start to the same event; median and p90. The same page
// with preload hints in its <head> (what the package README offers a page that wants its
// meeting soonest) is measured beside it, its loads interleaved with the plain page's.
//
// The breakdown comes from the same loads: Resource Timing for the two fetches, marks the
// page takes after each step of its own code, the times at which the package called
// WebAssembly's compile/instantiate functions (wrapped by a classic script before anything
// loads: a call and a `performance.now()` each, nothing else), and every setTimeout the page
// scheduled between `import()` and the event (with its delay).
//
// Run: `make bench-load` (after `make pkg`), or `node tests/browser/bench-load.mjs`;
// BR_PKG=/path/to/pkg measures another build; BR_PKG=/a/pkg,/b/pkg measures several, their
// loads interleaved (a, b, a, b, ...) so that the machine's load weighs on each alike, each
// from its own server; BENCH_LOADS=n sets the number of loads of each (default 41). Binds 127.0.0.1 only, downloads nothing, stops its server and browser.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from '../../tools/node_modules/playwright-core/index.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { start } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKGS = (process.env.BR_PKG || path.join(here, '../../pkg')).split(',').map((p) => path.resolve(p));
const LOADS = Number(process.env.BENCH_LOADS ?? 41);

// Runs before the module script: marks, and the package's calls into WebAssembly and setTimeout.
const PROBE = `
window.__load = { marks: [], wasm: [], timers: [], events: [] };
window.__mark = (name) => window.__load.marks.push([name, performance.mark(name).startTime]);
for (const name of ['compileStreaming', 'instantiateStreaming', 'compile', 'instantiate']) {
  const original = WebAssembly[name];
  WebAssembly[name] = function (...args) {
    const entry = { name, start: performance.now() };
    window.__load.wasm.push(entry);
    const result = original.apply(this, args);
    result.then(() => (entry.end = performance.now()), () => (entry.failed = performance.now()));
    return result;
  };
}
const setTimeout0 = window.setTimeout;
window.setTimeout = function (fn, delay, ...rest) {
  window.__load.timers.push({ at: performance.now(), delay: delay ?? 0 });
  return setTimeout0.call(this, fn, delay, ...rest);
};
`;

// The SDK user's code, as the README's quick start (one CallClient each).
const USER = `
const meetingLink = 'https://example.test/meet/load';
const t0 = performance.now();
__mark('import()');
const { AzureCommunicationTokenCredential, CallClient, Features, createDevToken } = await import('/pkg/index.js');
__mark('import resolved');
async function joinMeeting(userId, role, onEvent) {
  const client = new CallClient();
  __mark(userId + ': new CallClient()');
  const credential = new AzureCommunicationTokenCredential(createDevToken({ userId, displayName: userId, role }));
  const callAgent = await client.createCallAgent(credential, { displayName: userId });
  __mark(userId + ': createCallAgent resolved');
  const call = callAgent.join({ meetingLink });
  call.on('stateChanged', () => __mark(userId + ': ' + call.state));
  call.feature(Features.BreakoutRooms).on('breakoutRoomsUpdated', (event) => onEvent(event, performance.now()));
  __mark(userId + ': joined, listening');
  return { callAgent, call };
}
let first;
const firstEvent = new Promise((resolve) => (first = resolve));
const olivia = await joinMeeting('olivia', 'organizer', () => {});
const umar = await joinMeeting('umar', 'attendee', (event, at) => {
  __load.events.push([event.type, at]);
  first({ type: event.type, at });
});
const mgmt = olivia.call.feature(Features.BreakoutRoomsManagement);
const [room] = await mgmt.createRooms(1);
__mark('olivia: createRooms resolved');
await mgmt.assignParticipants(room.threadId, [{ communicationUserId: 'umar' }]);
__mark('olivia: assignParticipants resolved');
const event = await firstEvent;
__mark('umar: first event');
await mgmt.openRooms();
__mark('olivia: openRooms resolved');
window.__keep = { olivia, umar };
window.__result = { importToEvent: event.at - t0, navigationToEvent: event.at, t0, type: event.type };
console.log('bench: done');
`;

const page = (hints = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>breakout-rooms load bench</title>
<link rel="icon" href="data:,">${hints}
<script>${PROBE}</script>
<script type="module">
${USER}
</script>
</head><body></body></html>
`;

// The figure's page; and the same page with the hints the package README gives a page that
// wants its meeting soonest: the browser fetches the entry and the wasm side by side while it
// parses the page (the package itself still fetches nothing at import; the page asks).
export const PAGES = [
  ['load.html', 'the page as above', page()],
  [
    'load-preload.html',
    'the page with <link rel="modulepreload"> of index.js and <link rel="preload" as="fetch"> of the wasm',
    page(`
<link rel="modulepreload" href="/pkg/index.js">
<link rel="preload" href="/pkg/breakout_rooms_bg.wasm" as="fetch" crossorigin>`),
  ],
];

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.ceil(at)] - sorted[lo]) * (at - lo);
};
const median = (values) => quantile(values, 0.5);

// BENCH_TRACE=n: n more loads of each package under Chromium's tracing (slower, so not in the
// figures above), for CPU time by kind of work from `import()` to the event: thread time, which
// the machine's other load changes far less than it changes wall time.
const TRACES = Number(process.env.BENCH_TRACE ?? 0);
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.compile', 'v8.wasm', 'blink', 'loading', 'blink.user_timing'];
const KINDS = [
  ['wasm: lazy compile (first calls)', (n) => n === 'wasm.CompileLazy'],
  ['wasm: streaming compile, instantiate', (n) => /^(v8\.)?wasm\./.test(n)],
  ['JS: parse, compile', (n) => /^V8\.(Parse|PreParse|Compile|CollectSourcePositions)|^v8\.(compileModule|parseOnBackground)/.test(n)],
  ['JS: garbage collection', (n) => /GC|Scavenge|Mark|Sweep/.test(n)],
  ['JS and wasm: running', (n) => /^(FunctionCall|v8\.callFunction|v8\.evaluateModule|v8\.run|EvaluateScript|AsyncTask Run|V8\.Execute|RunMicrotasks|TimerFire|FireAnimationFrame)/.test(n)],
];

/** Thread time (ms) from `import()` to Umar's first event, by kind, on the page's main thread
 *  and on its other threads. Self time: an event's thread time less its children's. */
function cpuTimes({ traceEvents }) {
  const mark = (name) => traceEvents.find((e) => e.name === name && e.cat.includes('user_timing'));
  const from = mark('import()');
  const to = mark('umar: first event');
  const threads = new Map();
  for (const e of traceEvents) {
    if (e.pid !== from.pid || e.ph !== 'X' || e.tdur === undefined || e.ts + e.dur < from.ts || e.ts > to.ts) continue;
    if (!threads.has(e.tid)) threads.set(e.tid, []);
    threads.get(e.tid).push(e);
  }
  const out = { main: {}, other: {} };
  for (const [tid, events] of threads) {
    const where = tid === from.tid ? out.main : out.other;
    events.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    for (const e of events) {
      while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
      e.self = e.tdur;
      if (stack.length) stack.at(-1).self -= e.tdur;
      stack.push(e);
    }
    for (const e of events) {
      // Only the part inside the window counts, in proportion.
      const inside = Math.max(0, Math.min(e.ts + e.dur, to.ts) - Math.max(e.ts, from.ts)) / (e.dur || 1);
      const kind = KINDS.find(([, test]) => test(e.name))?.[0] ?? `other: ${e.name}`;
      where[kind] = (where[kind] ?? 0) + (Math.max(0, e.self) * inside) / 1000;
    }
  }
  const lazy = traceEvents.filter((e) => e.name === 'wasm.CompileLazy' && e.pid === from.pid && e.ts >= from.ts && e.ts <= to.ts);
  return { ...out, wasmFunctionsCompiled: lazy.length, wall: (to.ts - from.ts) / 1000 };
}

/** One fresh load: its result, marks relative to t0, fetches, wasm calls and timers. */
async function oneLoad(browser, url, traced = false) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (traced) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    // The page says it is done on the console: polling it (waitForFunction) would inject
    // Playwright's script into the page while it loads, and that costs the page's main thread.
    const done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no result after 30 s')), 30_000);
      page.on('pageerror', (e) => reject(new Error(`page error: ${e?.stack ?? e}`)));
      page.on('console', (m) => {
        if (m.type() === 'error') reject(new Error(`console error: ${m.text()}`));
        if (m.text() === 'bench: done') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await page.goto(url);
    await done;
    const cpu = traced ? cpuTimes(JSON.parse(await browser.stopTracing())) : undefined;
    const result = await page.evaluate(() => {
      const { t0 } = window.__result;
      const rel = (v) => (v === undefined ? undefined : v - t0);
      const fetches = performance.getEntriesByType('resource').map((r) => ({
        name: r.name.replace(/^.*\//, ''),
        start: rel(r.startTime),
        connectEnd: rel(r.connectEnd),
        requestStart: rel(r.requestStart),
        responseStart: rel(r.responseStart),
        end: rel(r.responseEnd),
      }));
      const firstAt = window.__result.importToEvent;
      return {
        ...window.__result,
        marks: window.__load.marks.map(([name, at]) => [name, at - t0]),
        fetches,
        wasm: window.__load.wasm.map((w) => ({ name: w.name, start: rel(w.start), end: rel(w.end), failed: rel(w.failed) })),
        timers: window.__load.timers.filter((t) => t.at - t0 <= firstAt).map((t) => ({ at: t.at - t0, delay: t.delay })),
        domInteractive: performance.getEntriesByType('navigation')[0]?.domInteractive,
      };
    });
    return { ...result, cpu };
  } finally {
    await context.close();
  }
}

async function main() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-bench-load-'));
  const servers = [];
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  try {
    for (const [i, pkg] of PKGS.entries()) {
      const root = path.join(tmp, `site${i}`);
      await cp(pkg, path.join(root, 'pkg'), { recursive: true });
      for (const [file, , html] of PAGES) await writeFile(path.join(root, file), html);
      servers.push(await start(root));
    }
    // Every package with every page, their loads interleaved.
    const cases = servers.flatMap((server, i) => PAGES.map(([file, about]) => ({ pkg: PKGS[i], url: `${server.url}${file}`, about, loads: [], traced: [] })));
    const version = browser.version();
    for (const c of cases) await oneLoad(browser, `${c.url}?warmup`); // the browser warm
    for (let n = 0; n < LOADS; n++) for (const c of cases) c.loads.push(await oneLoad(browser, `${c.url}?load=${n}`));
    for (let n = 0; n < TRACES; n++) for (const c of cases) c.traced.push(await oneLoad(browser, `${c.url}?traced=${n}`, true));
    for (const c of cases) report(c, version);
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

function report({ loads, traced, pkg, about }, version) {
  const f = (v) => (v === undefined || Number.isNaN(v) ? '   n/a' : v.toFixed(1).padStart(6));
  const row = (label, values) => {
    const present = values.filter((v) => v !== undefined && !Number.isNaN(v));
    if (!present.length) return console.log(`  ${label.padEnd(58)}    n/a`);
    console.log(`  ${label.padEnd(58)} ${f(median(present))} ${f(quantile(present, 0.9))}  (${f(Math.min(...present))} - ${f(Math.max(...present))})`);
  };
  console.log(`\nbreakout-rooms load benchmark — Chromium ${version}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${pkg}, ${about}: ${loads.length} fresh loads (new context each, no HTTP cache); first event type: ${[...new Set(loads.map((l) => l.type))].join(', ')}`);
  console.log(`  ${'ms'.padEnd(58)} median    p90  (min - max)`);
  row("import() -> Umar's first breakoutRoomsUpdated", loads.map((l) => l.importToEvent));
  row('navigation start -> the same event', loads.map((l) => l.navigationToEvent));
  row('navigation start -> import() (page parsed, module script runs)', loads.map((l) => l.t0));

  const wasmFetches = loads.map((l) => l.fetches.filter((x) => x.name.endsWith('_bg.wasm')).length);
  console.log(`  wasm requests a load: ${[...new Set(wasmFetches)].join(', ')} (a preload the page's fetch did not use would make 2)`);
  console.log('\n  breakdown, ms after import() (median over the loads):');
  const fetchOf = (l, suffix) => l.fetches.find((x) => x.name.endsWith(suffix));
  for (const [label, suffix] of [['index.js', 'index.js'], ['wasm', '_bg.wasm']]) {
    row(`  ${label} fetch start`, loads.map((l) => fetchOf(l, suffix)?.start));
    row(`  ${label} connected (a new connection, or at once)`, loads.map((l) => fetchOf(l, suffix)?.connectEnd));
    row(`  ${label} request sent`, loads.map((l) => fetchOf(l, suffix)?.requestStart));
    row(`  ${label} first byte`, loads.map((l) => fetchOf(l, suffix)?.responseStart));
    row(`  ${label} last byte`, loads.map((l) => fetchOf(l, suffix)?.end));
  }
  const wasmNames = [...new Set(loads.flatMap((l) => l.wasm.map((w) => w.name)))];
  for (const name of wasmNames) {
    row(`  WebAssembly.${name} called`, loads.map((l) => l.wasm.find((w) => w.name === name)?.start));
    row(`  WebAssembly.${name} settled`, loads.map((l) => l.wasm.find((w) => w.name === name)?.end));
  }
  const markNames = [...new Set(loads.flatMap((l) => l.marks.map(([n]) => n)))];
  const markAt = (l, name) => l.marks.find(([n]) => n === name)?.[1];
  const ordered = markNames.map((n) => [n, median(loads.map((l) => markAt(l, n)).filter((v) => v !== undefined))]).sort((a, b) => a[1] - b[1]);
  for (const [name] of ordered) row(`  ${name}`, loads.map((l) => markAt(l, name)));

  const timers = loads.map((l) => l.timers);
  const delays = new Map();
  for (const list of timers) {
    for (const t of list) {
      const key = t.delay >= 3_600_000 ? '>= 1 h (token expiry)' : `${t.delay} ms`;
      delays.set(key, (delays.get(key) ?? 0) + 1);
    }
  }
  console.log(`\n  setTimeout calls before the event: median ${median(timers.map((t) => t.length))} a load; by delay (count over all loads): ${[...delays].map(([d, n]) => `${d} x${n}`).join(', ') || 'none'}`);
  if (!traced.length) return;
  console.log(`\n  ${traced.length} traced loads: thread time (ms) from import() to the event, median (wall time ${f(median(traced.map((l) => l.cpu.wall)))} under tracing)`);
  for (const where of ['main', 'other']) {
    // The named kinds, then the biggest other events by name, then the rest of them together.
    const sum = (values) => values.reduce((a, b) => a + b, 0);
    const total = (l) => sum(Object.values(l.cpu[where]));
    const others = [...new Set(traced.flatMap((l) => Object.keys(l.cpu[where])))].filter((k) => k.startsWith('other: '));
    const big = others.map((k) => [k, median(traced.map((l) => l.cpu[where][k] ?? 0))]).filter(([, v]) => v >= 0.5).sort((a, b) => b[1] - a[1]).map(([k]) => k);
    row(`  ${where === 'main' ? 'main thread' : 'other threads of the page'}, all`, traced.map(total));
    for (const [kind] of KINDS) row(`    ${kind}`, traced.map((l) => l.cpu[where][kind] ?? 0));
    for (const kind of big) row(`    ${kind}`, traced.map((l) => l.cpu[where][kind] ?? 0));
    row('    other: the rest', traced.map((l) => sum(others.filter((k) => !big.includes(k)).map((k) => l.cpu[where][k] ?? 0))));
  }
  row('  wasm functions compiled lazily (count)', traced.map((l) => l.cpu.wasmFunctionsCompiled));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
