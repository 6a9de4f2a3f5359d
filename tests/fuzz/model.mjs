// The fuzzer's model: what SPEC promises, in plain JS, for one in-page meeting.
//
// It holds the meeting (rooms, settings, roles, revision, who is assigned where, who is
// where) and each participant's client (call states, breakout calls), applies a step and
// the page's outcome of it, and says what every participant must show afterwards. It is
// only ever compared at rest (after the page's events settle), so it models end states,
// not the order of events; the page checks event-order facts itself (harness.js).
//
// `spec: 'next'` (default) is SPEC as it stands; `spec: 'baseline'` is what the package
// before issue 7 implements where SPEC has since moved (settings on the main call's
// feature, roomEndTime as { attemptTimestamp }, management refused while Connecting, and
// closeRooms closing at once).
//
// Closing countdowns (SPEC 11, issue 13): closeRooms without graceSeconds warns the people
// inside for the meeting's closingWarningSeconds (60 s unless changed) and closes then; a
// grace of 0 (given, or the setting) closes at once; closing a closing room again moves its
// close; openRooms calls a pending close off. The host takes its own clock for a close, so
// the model holds each pending close as a window [asked + grace, answered + grace] and,
// like the room end time, is only compared once the window has passed (run.mjs flushes).

export const POOL = [
  ['org', 'organizer'],
  ['co', 'coOrganizer'],
  ['mgr', 'breakoutRoomManager'],
  ['a1', 'attendee'],
  ['a2', 'attendee'],
  ['a3', 'attendee'],
  ['a4', 'attendee'],
];
export const TOKEN_ROLE = Object.fromEntries(POOL);
export const isManager = (role) => role === 'organizer' || role === 'coOrganizer' || role === 'breakoutRoomManager';

const LIMITS = { rooms: 1000, nameChars: 100 };
const E = {
  invalid: [400, 46908],
  notManager: [403, 46900],
  notOrganizer: [403, 46901],
  unknownRoom: [404, 46902],
  unknownParticipant: [404, 46903],
  roomName: [400, 46904],
  limit: [413, 46905],
  stale: [409, 46906],
  returnDisabled: [403, 46907],
  notConnected: [412, 46909],
  noRooms: [409, 46911],
  roleChange: [400, 46912],
  holdFailed: [500, 46255],
  roomClosed: [412, 46256],
  resumeFailed: [412, 46257],
  notAssigned: [412, 46260],
  joinedElsewhere: [409, 46915],
};
export const ERRORS = E;

const sorted = (a) => [...a].sort();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** A rejection with one of `codes`. */
const reject = (...codes) => ({ kind: 'rejected', codes });
const resolved = (extra = {}) => ({ kind: 'resolved', ...extra });

export class Model {
  constructor({ spec = 'next' } = {}) {
    this.spec = spec;
    this.revision = 0;
    this.created = 0; // rooms ever created: room k is the k-th (the page's H.threadIds[k])
    this.threadIds = [];
    this.rooms = []; // existing rooms in creation order: { seq, name, state }
    this.settings = { disable: false, autoMove: true, end: null, warning: 60 };
    // closeRooms calls still to fire: { id, lo, hi, seqs } (times in ms; seqs still pending)
    this.closes = [];
    this.nextClose = 0;
    // After timers that the host may have handled together: the revisions it may be at.
    this.revisionRange = null;
    this.timersFired = { closes: 0, ends: 0 }; // for the run's summary
    this.people = new Map(); // user -> { role, present, assignment (seq|null), loc (null|'main'|seq) }
    this.clients = new Map(); // user -> the current client: { main, held, breakouts, bstate, lastReady, records }
    this.agents = new Map(); // user -> { disposed }
    this.pendingAdoption = null;
  }

  // ----- reads -----

  room(seq) {
    return this.rooms.find((r) => r.seq === seq);
  }
  present() {
    return [...this.people].filter(([, p]) => p.present).map(([u]) => u);
  }
  role(user) {
    return this.people.get(user)?.role ?? TOKEN_ROLE[user];
  }
  inRoom(p) {
    return p.loc !== null && p.loc !== 'main';
  }
  live(user) {
    const c = this.clients.get(user);
    return !!c && c.main !== 'Disconnected';
  }
  invitees(seq) {
    return sorted([...this.people].filter(([, p]) => p.assignment === seq).map(([u]) => u));
  }
  view(user) {
    const p = this.people.get(user);
    const r = p && p.assignment !== null ? this.room(p.assignment) : undefined;
    return r ? { seq: r.seq, name: r.name, state: r.state } : null;
  }

  // ----- a client's reactions (SPEC 6.2, 6.3, 6.5, 6.6; README: auto-move on becoming ready) -----

  react(user) {
    const p = this.people.get(user);
    const c = this.clients.get(user);
    if (!p?.present || !c || c.main === 'Disconnected') return;
    const v = this.view(user);
    const ready = v && v.state === 'open' && this.settings.autoMove ? v.seq : null;
    // The client's breakout call, not the host's record (the host may have moved them already).
    if (c.bRoom !== null) {
      const allowed = v && v.state === 'open' && v.seq === c.bRoom;
      if (!allowed) this.backToMain(user, false);
    }
    if (ready !== null && ready !== c.lastReady && c.bRoom === null) this.enter(user, ready);
    c.lastReady = ready;
  }
  reactAll() {
    for (const u of this.present()) this.react(u);
  }
  enter(user, seq) {
    const p = this.people.get(user);
    const c = this.clients.get(user);
    p.loc = seq;
    c.bRoom = seq;
    c.breakouts += 1;
    c.bstate = 'Connected';
    c.main = 'LocalHold';
  }
  backToMain(user, held) {
    const p = this.people.get(user);
    const c = this.clients.get(user);
    p.loc = 'main';
    c.bRoom = null;
    c.bstate = 'Disconnected';
    c.main = held ? 'LocalHold' : 'Connected';
  }

  /** Whether `seq`'s people are told it closes (SPEC 11): a pending close, or the end time
   *  once inside the warning (end times here are set at most 0.5 s ahead, warnings >= 1 s). */
  closing(seq) {
    const r = this.room(seq);
    if (!r || r.state !== 'open') return false;
    if (this.pendingClose(seq)) return true;
    return this.spec !== 'baseline' && this.settings.end !== null && this.settings.warning > 0;
  }
  pendingClose(seq) {
    return this.closes.some((c) => c.seqs.includes(seq));
  }
  /** Calls `seq`'s pending close off (it closed, went, or was opened). */
  forgetClose(seq) {
    for (const c of this.closes) c.seqs = c.seqs.filter((s) => s !== seq);
    this.closes = this.closes.filter((c) => c.seqs.length);
  }
  closeNow(seq) {
    const r = this.room(seq);
    this.forgetClose(seq);
    if (r.state === 'closed') return false;
    r.state = 'closed';
    for (const p of this.people.values()) if (p.loc === seq) p.loc = 'main';
    return true;
  }

  // ----- time -----

  /** The host's timers, earliest first: `{ lo, hi, margin, fire }`, with `lo..hi` when it
   *  may fire, and how long before it no step may start (a step takes a while). Closes are
   *  seconds away when asked, so they get a wider margin than end times (0.25-0.5 s away). */
  timers() {
    const out = this.closes.map((c) => ({ lo: c.lo, hi: c.hi, margin: 1000, fire: () => this.fireClose(c.id) }));
    const end = this.settings.end;
    if (end !== null) out.push({ lo: end, hi: end, margin: 200, fire: () => this.fireEnd() });
    return out.sort((a, b) => a.lo - b.lo);
  }

  /** The timers to let fire before the next step, if one is within its margin of `now` (or
   *  `force`): from the first, every one that may fire by the time those have. */
  dueTimers(now, force) {
    const all = this.timers();
    if (!all.length || (!force && !all.some((t) => now >= t.lo - t.margin))) return null;
    let until = all[0].hi;
    const due = [all[0]];
    for (const t of all.slice(1)) {
      if (t.lo > until + 150) break;
      due.push(t);
      until = Math.max(until, t.hi);
    }
    return { due, until };
  }

  /** Fires `due` (after the page's clock passed them all). Timers the host handled in one
   *  wake-up are one revision: with several, any count from one to all of them is right. */
  fire(due) {
    const before = this.revision;
    for (const t of due) t.fire();
    const changes = this.revision - before;
    if (changes > 1) {
      this.revision = before + 1;
      this.revisionRange = [before + 1, before + changes];
    }
    this.reactAll();
  }

  fireEnd() {
    if (this.settings.end === null) return;
    this.settings.end = null;
    this.timersFired.ends += 1;
    for (const r of this.rooms) this.closeNow(r.seq);
    this.revision += 1;
  }

  fireClose(id) {
    const c = this.closes.find((x) => x.id === id);
    if (!c) return;
    this.timersFired.closes += 1;
    let changed = false;
    for (const seq of [...c.seqs]) changed = this.closeNow(seq) || changed;
    if (changed) this.revision += 1;
  }

  /** After `fire`: the revision the managers read, if it is one the host may be at. */
  adoptRevision(snapshot, problems) {
    const range = this.revisionRange;
    this.revisionRange = null;
    if (!range) return;
    const seen = snapshot.records.find((r) => r.current && isManager(this.people.get(r.user)?.role) && typeof r.revision === 'number');
    if (!seen) return;
    if (seen.revision >= range[0] && seen.revision <= range[1]) this.revision = seen.revision;
    else problems.push(`timers: mgmt.revision ${seen.revision} after timers that fired, expected ${range[0]}..${range[1]}`);
  }

  // ----- steps: expected outcome (before the page runs it) and the new state -----

  /** Applies `step`, given the page's `outcome` (for values only the page knows: threadIds, times). */
  apply(step, outcome) {
    this.rolesBefore = new Map([...this.people].map(([u, p]) => [u, { role: p.role, assignment: p.assignment }]));
    switch (step.op) {
      case 'join':
        return this.join(step, outcome);
      case 'mgmt':
        return this.mgmtStep(step, outcome);
      case 'leave':
      case 'dispose':
        return this.leave(step);
      case 'roomJoin':
        return this.roomJoin(step);
      case 'roomReturn':
        return this.roomReturn(step);
      case 'hangUpBreakout':
        return this.hangUpBreakout(step);
      case 'resume':
        return this.resume(step);
      case 'listeners':
        return this.clients.has(step.user) && this.clients.get(step.user).hasFeature ? { kind: 'done' } : { kind: 'skipped' };
      case 'wait':
        return { kind: 'done' };
      default:
        throw new Error(`model: unknown op ${step.op}`);
    }
  }

  join(step, outcome) {
    const { user } = step;
    const p = this.people.get(user);
    const agent = this.agents.get(user);
    const reuse = step.sameAgent && agent && !agent.disposed;
    if (!reuse) this.agents.set(user, { disposed: false });
    const expected = { kind: 'joined', twin: !!p?.present };
    // The newest join of an identity takes the place: the old client's calls end (409/46915)
    // and the new one starts in the main meeting, as after a leave and a rejoin.
    if (p?.present) this.leave({ op: 'leave', user });
    const tokenRole = TOKEN_ROLE[user];
    if (!p) this.people.set(user, { role: tokenRole, present: true, assignment: null, loc: 'main' });
    else {
      // A grant by the organizer outlives a rejoin with an attendee token (README).
      if (!(tokenRole === 'attendee' && p.role === 'breakoutRoomManager')) p.role = tokenRole;
      p.present = true;
      p.loc = 'main';
    }
    this.clients.set(user, { main: 'Connected', breakouts: 0, bstate: null, bRoom: null, lastReady: null, hasFeature: true });
    this.react(user);
    if (step.mgmtNow) {
      if (this.spec === 'baseline') expected.mgmtNow = reject(E.notConnected);
      else expected.mgmtNow = this.manage(user, step.mgmtNow, outcome?.mgmtNow);
    }
    return expected;
  }

  leave(step) {
    const { user } = step;
    const c = this.clients.get(user);
    if (!c) return { kind: 'skipped' };
    if (step.op === 'dispose') this.agents.get(user).disposed = true;
    if (c.main !== 'Disconnected') {
      const p = this.people.get(user);
      p.present = false;
      p.loc = null;
      c.main = 'Disconnected';
      c.bRoom = null;
      if (c.bstate) c.bstate = 'Disconnected';
    }
    return resolved();
  }

  roomJoin(step) {
    const { user } = step;
    const c = this.clients.get(user);
    if (!c) return { kind: 'skipped' };
    if (c.main === 'Disconnected') return { kind: 'any' }; // objects of a call that ended: not modelled
    const p = this.people.get(user);
    let target;
    if (step.via === 'assigned') {
      const v = this.view(user);
      if (!v) return { kind: 'skipped' };
      target = v.seq;
    } else {
      if (!isManager(p.role)) return { kind: 'skipped' };
      if (!this.room(step.room)) return { kind: 'skipped' };
      target = step.room;
    }
    if (p.assignment !== target) return reject(E.notAssigned);
    if (this.room(target).state !== 'open') return reject(E.roomClosed);
    if (p.loc !== target) this.enter(user, target);
    return resolved({ isLatestBreakout: true, state: 'Connected' });
  }

  roomReturn(step) {
    const { user } = step;
    const c = this.clients.get(user);
    if (!c) return { kind: 'skipped' };
    if (c.main === 'Disconnected') return { kind: 'any' };
    if (!this.view(user)) return { kind: 'skipped' };
    const p = this.people.get(user);
    if (this.inRoom(p)) {
      if (this.settings.disable) return reject(E.returnDisabled);
      this.backToMain(user, false);
    } else c.main = 'Connected';
    return resolved({ isMain: true });
  }

  hangUpBreakout(step) {
    const { user } = step;
    const c = this.clients.get(user);
    if (!c || c.breakouts === 0) return { kind: 'skipped' };
    const p = this.people.get(user);
    const pair = step.resume === 'nowait' || step.resume === 'await';
    if (c.main === 'Disconnected') {
      return pair ? { kind: 'pair', hangUp: resolved(), resume: reject(E.resumeFailed) } : resolved();
    }
    if (!this.inRoom(p)) {
      if (pair) c.main = 'Connected';
      return pair ? { kind: 'pair', hangUp: resolved(), resume: resolved() } : resolved();
    }
    if (this.settings.disable) {
      return pair
        ? { kind: 'pair', hangUp: reject(E.returnDisabled), resume: reject(E.returnDisabled) }
        : reject(E.returnDisabled);
    }
    this.backToMain(user, !pair);
    return pair ? { kind: 'pair', hangUp: resolved(), resume: resolved() } : resolved();
  }

  resume(step) {
    const { user } = step;
    const c = this.clients.get(user);
    if (!c) return { kind: 'skipped' };
    if (c.main === 'Disconnected') return reject(E.resumeFailed);
    const p = this.people.get(user);
    if (this.inRoom(p)) {
      if (this.settings.disable) return reject(E.returnDisabled);
      this.backToMain(user, false);
    } else c.main = 'Connected';
    return resolved();
  }

  // ----- management (SPEC 5, README's error table) -----

  mgmtStep(step, outcome) {
    if (!this.clients.has(step.user)) return { kind: 'skipped' };
    return this.manage(step.user, step, outcome);
  }

  /** Expected outcome of a management call by `user`; applies it when it succeeds. */
  manage(user, step, outcome) {
    const c = this.clients.get(user);
    const p = this.people.get(user);
    const connected = c && c.main !== 'Disconnected';
    const role = p?.role;
    const roleError =
      step.method === 'setBreakoutRoomManager'
        ? role !== 'organizer'
          ? E.notOrganizer
          : null
        : !isManager(role)
          ? E.notManager
          : null;
    if (step.bad) {
      // Bad input: 400/46908 (huge arrays may say 413/46905). Whether the role or the
      // connection is checked first is not specified: either error is right.
      const codes = step.bad === 'huge' ? [E.invalid, E.limit] : [E.invalid];
      if (!connected) codes.push(E.notConnected);
      else if (roleError) codes.push(roleError);
      return { kind: 'rejected', codes, anyOrder: true };
    }
    if (!connected) return reject(E.notConnected);
    if (roleError) return reject(roleError);
    const a = step.args.map((d) => this.val(d, outcome));
    const opts = this.optionsOf(step.method, a);
    if (opts && opts.expectedRevision !== undefined && opts.expectedRevision !== this.revision) return reject(E.stale);
    this.asked = outcome && { at: outcome.calledAt, answered: outcome.settledAt };
    const result = this.command(step.method, a, opts);
    if (result.error) return reject(result.error);
    if (result.changed) this.revision += 1;
    if (step.method === 'assignAutomatically' && result.adoption) this.pendingAdoption = { ...result.adoption, actor: user };
    else this.reactAll();
    return resolved(result.rooms ? { rooms: result.rooms } : {});
  }

  /** A descriptor's meaning (valid descriptors only). */
  val(d, outcome) {
    if (!Array.isArray(d)) return d;
    const [k, a] = d;
    switch (k) {
      case 'v':
        return a;
      case 'u':
        return undefined;
      case 'room':
        return { room: a };
      case 'rooms':
        return a.map((x) => ({ room: x }));
      case 'id':
        return { user: a };
      case 'ids':
        return a.map((u) => ({ user: u }));
      case 'obj':
        return Object.fromEntries(Object.entries(a).map(([key, v]) => [key, this.val(v, outcome)]));
      case 'nowPlus':
        return { endTime: outcome?.endTime };
      case 'rev':
        return this.revision + (a ?? 0);
      default:
        throw new Error(`model: cannot read descriptor ${JSON.stringify(d)}`);
    }
  }

  optionsOf(method, a) {
    switch (method) {
      case 'createRooms':
      case 'recreateRooms':
      case 'deleteRoom':
      case 'unassignParticipants':
        return a[1];
      case 'renameRoom':
      case 'assignParticipants':
      case 'setBreakoutRoomManager':
        return a[2];
      case 'updateSettings':
        return a[1];
      case 'assignAutomatically':
        return a[0];
      case 'openRooms':
      case 'closeRooms':
        return Array.isArray(a[0]) ? a[1] : a[0];
      default:
        return undefined;
    }
  }

  roomName(name) {
    const t = name.trim();
    if (!t || /[\u0000-\u001f\u007f-\u009f]/.test(t)) return { error: E.roomName };
    if ([...t].length > LIMITS.nameChars) return { error: E.limit };
    return { name: t };
  }

  names(spec, existing) {
    const n = Array.isArray(spec) ? spec.length : spec;
    if (n === 0) return { error: E.invalid };
    if (existing + n > LIMITS.rooms) return { error: E.limit };
    const raw = Array.isArray(spec) ? spec : Array.from({ length: n }, (_, i) => `Room ${existing + i + 1}`);
    const out = [];
    for (const r of raw) {
      const x = this.roomName(r);
      if (x.error) return x;
      out.push(x.name);
    }
    return { names: out };
  }

  roomSeq(ref) {
    return this.room(ref.room) ? ref.room : null;
  }

  knownUser(ref) {
    return this.people.has(ref.user);
  }

  create(name) {
    const seq = this.created++;
    this.rooms.push({ seq, name, state: 'closed' });
    return seq;
  }

  assign(user, seq) {
    const p = this.people.get(user);
    if (p.assignment === seq) return false;
    const from = p.assignment;
    p.assignment = seq;
    if (from !== null && p.loc === from) p.loc = 'main'; // the host moves them out at once
    return true;
  }

  deleteRoom(seq) {
    this.forgetClose(seq);
    for (const [u, p] of this.people) {
      if (p.loc === seq) p.loc = 'main';
      if (p.assignment === seq) this.assign(u, null);
    }
    this.rooms = this.rooms.filter((r) => r.seq !== seq);
  }

  command(method, a, opts) {
    switch (method) {
      case 'createRooms':
      case 'recreateRooms': {
        const recreate = method === 'recreateRooms';
        const n = this.names(a[0], recreate ? 0 : this.rooms.length);
        if (n.error) return n;
        if (recreate) for (const r of [...this.rooms]) this.deleteRoom(r.seq);
        const made = n.names.map((name) => this.create(name));
        return { changed: true, rooms: made.map((seq) => ({ seq, name: this.room(seq).name })) };
      }
      case 'renameRoom': {
        const seq = this.roomSeq(a[0]);
        if (seq === null) return { error: E.unknownRoom };
        const x = this.roomName(a[1]);
        if (x.error) return x;
        const r = this.room(seq);
        if (r.name === x.name) return { changed: false };
        r.name = x.name;
        return { changed: true };
      }
      case 'deleteRoom': {
        const seq = this.roomSeq(a[0]);
        if (seq === null) return { error: E.unknownRoom };
        this.deleteRoom(seq);
        return { changed: true };
      }
      case 'assignParticipants': {
        const seq = this.roomSeq(a[0]);
        if (seq === null) return { error: E.unknownRoom };
        if (!a[1].every((r) => this.knownUser(r))) return { error: E.unknownParticipant };
        let changed = false;
        for (const r of a[1]) changed = this.assign(r.user, seq) || changed;
        return { changed };
      }
      case 'unassignParticipants': {
        if (!a[0].every((r) => this.knownUser(r))) return { error: E.unknownParticipant };
        let changed = false;
        for (const r of a[0]) changed = this.assign(r.user, null) || changed;
        return { changed };
      }
      case 'assignAutomatically': {
        if (this.rooms.length === 0) return { error: E.noRooms };
        const waiting = [...this.people]
          .filter(([, p]) => p.present && p.role === 'attendee' && p.assignment === null)
          .map(([u]) => u);
        // Who goes where is a seeded shuffle (not modelled); how many go to each room is
        // not: each to the room with the fewest invitees so far, ties to the older room.
        const size = new Map(this.rooms.map((r) => [r.seq, this.invitees(r.seq).length]));
        const counts = new Map();
        for (let i = 0; i < waiting.length; i++) {
          let best = null;
          for (const r of this.rooms) if (best === null || size.get(r.seq) < size.get(best)) best = r.seq;
          size.set(best, size.get(best) + 1);
          counts.set(best, (counts.get(best) ?? 0) + 1);
        }
        return { changed: waiting.length > 0, adoption: { waiting, counts } };
      }
      case 'openRooms':
      case 'closeRooms': {
        const list = Array.isArray(a[0]) ? a[0] : null;
        let seqs;
        if (list) {
          seqs = list.map((r) => this.roomSeq(r));
          if (seqs.includes(null)) return { error: E.unknownRoom };
        } else seqs = this.rooms.map((r) => r.seq);
        seqs = [...new Set(seqs)];
        let changed = false;
        if (method === 'openRooms') {
          for (const seq of seqs) {
            // Opening a closing room calls its close off (SPEC 11).
            if (this.pendingClose(seq)) {
              this.forgetClose(seq);
              changed = true;
            }
            const r = this.room(seq);
            if (r.state !== 'open') {
              r.state = 'open';
              changed = true;
            }
          }
          return { changed };
        }
        // SPEC 11: without graceSeconds, the meeting's closingWarningSeconds; 0 closes at once.
        const grace = this.spec === 'baseline' ? 0 : opts?.graceSeconds ?? this.settings.warning;
        if (grace > 86_400) return { error: E.invalid };
        if (grace === 0) {
          for (const seq of seqs) changed = this.closeNow(seq) || changed;
          return { changed };
        }
        // Open rooms close `grace` after the host handled the call (closed ones stay as they
        // are); a room already closing moves to the new time.
        const open = seqs.filter((seq) => this.room(seq).state === 'open');
        if (!open.length) return { changed: false };
        for (const seq of open) this.forgetClose(seq);
        const ms = grace * 1000;
        this.closes.push({ id: this.nextClose++, lo: this.asked.at + ms, hi: this.asked.answered + ms, seqs: open });
        return { changed: true };
      }
      case 'updateSettings': {
        const s = a[0];
        const next = { ...this.settings };
        if (s.disableReturnToMainMeeting !== undefined) next.disable = s.disableReturnToMainMeeting;
        if (s.autoMoveParticipantToBreakoutRoom !== undefined) next.autoMove = s.autoMoveParticipantToBreakoutRoom;
        if (s.roomEndTime !== undefined) next.end = s.roomEndTime === null ? null : s.roomEndTime.endTime;
        if (s.closingWarningSeconds !== undefined) {
          if (s.closingWarningSeconds > 3_600) return { error: E.invalid };
          next.warning = s.closingWarningSeconds;
        }
        if (same(next, this.settings)) return { changed: false };
        this.settings = next;
        return { changed: true };
      }
      case 'setBreakoutRoomManager': {
        if (!this.knownUser(a[0])) return { error: E.unknownParticipant };
        const p = this.people.get(a[0].user);
        if (p.role === 'organizer' || p.role === 'coOrganizer') return { error: E.roleChange };
        const role = a[1] ? 'breakoutRoomManager' : 'attendee';
        if (p.role === role) return { changed: false };
        p.role = role;
        return { changed: true };
      }
      default:
        throw new Error(`model: unknown method ${method}`);
    }
  }

  /**
   * assignAutomatically: takes who went where from the actor's room list, after checking
   * it placed exactly the waiting attendees, in the room sizes the rule gives.
   */
  adopt(snapshot, problems) {
    const pending = this.pendingAdoption;
    this.pendingAdoption = null;
    if (!pending) return;
    const rec = snapshot.records.find((r) => r.current && r.user === pending.actor);
    const rooms = Array.isArray(rec?.rooms) ? rec.rooms : [];
    const seqOf = (threadId) => this.threadIds.indexOf(threadId);
    const got = new Map();
    for (const u of pending.waiting) {
      const room = rooms.find((r) => Array.isArray(r.invitees) && r.invitees.includes(u));
      const seq = room ? seqOf(room.threadId) : -1;
      if (seq < 0 || !this.room(seq)) {
        problems.push(`assignAutomatically: ${u} (present, unassigned attendee) was not placed in any room`);
        continue;
      }
      this.assign(u, seq);
      got.set(seq, (got.get(seq) ?? 0) + 1);
    }
    const want = JSON.stringify([...pending.counts].sort((x, y) => x[0] - y[0]));
    const have = JSON.stringify([...got].sort((x, y) => x[0] - y[0]));
    if (want !== have) problems.push(`assignAutomatically: room sizes [room, added] ${have}, expected ${want}`);
    this.reactAll();
  }

  // ----- what each participant must show -----

  expectedViews() {
    const out = new Map();
    for (const [user, c] of this.clients) {
      const p = this.people.get(user);
      const manager = isManager(p.role);
      const e = { user, main: c.main, breakouts: c.breakouts, bstate: c.bstate, manager };
      if (c.main !== 'Disconnected') {
        const v = this.view(user);
        e.assigned = v
          ? {
              threadId: this.threadIds[v.seq],
              displayName: v.name,
              state: v.state,
              autoMove: this.settings.autoMove,
              invitees: manager ? this.invitees(v.seq) : undefined,
            }
          : undefined;
        e.rooms = manager
          ? this.rooms.map((r) => ({
              threadId: this.threadIds[r.seq],
              displayName: r.name,
              state: r.state,
              autoMove: this.settings.autoMove,
              invitees: this.invitees(r.seq),
            }))
          : undefined;
        const others = (where) =>
          sorted([...this.people].filter(([u, q]) => u !== user && q.present && q.loc === where).map(([u]) => u));
        e.mainRp = this.inRoom(p) ? [] : others('main');
        e.breakoutRp = this.inRoom(p) ? others(p.loc) : [];
        e.revision = manager ? this.revision : undefined;
        // SPEC 11: managers see every room closing; the people inside, their own room's.
        e.closings = manager ? sorted(this.rooms.filter((r) => this.closing(r.seq)).map((r) => this.threadIds[r.seq])) : undefined;
        e.roomClosing = c.bstate === 'Connected' && c.bRoom !== null && this.closing(c.bRoom) ? this.threadIds[c.bRoom] : null;
      }
      out.set(user, e);
    }
    return out;
  }
}
