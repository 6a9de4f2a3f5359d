// Random steps through the public JS surface, chosen with the model's help (who is here,
// which rooms exist) from a seeded generator, so a seed gives the same steps every time.
//
// A step is plain JSON (printable, replayable). Arguments are descriptors the page turns
// into values (harness.js `arg`): ['v', json], ['room', k] (the k-th room created in the
// run), ['ids', [user...]], ['nowPlus', ms], Proxies and getters that throw, huge arrays...
import { POOL, TOKEN_ROLE, isManager } from './model.mjs';

/** A small, fast, seeded PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    some: (list, max) => {
      const n = 1 + Math.floor(next() * Math.min(max, list.length));
      const copy = [...list];
      const out = [];
      for (let i = 0; i < n && copy.length; i++) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
    weighted: (table) => {
      const total = table.reduce((s, [w]) => s + w, 0);
      let x = next() * total;
      for (const [w, v] of table) {
        if ((x -= w) < 0) return v;
      }
      return table.at(-1)[1];
    },
  };
  return r;
}

const NAMES = ['Red', 'Blue', 'Green', 'Design', '  Padded  ', 'Room 1', 'Ünïcødé ✓'];
const BAD_NAMES = ['', '   ', 'tab\there', 'line\nbreak', 'x'.repeat(101)];
const USERS = POOL.map(([u]) => u);

// Malformed arguments: each must reject with 400/46908 naming the field (SPEC 7). `t` is a room.
const MALFORMED = (t, id) => [
  ['createRooms', [['v', '3']]],
  ['createRooms', [['v', 0]]],
  ['createRooms', [['v', -1]]],
  ['createRooms', [['v', 1.5]]],
  ['createRooms', [['nan']]],
  ['createRooms', [['inf']]],
  ['createRooms', []],
  ['createRooms', [['v', null]]],
  ['createRooms', [['v', {}]]],
  ['createRooms', [['v', [1]]]],
  ['createRooms', [['v', ['Fine', null]]]],
  ['createRooms', [['v', []]]],
  ['createRooms', [['big']]],
  ['createRooms', [['sym']]],
  ['createRooms', [['fn']]],
  ['createRooms', [['v', 2], ['v', 'x']]],
  ['createRooms', [['v', 2], ['v', { expectedRevision: 'x' }]]],
  ['createRooms', [['v', 2], ['v', { expectedRevision: -1 }]]],
  ['createRooms', [['v', 2], ['v', { expectedRevison: 1 }]]],
  ['recreateRooms', [['v', '3']]],
  ['recreateRooms', [['v', [null]]]],
  ['renameRoom', [['v', 5], ['v', 'x']]],
  ['renameRoom', [t]],
  ['renameRoom', [t, ['v', 7]]],
  ['renameRoom', [t, ['v', 'x'], ['v', { expectedRevision: 'x' }]]],
  ['deleteRoom', []],
  ['deleteRoom', [['v', { threadId: 'x' }]]],
  ['assignParticipants', [t, ['v', 'bob']]],
  ['assignParticipants', [t, ['v', [{}]]]],
  ['assignParticipants', [t, ['v', ['a1']]]],
  ['assignParticipants', [t, ['arr', [id, ['v', { communicationUserId: 5 }]]]]],
  ['assignParticipants', [t, ['v', [{ communicationUserId: '' }]]]],
  ['assignParticipants', [t]],
  ['assignParticipants', [['u'], ['arr', [id]]]],
  ['assignParticipants', [t, ['arr', [id]], ['v', 7]]],
  ['unassignParticipants', [['v', 'a1']]],
  ['unassignParticipants', [['v', [null]]]],
  ['assignAutomatically', [['v', { seed: -1 }]]],
  ['assignAutomatically', [['v', { seed: 'x' }]]],
  ['assignAutomatically', [['v', { seed: 1.5 }]]],
  ['assignAutomatically', [['v', { sede: 1 }]]],
  ['assignAutomatically', [['v', 7]]],
  ['assignAutomatically', [['v', { expectedRevision: 'x' }]]],
  ['openRooms', [['v', 'x']]],
  ['openRooms', [['v', [5]]]],
  ['openRooms', [['arr', [t]], ['v', 'x']]],
  ['openRooms', [['v', { expectedRevision: 'x' }]]],
  ['closeRooms', [['v', 5]]],
  ['closeRooms', [['arr', [t, ['v', null]]]]],
  ['closeRooms', [['arr', [t]], ['v', { expectedRevision: -2 }]]],
  ['closeRooms', [['v', { graceSeconds: -1 }]]],
  ['closeRooms', [['arr', [t]], ['v', { graceSeconds: 'soon' }]]],
  ['closeRooms', [['v', { graceSeconds: 86_401 }]]],
  ['updateSettings', [['v', { closingWarningSeconds: 3_601 }]]],
  ['updateSettings', [['v', { closingWarningSeconds: 1.5 }]]],
  ['updateSettings', []],
  ['updateSettings', [['v', 'x']]],
  ['updateSettings', [['v', { roomEndTime: 'soon' }]]],
  ['updateSettings', [['v', { roomEndTime: -5 }]]],
  ['updateSettings', [['obj', { roomEndTime: ['past'] }]]],
  ['updateSettings', [['v', { roomEndTime: { attemptTimestamp: 'x' } }]]],
  ['updateSettings', [['v', { roomEndTime: { deltaTimeInMs: -1 } }]]],
  ['updateSettings', [['v', { roomEndTime: {} }]]],
  ['updateSettings', [['obj', { roomEndTime: ['dateNaN'] }]]],
  ['updateSettings', [['v', { typo: true }]]],
  ['updateSettings', [['v', { disableReturnToMainMeeting: 'yes' }]]],
  ['updateSettings', [['v', { disableReturnToMainMeeting: null }]]],
  ['updateSettings', [['v', { autoMoveParticipantToBreakoutRoom: 1 }]]],
  ['setBreakoutRoomManager', [['v', 'a1'], ['v', true]]],
  ['setBreakoutRoomManager', [['v', {}], ['v', true]]],
  ['setBreakoutRoomManager', [id, ['v', 'yes']]],
  ['setBreakoutRoomManager', [id]],
];

// Hostile arguments (issue 9, defect 5): Proxy traps and getters that throw must give a
// BreakoutRoomsError 400/46908 naming the argument, never the caller's own error, and
// never a silently skipped check (expectedRevision) or a field treated as absent.
const HOSTILE = (t, id) => [
  ['createRooms', [['throwGet', ['v', []]]]],
  ['createRooms', [['throwGetKey', ['v', ['x']], '0']]],
  ['createRooms', [['v', 2], ['throwOwnKeys', ['v', {}]]]],
  ['updateSettings', [['throwOwnKeys', ['v', {}]]]],
  ['updateSettings', [['throwGetter', ['v', {}], 'disableReturnToMainMeeting']]],
  ['updateSettings', [['throwGetter', ['v', {}], 'roomEndTime']]],
  ['assignParticipants', [t, ['throwGetKey', ['arr', [id]], 'length']]],
  ['openRooms', [['throwGetter', ['v', {}], 'expectedRevision']]],
  ['closeRooms', [['arr', [t]], ['throwGetter', ['v', {}], 'expectedRevision']]],
  ['renameRoom', [t, ['v', 'Hostile'], ['throwGetter', ['v', {}], 'expectedRevision']]],
  ['assignAutomatically', [['throwGetter', ['v', {}], 'seed']]],
  ['setBreakoutRoomManager', [['throwGetter', ['v', {}], 'communicationUserId'], ['v', true]]],
];

// Huge arrays (issue 9, defect 1): 400/46908 or 413/46905, decided from the length.
const HUGE = (t) => [
  ['unassignParticipants', [['huge', 10_500_000]]],
  ['openRooms', [['huge', 12e6]]],
  ['createRooms', [['huge', 12e6, 'r']]],
  ['assignParticipants', [t, ['proxyLen', 2 ** 32 - 1]]],
];

export class Generator {
  constructor(seed, { huge = true, hostile = true } = {}) {
    this.r = rng(seed);
    this.huge = huge;
    this.hostile = hostile;
  }

  roomRef(model) {
    const r = this.r;
    if (model.rooms.length === 0 || r.chance(0.08)) return ['room', model.created + r.int(3)];
    return ['room', r.pick(model.rooms).seq];
  }

  users(model, max = 3) {
    const r = this.r;
    const out = r.some(USERS, max);
    return out;
  }

  options(model) {
    const r = this.r;
    if (!r.chance(0.15)) return undefined;
    return ['obj', { expectedRevision: ['rev', r.chance(0.7) ? 0 : 1] }];
  }

  validMgmt(model) {
    const r = this.r;
    const method = r.weighted([
      [model.rooms.length > 10 ? 0.5 : 3, 'createRooms'],
      [1, 'recreateRooms'],
      [2, 'renameRoom'],
      [model.rooms.length > 4 ? 2 : 0.7, 'deleteRoom'],
      [4, 'assignParticipants'],
      [1.5, 'unassignParticipants'],
      [2, 'assignAutomatically'],
      [3, 'openRooms'],
      [2, 'closeRooms'],
      [3, 'updateSettings'],
      [1, 'setBreakoutRoomManager'],
    ]);
    const opts = this.options(model);
    const withOpts = (args) => (opts ? [...args, opts] : args);
    switch (method) {
      case 'createRooms': {
        let spec;
        if (r.chance(0.02)) spec = ['v', 1001];
        else if (r.chance(0.4)) spec = ['v', 1 + r.int(3)];
        else {
          const names = r.some(NAMES, 3);
          if (r.chance(0.12)) names.splice(r.int(names.length + 1), 0, r.pick(BAD_NAMES));
          spec = ['v', names];
        }
        return { method, args: withOpts([spec]) };
      }
      case 'recreateRooms':
        return { method, args: withOpts([['v', 1 + r.int(4)]]) };
      case 'renameRoom':
        return { method, args: withOpts([this.roomRef(model), ['v', r.chance(0.15) ? r.pick(BAD_NAMES) : r.pick(NAMES)]]) };
      case 'deleteRoom':
        return { method, args: withOpts([this.roomRef(model)]) };
      case 'assignParticipants': {
        const users = this.users(model, 3);
        if (r.chance(0.05)) users.push('ghost');
        return { method, args: withOpts([this.roomRef(model), ['ids', users]]) };
      }
      case 'unassignParticipants':
        return { method, args: withOpts([['ids', this.users(model, 3)]]) };
      case 'assignAutomatically': {
        const o = {};
        if (r.chance(0.8)) o.seed = ['v', r.int(100)];
        if (opts) o.expectedRevision = opts[1].expectedRevision;
        return { method, args: r.chance(0.1) && !opts ? [] : [['obj', o]] };
      }
      case 'openRooms':
      case 'closeRooms': {
        // SPEC 11: closeRooms without graceSeconds warns for closingWarningSeconds (60 s
        // unless changed) and closes then; graceSeconds: 0 closes at once, 1 a second later.
        let options = opts;
        if (method === 'closeRooms' && model.spec !== 'baseline') {
          const o = opts ? { ...opts[1] } : {};
          const g = r.weighted([[5, 0], [1.5, 1], [3.5, null]]);
          if (g !== null) o.graceSeconds = ['v', g];
          options = Object.keys(o).length ? ['obj', o] : undefined;
        }
        const withOptions = (args) => (options ? [...args, options] : args);
        if (r.chance(0.5) || model.rooms.length === 0) return { method, args: withOptions([]) };
        const ks = r.some(model.rooms, 3).map((x) => x.seq);
        if (r.chance(0.05)) ks.push(model.created + 7);
        return { method, args: withOptions([['rooms', ks]]) };
      }
      case 'updateSettings': {
        const s = {};
        if (r.chance(0.5)) s.disableReturnToMainMeeting = ['v', r.chance(0.35)];
        if (r.chance(0.5)) s.autoMoveParticipantToBreakoutRoom = ['v', r.chance(0.7)];
        if (r.chance(0.12)) s.roomEndTime = r.chance(0.75) ? ['nowPlus', 250 + r.int(250)] : ['v', null];
        if (model.spec !== 'baseline' && r.chance(0.15)) s.closingWarningSeconds = ['v', r.pick([0, 1, 2, 60])];
        return { method, args: withOpts([['obj', s]]) };
      }
      case 'setBreakoutRoomManager': {
        const who = r.chance(0.05) ? 'ghost' : r.pick(USERS);
        return { method, args: withOpts([['id', who], ['v', r.chance(0.6)]]) };
      }
      default:
        throw new Error(method);
    }
  }

  next(model) {
    const r = this.r;
    const present = model.present();
    const absent = USERS.filter((u) => !present.includes(u));
    const live = [...model.clients.keys()].filter((u) => model.live(u));
    const any = [...model.clients.keys()];
    const managers = present.filter((u) => isManager(model.role(u)));
    const kind = r.weighted([
      [absent.length ? (present.length < 3 ? 30 : 6) : 0, 'join'],
      [present.length ? 0.7 : 0, 'twin'],
      [present.length > 2 ? 2.5 : 0, 'leave'],
      [present.length > 2 ? 0.5 : 0, 'dispose'],
      [managers.length ? 30 : 0, 'manage'],
      [live.length ? 5 : 0, 'manageAny'],
      [live.length ? 6 : 0, 'malformed'],
      [live.length && this.hostile ? 2 : 0, 'hostile'],
      [live.length && this.huge ? 0.25 : 0, 'huge'],
      [live.length ? 6 : 0, 'roomJoin'],
      [live.length ? 1 : 0, 'roomJoinList'],
      [live.length ? 3 : 0, 'roomReturn'],
      [live.length ? 4 : 0, 'hangUpBreakout'],
      [live.length ? 1.5 : 0, 'resume'],
      [live.length ? 1.2 : 0, 'listeners'],
      [model.settings.end !== null ? 0.8 : 0.1, 'wait'],
      [any.length ? 0.3 : 0, 'staleUser'],
    ]);
    const liveUser = () => r.pick(live);
    switch (kind) {
      case 'join': {
        const user = r.pick(absent);
        const step = { op: 'join', user, role: TOKEN_ROLE[user] };
        if (model.agents.has(user) && r.chance(0.5)) step.sameAgent = true;
        if (r.chance(0.12)) step.throwFirst = true;
        if (r.chance(0.08)) step.mgmtNow = { method: 'createRooms', args: [['v', ['Late']]] };
        return step;
      }
      case 'twin': {
        const user = r.pick(present);
        return { op: 'join', user, role: TOKEN_ROLE[user] };
      }
      case 'leave':
        return { op: 'leave', user: r.pick(present) };
      case 'dispose':
        return { op: 'dispose', user: r.pick(present) };
      case 'manage':
        return { op: 'mgmt', user: r.pick(managers), ...this.validMgmt(model) };
      case 'manageAny':
        return { op: 'mgmt', user: liveUser(), ...this.validMgmt(model) };
      case 'malformed': {
        const [method, args] = r.pick(MALFORMED(this.roomRef(model), ['id', r.pick(USERS)]));
        return { op: 'mgmt', user: r.chance(0.8) && managers.length ? r.pick(managers) : liveUser(), method, args, bad: 'arg' };
      }
      case 'hostile': {
        const [method, args] = r.pick(HOSTILE(this.roomRef(model), ['id', r.pick(USERS)]));
        return { op: 'mgmt', user: managers.length ? r.pick(managers) : liveUser(), method, args, bad: 'hostile' };
      }
      case 'huge': {
        const [method, args] = r.pick(HUGE(this.roomRef(model)));
        return { op: 'mgmt', user: managers.length ? r.pick(managers) : liveUser(), method, args, bad: 'huge', slow: true };
      }
      case 'roomJoin':
        return { op: 'roomJoin', user: liveUser(), via: 'assigned' };
      case 'roomJoinList':
        return { op: 'roomJoin', user: liveUser(), via: 'list', room: this.roomRef(model)[1] };
      case 'roomReturn':
        return { op: 'roomReturn', user: liveUser() };
      case 'hangUpBreakout':
        return { op: 'hangUpBreakout', user: liveUser(), resume: r.pick(['none', 'none', 'await', 'nowait']) };
      case 'resume':
        return { op: 'resume', user: liveUser() };
      case 'listeners':
        return { op: 'listeners', user: liveUser(), kind: r.pick(['throwing', 'reentrant', 'churn']) };
      case 'wait':
        return { op: 'wait', ms: 50 + r.int(300) };
      case 'staleUser': {
        // Someone who left: their old objects keep answering with typed errors.
        const user = r.pick(any);
        return r.chance(0.5) ? { op: 'resume', user } : { op: 'mgmt', user, ...this.validMgmt(model) };
      }
      default:
        throw new Error(kind);
    }
  }
}
