#!/usr/bin/env node
// Seeded, model-based fuzzer of the package's public JS surface (issue 9). See README.md.
//
//   node tests/fuzz/run.mjs                          # seeds 1..3, 300 steps each
//   node tests/fuzz/run.mjs --seed 7 --steps 2000    # replays seed 7 exactly
//   node tests/fuzz/run.mjs --seeds 1..40 --steps 2000
//   node tests/fuzz/run.mjs --replay failure.json    # a step list printed by a failure
//
// Options: --spec-version next|baseline (default next), --no-huge (skip the slow
// huge-array steps), --no-hostile (skip Proxy/getter-throwing arguments), --no-shrink, --shrink-seconds N (default 180), --keep-going (run
// every seed even after a failure), --out DIR (write each failure's steps as JSON there),
// --ignore REGEX (drop problems matching it: to look past a known defect; repeatable).
// Env BR_PKG: the package directory (default: the repo's pkg/).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { openBrowser } from './browser.mjs';
import { Generator } from './gen.mjs';
import { Model, isManager } from './model.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ----- checking one step -----

const sortedJSON = (v) =>
  JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
const eq = (a, b) => sortedJSON(a) === sortedJSON(b);
const show = (v) => (v === undefined ? 'undefined' : sortedJSON(v));

function errorShape(err, what, problems) {
  if (!err || !err.isError || err.name !== 'BreakoutRoomsError' || typeof err.code !== 'number' || typeof err.subCode !== 'number') {
    problems.push(
      `not a BreakoutRoomsError: ${what} rejected with ${err?.isError ? '' : 'a non-Error '}${err?.name ?? ''} code=${err?.code} subCode=${err?.subCode}: ${err?.message}`,
    );
    return false;
  }
  return true;
}

function checkOutcome(what, expected, actual, problems) {
  if (expected.kind === 'any') return;
  if (actual.kind === 'harnessThrew' || actual.kind === 'fuzzerError') {
    const text = actual.error?.message ?? '';
    if (/unreachable|RuntimeError|recursive use|null pointer|already borrowed/i.test(`${actual.error?.name} ${text}`)) {
      problems.push(`poisoned: ${what} threw ${actual.error?.name}: ${text}`);
    } else problems.push(`fuzzer: ${what}: ${actual.kind}: ${actual.error?.name}: ${text}`);
    return;
  }
  if (actual.kind === 'pending') return problems.push(`outcome ${what}: the promise never settled`);
  if (actual.kind === 'threw') {
    if (/unreachable/i.test(actual.error?.message ?? '') || actual.error?.name === 'RuntimeError') {
      return problems.push(`poisoned: ${what} threw ${actual.error?.name}: ${actual.error?.message}`);
    }
    return problems.push(`outcome ${what}: threw synchronously instead of returning a Promise: ${show(actual.error)}`);
  }
  if (actual.kind === 'notAPromise') return problems.push(`outcome ${what}: returned ${actual.value}, not a Promise`);
  if (expected.kind === 'pair') {
    checkOutcome(`${what} (hangUp)`, expected.hangUp, actual.hangUp ?? { kind: 'missing' }, problems);
    checkOutcome(`${what} (resume)`, expected.resume, actual.resume ?? { kind: 'missing' }, problems);
    return;
  }
  if (expected.kind === 'joined') {
    if (actual.kind !== 'joined' || actual.twin !== expected.twin) problems.push(`outcome ${what}: expected ${show(expected)}, got ${show(actual)}`);
    if (expected.mgmtNow) checkOutcome(`${what} then at once mgmt.createRooms`, expected.mgmtNow, actual.mgmtNow ?? { kind: 'missing' }, problems);
    return;
  }
  if (expected.kind === 'rejected') {
    if (actual.kind !== 'rejected') {
      const wanted = expected.codes.map((c) => c.join('/')).join(' or ');
      return problems.push(`outcome ${what}: expected a rejection ${wanted}, got ${actual.kind}${actual.rooms ? ` ${show(actual.rooms)}` : ''}`);
    }
    if (/unreachable/i.test(actual.error?.message ?? '') || actual.error?.name === 'RuntimeError') {
      return problems.push(`poisoned: ${what} rejected with ${actual.error?.name}: ${actual.error?.message}`);
    }
    if (!errorShape(actual.error, what, problems)) return;
    if (!expected.codes.some(([c, s]) => c === actual.error.code && s === actual.error.subCode)) {
      problems.push(
        `outcome ${what}: expected ${expected.codes.map((c) => c.join('/')).join(' or ')}, got ${actual.error.code}/${actual.error.subCode}: ${actual.error.message}`,
      );
    }
    return;
  }
  if (expected.kind === 'resolved') {
    if (actual.kind !== 'resolved') {
      if (actual.kind === 'rejected') errorShape(actual.error, what, []);
      return problems.push(`outcome ${what}: expected it to resolve, got ${actual.kind}: ${show(actual.error ?? actual)}`);
    }
    if (expected.rooms) {
      const got = Array.isArray(actual.rooms) ? actual.rooms.map((r) => [r.displayName, r.state]) : actual.rooms;
      const want = expected.rooms.map((r) => [r.name, 'closed']);
      if (!eq(got, want)) problems.push(`outcome ${what}: resolved with rooms ${show(got)}, expected ${show(want)}`);
    }
    if (expected.isLatestBreakout && !actual.isLatestBreakout) problems.push(`outcome ${what}: did not resolve with the breakout call`);
    if (expected.state && actual.state !== expected.state) problems.push(`outcome ${what}: resolved with a call in state ${actual.state}`);
    if (expected.isMain && !actual.isMain) problems.push(`outcome ${what}: did not resolve with the main meeting call`);
    return;
  }
  if (expected.kind !== actual.kind) problems.push(`outcome ${what}: expected ${expected.kind}, got ${show(actual)}`);
}

function settingsNorm(s) {
  if (s === undefined || typeof s !== 'object') return s;
  const e = s.roomEndTime;
  return {
    disableReturnToMainMeeting: s.disableReturnToMainMeeting,
    autoMoveParticipantToBreakoutRoom: s.autoMoveParticipantToBreakoutRoom,
    roomEndTime: e === undefined ? undefined : typeof e === 'string' ? Date.parse(e) : e?.attemptTimestamp,
    type: s.roomEndTimeType,
    closingWarningSeconds: s.closingWarningSeconds,
  };
}

function expectedSettings(model) {
  const s = model.settings;
  const type = s.end === null ? 'undefined' : model.spec === 'baseline' ? 'object' : 'string';
  return {
    disableReturnToMainMeeting: s.disable,
    autoMoveParticipantToBreakoutRoom: s.autoMove,
    roomEndTime: s.end ?? undefined,
    type,
    // SPEC 11: managers' settings carry the closing warning (not the SDK's breakout settings).
    closingWarningSeconds: model.spec === 'baseline' ? undefined : s.warning,
  };
}

/** Every participant's view against the model, and the page's own event checks. */
export function checkViews(model, snapshot, problems) {
  const views = model.expectedViews();
  for (const v of snapshot.reentrantErrors) problems.push(`page reentrant listener: ${show(v)}`);
  for (const rec of snapshot.records) {
    const who = `${rec.user}#${rec.key}`;
    for (const v of rec.violations) problems.push(`page ${who}: ${v}`);
    for (const v of rec.agentViolations ?? []) problems.push(`page ${who} agent: ${v}`);
    for (const c of rec.calls) {
      if (c.state === 'Disconnected') {
        const seq = [c.initial, ...c.states];
        if (seq.at(-1) !== 'Disconnected' || seq.at(-2) !== 'Disconnecting') {
          problems.push(`call states ${who} ${c.label}: ended without Disconnecting -> Disconnected: ${show(seq)}`);
        }
        if (Array.isArray(c.rp) && c.rp.length) problems.push(`view ${who} ${c.label}: an ended call lists ${show(c.rp)}`);
      }
      if (!eq(c.rp, c.rpFromEvents)) {
        problems.push(`rp-events ${who} ${c.label}: remoteParticipants ${show(c.rp)} but the events give ${show(c.rpFromEvents)}`);
      }
      const last = c.states.length ? c.states.at(-1) : c.initial;
      if (last !== c.state) problems.push(`call states ${who} ${c.label}: reads ${c.state} but the last 'stateChanged' said ${last}`);
    }
    if (rec.replaced) {
      const main = rec.calls[0];
      if (!eq(main.endReason, { code: 409, subCode: 46915 })) problems.push(`view ${who}: replaced by a newer join, callEndReason ${show(main.endReason)}, expected 409/46915`);
    }
    if (!rec.current) {
      for (const c of rec.calls) if (c.state !== 'Disconnected') problems.push(`view ${who}: an old participant's ${c.label} is ${c.state}`);
      continue;
    }
    const e = views.get(rec.user);
    if (!e) {
      problems.push(`fuzzer: ${who} is in the page but not in the model`);
      continue;
    }
    const main = rec.calls.find((c) => c.label === 'main');
    const bs = rec.calls.filter((c) => c.label !== 'main');
    if (main.state !== e.main) problems.push(`view ${who} main state: ${main.state}, expected ${e.main}`);
    if (bs.length !== e.breakouts) problems.push(`view ${who} breakout calls: ${bs.length} ('join' moves), expected ${e.breakouts}`);
    bs.forEach((b, i) => {
      const want = i === bs.length - 1 && e.bstate ? e.bstate : 'Disconnected';
      if (b.state !== want) problems.push(`view ${who} ${b.label} state: ${b.state}, expected ${want}`);
    });
    const wantCalls = [...(e.main !== 'Disconnected' ? ['main'] : []), ...(e.bstate === 'Connected' ? [`b${e.breakouts}`] : [])].sort();
    if (!eq([...(rec.agentCalls ?? [])].sort(), wantCalls)) problems.push(`view ${who} agent.calls: ${show(rec.agentCalls)}, expected ${show(wantCalls)}`);
    if (!eq([...(rec.agentCallsFromEvents ?? [])].sort(), [...(rec.agentCalls ?? [])].sort())) {
      problems.push(`calls-events ${who}: agent.calls ${show(rec.agentCalls)} but 'callsUpdated' gives ${show(rec.agentCallsFromEvents)}`);
    }
    const disposed = model.agents.get(rec.user)?.disposed;
    if (rec.agentConnected !== (disposed ? 'Disconnected' : 'Connected')) problems.push(`view ${who} agent.connectionState: ${rec.agentConnected}`);
    if (e.main === 'Disconnected') continue;

    if (!eq(rec.assigned, e.assigned)) problems.push(`view ${who} assignedBreakoutRoom: ${show(rec.assigned)}, expected ${show(e.assigned)}`);
    if (!eq(rec.assigned2, rec.assigned)) problems.push(`view ${who} assignedBreakoutRooms differs from assignedBreakoutRoom: ${show(rec.assigned2)}`);
    if (!eq(rec.rooms, e.rooms)) problems.push(`view ${who} breakoutRooms: ${show(rec.rooms)}, expected ${show(e.rooms)}`);
    if (e.manager && rec.revision !== e.revision) problems.push(`view ${who} mgmt.revision: ${rec.revision}, expected ${e.revision}`);
    const want = expectedSettings(model);
    const latest = bs.at(-1);
    if (model.spec === 'baseline') {
      if (!eq(settingsNorm(rec.settings), want)) problems.push(`view ${who} breakoutRoomsSettings: ${show(rec.settings)}, expected ${show(want)}`);
    } else {
      if (rec.settings !== undefined) problems.push(`view ${who}: the main call's breakoutRoomsSettings is ${show(rec.settings)}, expected undefined (SPEC 6.1)`);
      // SPEC 3: the breakout call's settings are the SDK's; auto-move is only in mgmt.settings.
      const sdk = { ...want, autoMoveParticipantToBreakoutRoom: undefined, closingWarningSeconds: undefined };
      if (e.bstate === 'Connected' && latest && !eq(settingsNorm(latest.breakoutSettings), sdk)) {
        problems.push(`view ${who} breakout call's breakoutRoomsSettings: ${show(latest.breakoutSettings)}, expected ${show(sdk)}`);
      }
      if (e.manager && !eq(settingsNorm(rec.mgmtSettings), want)) problems.push(`view ${who} mgmt.settings: ${show(rec.mgmtSettings)}, expected ${show(want)}`);
    }
    if (model.spec !== 'baseline') {
      if (e.manager && !eq(rec.closings, e.closings)) problems.push(`view ${who} mgmt.closings: ${show(rec.closings)}, expected ${show(e.closings)}`);
      const before = model.rolesBefore?.get(rec.user);
      const steady = !e.manager && (!before || !isManager(before.role));
      if (steady && rec.roomClosing !== e.roomClosing) {
        problems.push(`view ${who} roomClosing: ${show(rec.roomClosing)}, expected ${show(e.roomClosing)}`);
      }
    }
    if (!eq(main.rp, e.mainRp)) problems.push(`view ${who} main remoteParticipants: ${show(main.rp)}, expected ${show(e.mainRp)}`);
    if (latest && e.bstate === 'Connected' && !eq(latest.rp, e.breakoutRp)) {
      problems.push(`view ${who} ${latest.label} remoteParticipants: ${show(latest.rp)}, expected ${show(e.breakoutRp)}`);
    }
    for (const c of rec.calls) {
      if (!Array.isArray(c.rpDetail)) continue;
      for (const p of c.rpDetail) {
        if (p.displayName !== p.id || p.state !== 'Connected') problems.push(`view ${who} ${c.label}: a RemoteParticipant reads ${show(p)}`);
      }
    }
    // SPEC 4: an attendee never hears of other rooms, their invitees, or the room list.
    const before = model.rolesBefore?.get(rec.user);
    const after = model.people.get(rec.user);
    const attendeeThroughout = !isManager(after.role) && (!before || !isManager(before.role));
    for (const ev of rec.events) {
      if (model.spec !== 'baseline' && ev.on === 'main' && ev.type === 'breakoutRoomsSettings') {
        problems.push(`view ${who}: a 'breakoutRoomsSettings' event on the main call's feature (SPEC 6.1: it belongs to the breakout call)`);
      }
      if (!attendeeThroughout) continue;
      if (ev.type === 'breakoutRooms') problems.push(`leak ${who}: an attendee received a 'breakoutRooms' event`);
      if (ev.type === 'assignedBreakoutRooms' && ev.invitees) problems.push(`leak ${who}: an attendee's assignment event lists invitees`);
      if (ev.type === 'assignedBreakoutRooms' && ev.threadId) {
        const own = [before?.assignment, after.assignment].map((s) => (s === null || s === undefined ? null : model.threadIds[s]));
        if (!own.includes(ev.threadId)) problems.push(`leak ${who}: an attendee heard of room ${ev.threadId}, not their own`);
      }
    }
  }
}

// ----- running a list of steps -----

function category(problem) {
  return problem.split(':')[0].replace(/#\d+/g, '');
}

/**
 * Runs steps on a fresh page: `steps` is an array (replay) or a Generator (then `count`
 * steps are generated). Stops at the first step whose checks fail.
 */
export async function runSteps(browser, { steps, gen, count, spec, ignore = [], log = () => {} }) {
  const keep = (problems) => problems.filter((p) => !ignore.some((re) => re.test(p)));
  const page = await browser.freshPage();
  const model = new Model({ spec });
  const executed = [];
  const total = steps ? steps.length : count;
  const snapshotAndCheck = async (problems) => {
    const snapshot = await page.evaluate(() => window.H.snapshot());
    model.threadIds = snapshot.threadIds;
    model.adoptRevision(snapshot, problems);
    model.adopt(snapshot, problems);
    checkViews(model, snapshot, problems);
    if (snapshot.dead) problems.push(`poisoned: ${snapshot.dead}`);
    for (const e of browser.pageErrors.splice(0)) problems.push(`page error: ${e}`);
  };
  // The host's timers (the room end time, closing countdowns) run on the page's clock: a
  // step is never run while one may fire; they are let fire, then checked, before it.
  const flushTimers = async (force) => {
    const timers = model.dueTimers(Date.now(), force);
    if (!timers) return [];
    await sleep(Math.max(0, timers.until + 150 - Date.now()));
    await page.evaluate(() => window.H.settle());
    model.rolesBefore = new Map([...model.people].map(([u, p]) => [u, { role: p.role, assignment: p.assignment }]));
    model.fire(timers.due);
    const problems = [];
    await snapshotAndCheck(problems);
    return keep(problems).map((p) => `${p} (after the room end time or a closing countdown)`);
  };
  for (let i = 0; i < total; i++) {
    const step = steps ? steps[i] : gen.next(model);
    executed.push(step);
    let problems = [];
    try {
      const next = model.timers()[0];
      const long = step.slow || (step.op === 'wait' && next !== undefined && Date.now() + step.ms + 350 >= next.lo);
      problems = await flushTimers(long);
      if (problems.length) return { failure: { index: i, step: null, problems, category: category(problems[0]) }, executed, model };
      const outcome = await page.evaluate((s) => window.H.exec(s), step);
      const expected = model.apply(step, outcome);
      checkOutcome(describeStep(step), expected, outcome, problems);
      await snapshotAndCheck(problems);
    } catch (e) {
      problems.push(`poisoned-or-crashed: ${String(e?.message ?? e).split('\n')[0]}`);
    }
    problems = keep(problems);
    if (problems.length) return { failure: { index: i, step, problems, category: category(problems[0]) }, executed, model };
    if (i % 250 === 249) log(`  ... ${i + 1} steps`);
  }
  return { failure: null, executed, model };
}

// ----- shrinking -----

export async function shrink(browser, steps, failure, { spec, ignore = [], seconds = 180, log = () => {} }) {
  const deadline = Date.now() + seconds * 1000;
  const reproduces = async (candidate) => {
    const r = await runSteps(browser, { steps: candidate, spec, ignore });
    if (r.failure && r.failure.problems.some((p) => category(p) === failure.category)) {
      return candidate.slice(0, r.failure.index + 1);
    }
    return null;
  };
  let current = steps.slice(0, failure.index + 1);
  let chunk = Math.max(1, Math.floor(current.length / 2));
  let tries = 0;
  while (chunk >= 1 && Date.now() < deadline) {
    let progressed = false;
    for (let start = 0; start < current.length && Date.now() < deadline; ) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      tries++;
      const kept = candidate.length ? await reproduces(candidate) : null;
      if (kept) {
        current = kept;
        progressed = true;
      } else start += chunk;
    }
    if (!progressed) {
      if (chunk === 1) break;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }
  log(`  shrunk to ${current.length} steps in ${tries} tries${Date.now() >= deadline ? ' (time budget reached)' : ''}`);
  const last = await runSteps(browser, { steps: current, spec, ignore });
  return { steps: current, failure: last.failure };
}

// ----- printing steps as code -----

function argCode(d) {
  if (!Array.isArray(d)) return JSON.stringify(d);
  const [k, a, b] = d;
  switch (k) {
    case 'v':
      return a === undefined ? 'undefined' : JSON.stringify(a);
    case 'u':
      return 'undefined';
    case 'room':
      return `room(${a})`;
    case 'rooms':
      return `[${a.map((x) => `room(${x})`).join(', ')}]`;
    case 'id':
      return `id('${a}')`;
    case 'ids':
      return `[${a.map((u) => `id('${u}')`).join(', ')}]`;
    case 'nan':
      return 'NaN';
    case 'inf':
      return 'Infinity';
    case 'big':
      return '3n';
    case 'sym':
      return "Symbol('three')";
    case 'fn':
      return '() => 3';
    case 'nowPlus':
      return `Date.now() + ${a}`;
    case 'past':
      return 'Date.now() - 1000';
    case 'dateNaN':
      return 'new Date(NaN)';
    case 'obj':
      return `{ ${Object.entries(a).map(([key, v]) => `${key}: ${argCode(v)}`).join(', ')} }`;
    case 'arr':
      return `[${a.map(argCode).join(', ')}]`;
    case 'rev':
      return a ? `mgmt.revision + ${a}` : 'mgmt.revision';
    case 'str':
      return `${JSON.stringify(b)}.repeat(${a})`;
    case 'throwGet':
      return `new Proxy(${argCode(a)}, { get() { throw new Error('boom'); } })`;
    case 'throwGetKey':
      return `new Proxy(${argCode(a)}, { get: (t, k) => (k === '${b}' ? boom() : t[k]) })`;
    case 'throwOwnKeys':
      return `new Proxy(${argCode(a)}, { ownKeys() { throw new Error('boom'); } })`;
    case 'throwGetter':
      return `Object.defineProperty(${argCode(a)}, '${b}', { get() { throw new Error('boom'); }, enumerable: true })`;
    case 'huge':
      return b === undefined ? `new Array(${a})` : `new Array(${a}).fill(${JSON.stringify(b)})`;
    case 'proxyLen':
      return `new Proxy([], { get: (t, k) => (k === 'length' ? ${a} : t[k]) })`;
    default:
      return JSON.stringify(d);
  }
}

export function describeStep(s) {
  const who = `${s.user}`;
  switch (s.op) {
    case 'join': {
      const o = [s.sameAgent && 'sameAgent: true', s.throwFirst && 'throwingListenersFirst: true'].filter(Boolean);
      const line = `${who} = await join('${s.user}', '${s.role}'${o.length ? `, { ${o.join(', ')} }` : ''});`;
      return s.mgmtNow ? `${line} // and at once, still Connecting: ${who}.mgmt.${s.mgmtNow.method}(${s.mgmtNow.args.map(argCode).join(', ')})` : line;
    }
    case 'mgmt':
      return `await ${who}.mgmt.${s.method}(${s.args.map(argCode).join(', ')});${s.bad ? ` // ${s.bad}` : ''}`;
    case 'leave':
      return `await ${who}.call.hangUp(); // leave the meeting`;
    case 'dispose':
      return `await ${who}.agent.dispose();`;
    case 'roomJoin':
      return s.via === 'assigned'
        ? `await ${who}.feature.assignedBreakoutRoom.join();`
        : `await ${who}.feature.breakoutRooms.find((r) => r.threadId === room(${s.room})).join();`;
    case 'roomReturn':
      return `await ${who}.feature.assignedBreakoutRoom.returnToMainMeeting();`;
    case 'hangUpBreakout':
      if (s.resume === 'nowait') return `${who}.breakoutCall.hangUp(); ${who}.call.resume(); // not awaited in between`;
      if (s.resume === 'await') return `await ${who}.breakoutCall.hangUp(); await ${who}.call.resume();`;
      return `await ${who}.breakoutCall.hangUp();`;
    case 'resume':
      return `await ${who}.call.resume();`;
    case 'listeners':
      return `${who}.add${s.kind[0].toUpperCase()}${s.kind.slice(1)}Listeners(); // ${
        { throwing: 'listeners that throw', reentrant: 'listeners that call back into the API', churn: 'on/off 50 times' }[s.kind]
      }`;
    case 'wait':
      return `await sleep(${s.ms});`;
    default:
      return JSON.stringify(s);
  }
}

export function printFailure({ seed, steps, failure, spec }) {
  const lines = [];
  lines.push(`FAILURE${seed !== undefined ? ` (seed ${seed})` : ''} at step ${failure.index + 1} of ${steps.length}, spec ${spec}:`);
  for (const p of failure.problems.slice(0, 12)) lines.push(`  - ${p}`);
  if (failure.problems.length > 12) lines.push(`  ... and ${failure.problems.length - 12} more`);
  lines.push('Steps (each participant `x` is the app\'s view of the last join of user x; `room(k)` is the');
  lines.push('k-th room created in the run; `id(u)` is { communicationUserId: u }; an event settles after each):');
  steps.forEach((s, i) => lines.push(`  ${String(i + 1).padStart(3)}. ${describeStep(s)}`));
  return lines.join('\n');
}

// ----- command line -----

function parseArgs(argv) {
  const o = { seeds: null, steps: 300, spec: 'next', huge: true, hostile: true, shrink: true, shrinkSeconds: 180, keepGoing: false, replay: null, out: null, ignore: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--seed') o.seeds = [Number(next())];
    else if (a === '--seeds') {
      const v = next();
      const m = /^(\d+)\.\.(\d+)$/.exec(v);
      o.seeds = m ? Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, k) => Number(m[1]) + k) : v.split(',').map(Number);
    } else if (a === '--steps') o.steps = Number(next());
    else if (a.startsWith('--spec-version')) o.spec = a.includes('=') ? a.split('=')[1] : next();
    else if (a === '--no-huge') o.huge = false;
    else if (a === '--no-hostile') o.hostile = false;
    else if (a === '--no-shrink') o.shrink = false;
    else if (a === '--shrink-seconds') o.shrinkSeconds = Number(next());
    else if (a === '--keep-going') o.keepGoing = true;
    else if (a === '--replay') o.replay = next();
    else if (a === '--out') o.out = next();
    else if (a === '--ignore') o.ignore.push(new RegExp(next()));
    else throw new Error(`unknown option ${a}`);
  }
  if (!['next', 'baseline'].includes(o.spec)) throw new Error(`--spec-version must be next or baseline, got ${o.spec}`);
  o.seeds ??= [1, 2, 3];
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const browser = await openBrowser();
  const log = (line) => console.log(line);
  console.log(`breakout-rooms fuzz: package ${browser.pkg}, spec ${o.spec}${o.huge ? '' : ', no huge arrays'}`);
  let failures = 0;
  const started = Date.now();
  try {
    const runs = o.replay
      ? [{ name: o.replay, steps: JSON.parse(await readFile(o.replay, 'utf8')).steps }]
      : o.seeds.map((seed) => ({ seed, name: `seed ${seed}` }));
    for (const run of runs) {
      const t0 = Date.now();
      const result = run.steps
        ? await runSteps(browser, { steps: run.steps, spec: o.spec, ignore: o.ignore, log })
        : await runSteps(browser, { gen: new Generator(run.seed, { huge: o.huge, hostile: o.hostile }), count: o.steps, spec: o.spec, ignore: o.ignore, log });
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      if (!result.failure) {
        const t = result.model.timersFired;
        console.log(`ok   ${run.name}: ${result.executed.length} steps in ${secs} s (timers fired: ${t.closes} closing countdowns, ${t.ends} end times)`);
        continue;
      }
      failures++;
      console.log(`FAIL ${run.name}: at step ${result.failure.index + 1} after ${secs} s: ${result.failure.problems[0]}`);
      let steps = result.executed;
      let failure = result.failure;
      if (o.shrink) {
        const s = await shrink(browser, steps, failure, { spec: o.spec, ignore: o.ignore, seconds: o.shrinkSeconds, log });
        if (s.failure) ({ steps, failure } = s);
      }
      console.log(printFailure({ seed: run.seed, steps, failure, spec: o.spec }));
      const replay = JSON.stringify({ seed: run.seed, spec: o.spec, steps });
      if (o.out) {
        await mkdir(o.out, { recursive: true });
        const file = path.join(o.out, `failure-${run.seed ?? 'replay'}.json`);
        await writeFile(file, replay);
        console.log(`Replay: node tests/fuzz/run.mjs --replay ${file} --spec-version ${o.spec}`);
      } else console.log(`Replay JSON (save and pass to --replay):\n${replay}`);
      if (run.seed !== undefined) console.log(`Replay the whole run: node tests/fuzz/run.mjs --seed ${run.seed} --steps ${o.steps} --spec-version ${o.spec}${o.huge ? '' : ' --no-huge'}${o.hostile ? '' : ' --no-hostile'}`);
      if (!o.keepGoing) break;
    }
  } finally {
    await browser.close();
  }
  console.log(`${failures ? `${failures} failing run(s)` : 'all runs passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = failures ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 2;
  });
}
