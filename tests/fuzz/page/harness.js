// The fuzzer's page: it drives the package's PUBLIC JS surface exactly as an app does and
// records what an app can observe. It knows nothing of the model: node (tests/fuzz/run.mjs)
// sends one step at a time (`H.exec(step)`), lets events settle, and reads `H.snapshot()`.
//
// Checks that only the page can make (they need the moment an event is delivered) are
// recorded as `violations` on the participant and reported with the next snapshot:
//   - the list built from 'remoteParticipantsUpdated' equals call.remoteParticipants, at
//     every moment any listener of that participant runs, with no duplicate adds/removes;
//   - the list built from 'callsUpdated' holds no duplicates (compared with agent.calls at
//     snapshot time);
//   - a 'stateChanged' listener reads a state different from the one before.
import * as api from 'breakout-rooms';

const { CallClient, AzureCommunicationTokenCredential, createDevToken } = api;
const Features = api.Features ?? {
  BreakoutRooms: { name: 'BreakoutRooms' },
  BreakoutRoomsManagement: { name: 'BreakoutRoomsManagement' },
};

const MARK = 'fuzz-listener-throw';
// For tests/fuzz/regressions.test.mjs and memory.mjs, which drive the package directly.
window.api = api;
window.Features = Features;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const H = (window.H = {
  link: `https://example.test/meet/fuzz-${Math.random().toString(36).slice(2)}`,
  threadIds: [], // every room created in this run, in creation order (the model's room numbers)
  records: [], // every participant record (one per join), in order
  current: new Map(), // user -> latest record
  agents: new Map(), // user -> { agent, calls: [...], violations: [] }
  ticks: 0, // bumped by every event: settle() waits until it stops moving
  reentrantErrors: [],
  lastEndTime: null,
});

// ----- small helpers -----

function errInfo(e) {
  return {
    isError: e instanceof Error,
    name: e?.name,
    code: e?.code,
    subCode: e?.subCode,
    message: String(e?.message ?? e).slice(0, 300),
  };
}

function idsOf(list) {
  return [...list].map((p) => p?.identifier?.communicationUserId ?? JSON.stringify(p?.identifier)).sort();
}

function safe(fn, fallback = '<threw>') {
  try {
    return fn();
  } catch (e) {
    return `${fallback}: ${e?.message ?? e}`;
  }
}

function timeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`fuzz: ${what} did not settle in ${ms} ms`), { fuzzTimeout: true })), ms);
    }),
  ]);
}

// A macrotask turn without setTimeout's 4 ms clamp: every microtask (the in-page host
// delivers from microtasks) runs before it.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldTask = () =>
  new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });

/** Waits until no event has been delivered for a few macrotasks. */
H.settle = async function settle(maxMs = 2000) {
  const started = performance.now();
  let last = -1;
  let quiet = 0;
  while (quiet < 3 && performance.now() - started < maxMs) {
    await yieldTask();
    if (H.ticks === last) quiet += 1;
    else {
      quiet = 0;
      last = H.ticks;
    }
    if (quiet === 3) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (H.ticks !== last) {
        quiet = 0;
        last = H.ticks;
      }
    }
  }
};

// ----- watching an app's view of a participant -----

function roomDigest(room) {
  if (room === undefined) return undefined;
  if (room === null || typeof room !== 'object') return `<not a room: ${String(room)}>`;
  return {
    threadId: room.threadId,
    displayName: room.displayName,
    state: room.state,
    autoMove: room.autoMoveParticipantToBreakoutRoom,
    invitees: room.invitees === undefined ? undefined : idsOf(room.invitees),
  };
}

/** Starts following a call object of `rec` (main or breakout). */
function follow(rec, call, kind) {
  let c = rec.calls.find((x) => x.call === call);
  if (c) return c;
  c = {
    call,
    kind,
    id: safe(() => call.id),
    label: kind === 'main' ? 'main' : `b${rec.calls.filter((x) => x.kind === 'breakout').length + 1}`,
    initial: safe(() => call.state),
    states: [],
    rp: idsOf(safe(() => call.remoteParticipants, []) || []),
  };
  rec.calls.push(c);
  if (rec.throwFirst) {
    call.on('stateChanged', () => {
      throw new Error(MARK);
    });
    call.on('remoteParticipantsUpdated', () => {
      throw new Error(MARK);
    });
  }
  call.on('stateChanged', () => {
    H.ticks++;
    const state = call.state;
    const prev = c.states.length ? c.states.at(-1) : c.initial;
    if (state === prev) rec.violations.push(`${c.label}: 'stateChanged' without a change (still ${state})`);
    c.states.push(state);
    consistency(rec, `in ${c.label}'s stateChanged(${state})`);
  });
  call.on('remoteParticipantsUpdated', (e) => {
    H.ticks++;
    const added = idsOf(e?.added ?? []);
    const removed = idsOf(e?.removed ?? []);
    for (const a of added) {
      if (c.rp.includes(a)) rec.violations.push(`${c.label}: remoteParticipantsUpdated added ${a}, already listed in ${JSON.stringify(c.rp)}`);
      else c.rp.push(a);
    }
    for (const r of removed) {
      const i = c.rp.indexOf(r);
      if (i < 0) rec.violations.push(`${c.label}: remoteParticipantsUpdated removed ${r}, who was not listed in ${JSON.stringify(c.rp)}`);
      else c.rp.splice(i, 1);
    }
    c.rp.sort();
    consistency(rec, `in ${c.label}'s remoteParticipantsUpdated(+${added} -${removed})`);
  });
  if (kind === 'breakout') {
    // What the breakout call's own feature says (settings belong to it, SPEC 6.1).
    try {
      const f = call.feature(Features.BreakoutRooms);
      c.feature = f;
      f.on('breakoutRoomsUpdated', (event) => {
        H.ticks++;
        rec.stepEvents.push(eventDigest(event, 'breakout'));
      });
    } catch (e) {
      c.featureError = errInfo(e);
    }
  }
  return c;
}

/** At any moment a listener runs, the lists built from events equal what the calls say. */
function consistency(rec, where) {
  for (const c of rec.calls) {
    let now;
    try {
      now = idsOf(c.call.remoteParticipants);
    } catch (e) {
      continue;
    }
    if (JSON.stringify(now) !== JSON.stringify(c.rp)) {
      const key = `${c.label}@${where}`;
      if (!rec.seenMismatch.has(key)) {
        rec.seenMismatch.add(key);
        rec.violations.push(
          `${c.label}: remoteParticipants reads ${JSON.stringify(now)} ${where}, but the events so far give ${JSON.stringify(c.rp)}`,
        );
      }
    }
  }
}

function eventDigest(event, on) {
  const data = event?.data;
  const d = { on, type: event?.type, undef: data === undefined };
  if (event?.type === 'assignedBreakoutRooms' && data) {
    d.threadId = data.threadId;
    d.invitees = data.invitees !== undefined;
  }
  if (event?.type === 'breakoutRooms' && Array.isArray(data)) d.count = data.length;
  return d;
}

function agentRecord(agent) {
  for (const a of H.agents.values()) if (a.agent === agent) return a;
  return null;
}

function watchAgent(user, agent, throwFirst) {
  const a = { agent, user, calls: [], violations: [], disposed: false };
  if (throwFirst) {
    agent.on('callsUpdated', () => {
      throw new Error(MARK);
    });
  }
  agent.on('callsUpdated', (e) => {
    H.ticks++;
    for (const call of e?.added ?? []) {
      if (a.calls.includes(call)) a.violations.push(`callsUpdated added call ${safe(() => call.id)} already listed`);
      else a.calls.push(call);
      // A breakout call: follow it from the moment the app first sees it.
      const rec = a.rec;
      if (rec && call !== rec.call) follow(rec, call, 'breakout');
    }
    for (const call of e?.removed ?? []) {
      const i = a.calls.indexOf(call);
      if (i < 0) a.violations.push(`callsUpdated removed call ${safe(() => call.id)} that was not listed`);
      else a.calls.splice(i, 1);
    }
    if (a.rec) consistency(a.rec, 'in callsUpdated');
  });
  return a;
}

async function newAgent(user, role) {
  const token = createDevToken({ userId: user, displayName: user, role });
  return new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token), { displayName: user });
}

function mgmtOf(rec) {
  return rec.call.feature(Features.BreakoutRoomsManagement);
}

// ----- arguments: descriptors (plain JSON, printable) -> values -----

function threadId(k) {
  return H.threadIds[k] ?? `19:fuzz-unknown-${k}@thread.v2`;
}

function boom(what) {
  return () => {
    throw new Error(`fuzz: ${what} throws`);
  };
}

function arg(d, ctx) {
  if (!Array.isArray(d)) return d;
  const [k, a, b] = d;
  switch (k) {
    case 'v':
      return a === undefined ? undefined : JSON.parse(JSON.stringify(a));
    case 'u':
      return undefined;
    case 'room':
      return threadId(a);
    case 'rooms':
      return a.map(threadId);
    case 'id':
      return { communicationUserId: a };
    case 'ids':
      return a.map((u) => ({ communicationUserId: u }));
    case 'nan':
      return NaN;
    case 'inf':
      return Infinity;
    case 'big':
      return 3n;
    case 'sym':
      return Symbol('three');
    case 'fn':
      return () => 3;
    case 'nowPlus': {
      const t = Date.now() + a;
      ctx.endTime = t;
      return t;
    }
    case 'past':
      return Date.now() - 1000;
    case 'dateNaN':
      return new Date(NaN);
    case 'obj':
      return Object.fromEntries(Object.entries(a).map(([key, v]) => [key, arg(v, ctx)]));
    case 'arr':
      return a.map((v) => arg(v, ctx));
    case 'rev':
      return ctx.revision + (a ?? 0);
    case 'str':
      return b.repeat(a);
    case 'throwGet': // a Proxy whose every get throws
      return new Proxy(arg(a, ctx), { get: boom('get trap') });
    case 'throwGetKey': // a Proxy whose get of one key throws
      return new Proxy(arg(a, ctx), {
        get: (t, key) => (key === b ? boom(`get ${b}`)() : Reflect.get(t, key)),
      });
    case 'throwOwnKeys':
      return new Proxy(arg(a, ctx), { ownKeys: boom('ownKeys trap') });
    case 'throwGetter': {
      const o = arg(a, ctx);
      Object.defineProperty(o, b, { get: boom(`getter ${b}`), enumerable: true, configurable: true });
      return o;
    }
    case 'huge': {
      const arr = new Array(a);
      return b === undefined ? arr : arr.fill(b);
    }
    case 'proxyLen':
      return new Proxy([], { get: (t, key) => (key === 'length' ? a : Reflect.get(t, key)) });
    default:
      throw new Error(`fuzz: unknown argument descriptor ${JSON.stringify(d)}`);
  }
}

// ----- listeners that throw or call back into the API -----

function addReentrant(rec) {
  const f = rec.feature;
  const call = rec.call;
  const agent = rec.agent;
  const poke = (why) => {
    // Reads everything an app reads in a handler.
    safe(() => [f.breakoutRooms, f.assignedBreakoutRoom, f.breakoutRoomsSettings, call.remoteParticipants, call.state]);
    safe(() => agent.calls.map((c) => [c.state, c.remoteParticipants.length]));
    safe(() => mgmtOf(rec).revision);
    // A management call from inside a handler that cannot change anything: an unknown room.
    let p;
    try {
      p = mgmtOf(rec).renameRoom('19:fuzz-reentrant-nope@thread.v2', 'X');
    } catch (e) {
      H.reentrantErrors.push({ user: rec.user, why, threw: errInfo(e) });
      return;
    }
    p.then(
      () => H.reentrantErrors.push({ user: rec.user, why, resolved: true }),
      (e) => {
        const info = errInfo(e);
        if (!(info.isError && info.name === 'BreakoutRoomsError' && [46902, 46900, 46909].includes(info.subCode))) {
          H.reentrantErrors.push({ user: rec.user, why, rejected: info });
        }
      },
    );
    // A listener that adds and removes another one while the event is delivered.
    const other = () => {};
    safe(() => f.on('breakoutRoomsUpdated', other));
    safe(() => f.off('breakoutRoomsUpdated', other));
  };
  f.on('breakoutRoomsUpdated', (e) => poke(`feature ${e?.type}`));
  call.on('stateChanged', () => poke('stateChanged'));
  agent.on('callsUpdated', () => poke('callsUpdated'));
}

function addThrowing(rec) {
  rec.feature.on('breakoutRoomsUpdated', () => {
    throw new Error(MARK);
  });
  rec.call.on('stateChanged', () => {
    throw new TypeError(MARK);
  });
  rec.call.on('remoteParticipantsUpdated', () => {
    throw MARK; // not even an Error
  });
  rec.agent.on('callsUpdated', () => {
    throw new Error(MARK);
  });
}

function churn(rec, n) {
  for (let i = 0; i < n; i++) {
    const f1 = () => {};
    const f2 = () => {};
    const f3 = () => {};
    rec.feature.on('breakoutRoomsUpdated', f1);
    rec.call.on('stateChanged', f2);
    rec.agent.on('callsUpdated', f3);
    rec.call.feature(Features.BreakoutRooms).off('breakoutRoomsUpdated', f1);
    rec.call.off('stateChanged', f2);
    rec.agent.off('callsUpdated', f3);
  }
}

// ----- steps -----

async function settleOp(promise, what, ms = 4000) {
  if (!(promise instanceof Promise)) return { kind: 'notAPromise', value: String(promise) };
  try {
    const value = await timeout(promise, ms, what);
    return { kind: 'resolved', value };
  } catch (e) {
    if (e?.fuzzTimeout) return { kind: 'pending' };
    return { kind: 'rejected', error: errInfo(e) };
  }
}

async function runOp(fn, what, ms) {
  let promise;
  try {
    promise = fn();
  } catch (e) {
    return { kind: 'threw', error: errInfo(e) };
  }
  return settleOp(promise, what, ms);
}

function roomsOut(value) {
  return Array.isArray(value) ? value.map(roomDigest) : `<not an array: ${String(value)}>`;
}

async function join(step) {
  const { user, role } = step;
  const prevAgent = H.agents.get(user);
  let agentRec;
  if (step.sameAgent && prevAgent && !prevAgent.disposed) {
    agentRec = prevAgent;
  } else {
    const agent = await newAgent(user, role);
    agentRec = watchAgent(user, agent, step.throwFirst);
  }
  const agent = agentRec.agent;
  let call;
  // The new main call arrives in 'callsUpdated' during join(): it is this join's, not a
  // breakout call of the agent's previous participant.
  agentRec.rec = null;
  try {
    call = agent.join({ meetingLink: H.link });
  } catch (e) {
    return { kind: 'threw', error: errInfo(e) };
  }
  const rec = {
    key: H.records.length,
    user,
    agentRec,
    agent,
    call,
    throwFirst: !!step.throwFirst,
    calls: [],
    violations: [],
    stepEvents: [],
    seenMismatch: new Set(),
  };
  agentRec.rec = rec;
  H.records.push(rec);
  const twin = H.current.has(user) && H.current.get(user).call.state !== 'Disconnected';
  rec.twin = twin;
  if (twin) H.current.get(user).replaced = true;
  H.current.set(user, rec);
  if (prevAgent !== agentRec) H.agents.set(user, agentRec);
  follow(rec, call, 'main');
  const out = { kind: 'joined', twin };
  // A management call at once, while the call is still Connecting (SPEC 5).
  let early;
  if (step.mgmtNow) {
    const ctx = { revision: 0 };
    early = runOp(() => mgmtOf(rec)[step.mgmtNow.method](...step.mgmtNow.args.map((d) => arg(d, ctx))), 'mgmt at join', 4000);
  }
  try {
    rec.feature = call.feature(Features.BreakoutRooms);
    if (step.throwFirst) {
      rec.feature.on('breakoutRoomsUpdated', () => {
        throw new Error(MARK);
      });
    }
    rec.feature.on('breakoutRoomsUpdated', (event) => {
      H.ticks++;
      rec.stepEvents.push(eventDigest(event, 'main'));
      consistency(rec, `in breakoutRoomsUpdated(${event?.type})`);
    });
  } catch (e) {
    out.featureError = errInfo(e);
  }
  if (early) {
    const r = await early;
    if (r.kind === 'resolved') {
      r.rooms = roomsOut(r.value);
      for (const room of Array.isArray(r.value) ? r.value : []) H.threadIds.push(room.threadId);
      delete r.value;
    }
    out.mgmtNow = r;
  }
  return out;
}

async function mgmt(step) {
  const rec = H.current.get(step.user);
  if (!rec) return { kind: 'skipped' };
  let m;
  try {
    m = mgmtOf(rec);
  } catch (e) {
    return { kind: 'threw', error: errInfo(e), where: 'feature()' };
  }
  const ctx = { revision: safe(() => m.revision, 0) };
  let args;
  try {
    args = step.args.map((d) => arg(d, ctx));
  } catch (e) {
    return { kind: 'fuzzerError', error: errInfo(e) };
  }
  // The host takes its own clock for a closing countdown: somewhere between these two.
  const calledAt = Date.now();
  const r = await runOp(() => m[step.method](...args), step.method, step.slow ? 30000 : 4000);
  r.calledAt = calledAt;
  r.settledAt = Date.now();
  if (ctx.endTime !== undefined) r.endTime = ctx.endTime;
  if (r.kind === 'resolved') {
    if (step.method === 'createRooms' || step.method === 'recreateRooms') {
      r.rooms = roomsOut(r.value);
      for (const room of Array.isArray(r.value) ? r.value : []) H.threadIds.push(room.threadId);
    } else r.valueType = r.value === undefined ? 'undefined' : typeof r.value;
    delete r.value;
  }
  return r;
}

function latestBreakout(rec) {
  return rec.calls.filter((c) => c.kind === 'breakout').at(-1);
}

async function exec(step) {
  const rec = H.current.get(step.user);
  switch (step.op) {
    case 'join':
      return join(step);
    case 'mgmt':
      return mgmt(step);
    case 'leave':
      if (!rec) return { kind: 'skipped' };
      return runOp(() => rec.call.hangUp(), 'hangUp');
    case 'dispose': {
      if (!rec) return { kind: 'skipped' };
      rec.agentRec.disposed = true;
      return runOp(() => rec.agent.dispose(), 'dispose');
    }
    case 'roomJoin': {
      if (!rec) return { kind: 'skipped' };
      let room;
      if (step.via === 'assigned') room = rec.feature?.assignedBreakoutRoom;
      else {
        const list = rec.feature?.breakoutRooms;
        if (list === undefined) return { kind: 'skipped', why: 'no room list' };
        room = list.find((r) => r.threadId === threadId(step.room));
      }
      if (!room) return { kind: 'skipped', why: 'no such room' };
      const r = await runOp(() => room.join(), 'room.join()');
      if (r.kind === 'resolved') {
        const b = latestBreakout(rec);
        r.isLatestBreakout = !!b && r.value === b.call;
        r.state = safe(() => r.value.state);
        delete r.value;
      }
      return r;
    }
    case 'roomReturn': {
      if (!rec) return { kind: 'skipped' };
      const room = rec.feature?.assignedBreakoutRoom;
      if (!room) return { kind: 'skipped', why: 'no assigned room' };
      const r = await runOp(() => room.returnToMainMeeting(), 'returnToMainMeeting()');
      if (r.kind === 'resolved') {
        r.isMain = r.value === rec.call;
        delete r.value;
      }
      return r;
    }
    case 'hangUpBreakout': {
      if (!rec) return { kind: 'skipped' };
      const b = latestBreakout(rec);
      if (!b) return { kind: 'skipped', why: 'no breakout call' };
      if (step.resume === 'nowait') {
        // The seed's way: `breakoutRoomCall.hangUp(); mainMeetingCall.resume();`
        let p1;
        let p2;
        const out = {};
        try {
          p1 = b.call.hangUp();
        } catch (e) {
          out.hangUp = { kind: 'threw', error: errInfo(e) };
        }
        try {
          p2 = rec.call.resume();
        } catch (e) {
          out.resume = { kind: 'threw', error: errInfo(e) };
        }
        if (p1) out.hangUp = await settleOp(p1, 'hangUp');
        if (p2) out.resume = await settleOp(p2, 'resume');
        return { kind: 'pair', ...out };
      }
      const r = await runOp(() => b.call.hangUp(), 'breakout hangUp');
      if (step.resume === 'await') {
        await H.settle();
        return { kind: 'pair', hangUp: r, resume: await runOp(() => rec.call.resume(), 'resume') };
      }
      return r;
    }
    case 'resume':
      if (!rec) return { kind: 'skipped' };
      return runOp(() => rec.call.resume(), 'resume');
    case 'listeners':
      if (!rec || !rec.feature) return { kind: 'skipped' };
      if (step.kind === 'throwing') addThrowing(rec);
      else if (step.kind === 'reentrant') addReentrant(rec);
      else churn(rec, step.n ?? 50);
      return { kind: 'done' };
    case 'wait':
      await sleep(step.ms);
      return { kind: 'done' };
    default:
      return { kind: 'fuzzerError', error: { message: `unknown op ${step.op}` } };
  }
}

H.exec = async function (step) {
  let out;
  try {
    out = await exec(step);
  } catch (e) {
    out = { kind: 'harnessThrew', error: errInfo(e) };
  }
  await H.settle();
  return out;
};

// ----- what every participant shows -----

function settingsDigest(s) {
  if (s === undefined) return undefined;
  if (s === null || typeof s !== 'object') return `<not settings: ${String(s)}>`;
  return JSON.parse(JSON.stringify({ ...s, roomEndTimeType: s.roomEndTime === undefined ? 'undefined' : typeof s.roomEndTime }));
}

function callDigest(c) {
  const call = c.call;
  return {
    label: c.label,
    id: c.id,
    state: safe(() => call.state),
    rp: safe(() => idsOf(call.remoteParticipants)),
    rpDetail: safe(() => call.remoteParticipants.map((p) => ({ id: p.identifier?.communicationUserId, displayName: p.displayName, state: p.state }))),
    rpFromEvents: [...c.rp],
    initial: c.initial,
    states: c.states,
    endReason: safe(() => (call.callEndReason ? { code: call.callEndReason.code, subCode: call.callEndReason.subCode } : undefined)),
    breakoutSettings: c.kind === 'breakout' && c.feature ? safe(() => settingsDigest(c.feature.breakoutRoomsSettings)) : undefined,
  };
}

H.snapshot = function () {
  const out = [];
  for (const rec of H.records) {
    const a = rec.agentRec;
    const d = {
      key: rec.key,
      user: rec.user,
      twin: rec.twin,
      replaced: !!rec.replaced,
      current: H.current.get(rec.user) === rec,
      calls: rec.calls.map(callDigest),
      violations: rec.violations.splice(0),
      events: rec.stepEvents.splice(0),
    };
    if (d.current) {
      const f = rec.feature;
      d.agentConnected = safe(() => rec.agent.connectionState);
      d.agentCalls = safe(() => rec.agent.calls.map((call) => rec.calls.find((c) => c.call === call)?.label ?? `?${call.id}`));
      d.agentCallsFromEvents = a.calls.map((call) => rec.calls.find((c) => c.call === call)?.label ?? `?${safe(() => call.id)}`);
      d.agentViolations = a.violations.splice(0);
      if (f) {
        d.assigned = safe(() => roomDigest(f.assignedBreakoutRoom));
        d.assigned2 = safe(() => roomDigest(f.assignedBreakoutRooms));
        d.rooms = safe(() => (f.breakoutRooms === undefined ? undefined : f.breakoutRooms.map(roomDigest)));
        d.settings = safe(() => settingsDigest(f.breakoutRoomsSettings));
      }
      d.revision = safe(() => mgmtOf(rec).revision);
      d.mgmtSettings = safe(() => settingsDigest(mgmtOf(rec).settings));
      // SPEC 11: the countdowns, by room (the times are the host's clock).
      d.closings = safe(() => mgmtOf(rec).closings?.map((c) => c.threadId).sort());
      d.roomClosing = safe(() => (f ? f.roomClosing?.threadId ?? null : null));
    }
    out.push(d);
  }
  return { records: out, reentrantErrors: H.reentrantErrors.splice(0), threadIds: [...H.threadIds], dead: H.alive() };
};

/** The API still answers: a wasm panic would have poisoned it. */
H.alive = function () {
  try {
    const token = createDevToken({ userId: 'fuzz-still-alive' });
    if (typeof token !== 'string' || !token) return 'createDevToken returned no token';
    new CallClient();
    return null;
  } catch (e) {
    return `the API no longer works: ${e?.name}: ${e?.message}`;
  }
};

H.ready = true;
