#!/usr/bin/env node
// Memory per cycle (issue 9, defect 4): figures to report, never asserted.
//
//   node tests/fuzz/memory.mjs [--cycles N] [--batches B]      (env BR_PKG: the package)
//
// In a fresh page per scenario, after a full GC (CDP HeapProfiler.collectGarbage) between
// batches, it reads the wasm linear memory (the `memory` export of what `init()` resolves
// with, when the package exposes it; it only grows, in 64 KiB pages) and the JS heap
// (CDP Runtime.getHeapUsage), and times each batch. Scenarios:
//   rejoin      leave + rejoin with the same CallAgent
//   visits      enter a room (assignedBreakoutRoom.join()) and return (returnToMainMeeting())
//   visits+listeners  the same, with two listeners put on each breakout call and then forgotten
//   onoff       on/off of a listener on the feature, the call and the agent
import { openBrowser } from './browser.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const BATCHES = opt('--batches', 5);
const CYCLES = {
  rejoin: opt('--cycles', 0) || 1000,
  visits: opt('--cycles', 0) || 3000,
  'visits+listeners': opt('--cycles', 0) || 3000,
  onoff: opt('--cycles', 0) || 20000,
};

const SETUP = async (scenario) => {
  const { CallClient, AzureCommunicationTokenCredential, createDevToken } = window.api;
  const Features = window.Features;
  const settle = async (n = 3) => {
    for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
  };
  const link = `https://example.test/meet/memory-${Math.random().toString(36).slice(2)}`;
  async function join(user, role = 'attendee') {
    const token = createDevToken({ userId: user, displayName: user, role });
    const agent = await new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token), { displayName: user });
    const call = agent.join({ meetingLink: link });
    await settle();
    return { user, agent, call, feature: call.feature(Features.BreakoutRooms) };
  }
  let exportsObject = null;
  try {
    exportsObject = await window.api.init?.();
  } catch {
    exportsObject = null;
  }
  const memory = exportsObject?.memory instanceof WebAssembly.Memory ? exportsObject.memory : null;
  const org = await join('org', 'organizer');
  const a = await join('a');
  const mgmt = org.call.feature(Features.BreakoutRoomsManagement);
  if (scenario.startsWith('visits')) {
    const [room] = await mgmt.createRooms(['Red']);
    await mgmt.updateSettings({ autoMoveParticipantToBreakoutRoom: false });
    await mgmt.assignParticipants(room.threadId, [{ communicationUserId: 'a' }]);
    await mgmt.openRooms();
    await settle();
  }
  const noop = () => {};
  const cycle = {
    async rejoin() {
      a.call.hangUp();
      await settle(2);
      a.call = a.agent.join({ meetingLink: link });
      await settle(2);
    },
    async visits() {
      await a.feature.assignedBreakoutRoom.join();
      await a.feature.assignedBreakoutRoom.returnToMainMeeting();
    },
    async 'visits+listeners'() {
      const call = await a.feature.assignedBreakoutRoom.join();
      call.on('stateChanged', () => {});
      call.on('remoteParticipantsUpdated', () => {});
      await a.feature.assignedBreakoutRoom.returnToMainMeeting();
    },
    async onoff() {
      const f = () => {};
      a.feature.on('breakoutRoomsUpdated', f);
      a.call.on('stateChanged', f);
      a.agent.on('callsUpdated', f);
      a.feature.off('breakoutRoomsUpdated', f);
      a.call.off('stateChanged', f);
      a.agent.off('callsUpdated', f);
    },
  }[scenario];
  window.M = {
    ready: true,
    wasmBytes: () => (memory ? memory.buffer.byteLength : null),
    async run(n) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await cycle();
      await settle(5);
      return { ms: performance.now() - t0, state: a.call.state, calls: a.agent.calls.length };
    },
  };
  void noop;
};

const kb = (bytes) => (bytes === null || bytes === undefined ? 'n/a' : `${(bytes / 1024).toFixed(1)} KiB`);

async function measure(browser, scenario, cycles) {
  const page = await browser.freshPage();
  await page.evaluate(SETUP, scenario);
  const cdp = await browser.context.newCDPSession(page);
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => window.M.wasmBytes());
    return { js: heap.usedSize, wasm };
  };
  // A warm-up batch so lazily made things (first room, first call objects) are not counted.
  await page.evaluate((n) => window.M.run(n), Math.max(10, Math.floor(cycles / BATCHES / 10)));
  const first = await sample();
  const rows = [];
  const per = Math.floor(cycles / BATCHES);
  for (let b = 0; b < BATCHES; b++) {
    const r = await page.evaluate((n) => window.M.run(n), per);
    const s = await sample();
    rows.push({ ...r, ...s });
  }
  const last = rows.at(-1);
  const n = per * BATCHES;
  console.log(`\n${scenario}: ${n} cycles in ${BATCHES} batches (after a warm-up; GC before each reading)`);
  console.log('  batch   ms/cycle   JS heap used   wasm memory');
  console.log(`  start        -      ${kb(first.js).padStart(12)}   ${kb(first.wasm).padStart(11)}`);
  rows.forEach((r, i) =>
    console.log(`  ${String(i + 1).padStart(5)}   ${(r.ms / per).toFixed(3).padStart(8)}   ${kb(r.js).padStart(12)}   ${kb(r.wasm).padStart(11)}`),
  );
  const perCycle = (x, y) => (x === null || y === null ? 'n/a' : `${((y - x) / n).toFixed(1)} B`);
  console.log(`  growth per cycle: JS heap ${perCycle(first.js, last.js)}, wasm memory ${perCycle(first.wasm, last.wasm)}`);
  console.log(`  time per cycle: first batch ${(rows[0].ms / per).toFixed(3)} ms, last batch ${(last.ms / per).toFixed(3)} ms`);
  return { scenario, cycles: n, first, rows };
}

const browser = await openBrowser();
console.log(`breakout-rooms memory per cycle: package ${browser.pkg}`);
try {
  for (const scenario of Object.keys(CYCLES)) await measure(browser, scenario, CYCLES[scenario]);
} finally {
  await browser.close();
}
