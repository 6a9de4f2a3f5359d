// A page's part of each meeting (SPEC 5a, 9): every agent in the page that joins the same
// locator over the same transport is in the same wasm `Engine`. With the in-page host the
// whole meeting is that engine; over 'broadcastChannel' or a server it holds the page's
// participants and reaches the host through the engine's transport, which wakes the page when
// something arrives. The engine is pumped from a microtask after any change, so listeners run
// after it returns and may call back in; its timers are page timers. The page's part ends
// when its last participant has left, or when the page goes away: across tabs or machines its
// participants then say goodbye, so the others see them leave at once rather than after the
// reconnect grace period (SPEC 9) that a crash or a dropped connection gets.

import { data, engine } from './engine.js';
import { fromEngine } from './errors.js';

const meetings = new Map();

const seed = () => Math.floor(Math.random() * 2 ** 53);

// This page among the tabs of a cross-tab meeting; participants are numbered in its range.
const TAB = Math.floor(Math.random() * 2 ** 36) + 1;

/** The page's meeting for `key` over `transport`, created on first join with the joiner's
 *  kind and policy (which a meeting already hosted elsewhere keeps as it was). */
export function meetingFor(key, groupCall, breakoutRoomsEnabled, transport = 'inPage') {
  const id = `${transport} ${key}`;
  let hub = meetings.get(id);
  if (!hub) {
    hub = new Hub(id, transport !== 'inPage', (wake) => {
      const { Engine } = engine(transport === 'inPage' ? 'inPage' : 'net');
      if (transport === 'inPage') return new Engine(groupCall, breakoutRoomsEnabled, seed());
      if (transport === 'broadcastChannel') {
        return Engine.tabs(key, groupCall, breakoutRoomsEnabled, seed(), TAB, wake);
      }
      return Engine.server(`${transport}/meeting?key=${encodeURIComponent(key)}`, wake);
    });
    meetings.set(id, hub);
  }
  return hub;
}

class Hub {
  constructor(key, remote, makeCore) {
    this.key = key;
    try {
      this.core = makeCore(() => this.schedule());
    } catch (error) {
      throw fromEngine(error);
    }
    // A page kept in the back/forward cache (`persisted`) may come back: it keeps its place.
    this.onPageHide = (event) => {
      if (!event.persisted) this.leaveAll();
    };
    if (remote && typeof addEventListener === 'function') addEventListener('pagehide', this.onPageHide);
    this.people = new Map();
    this.scheduled = false;
    this.timer = undefined;
    this.at = undefined;
    this.limits = data(this.core.limits());
  }

  /** Admits a participant with their token's claims; `person` hears the engine's outputs. */
  admit(person, token, displayName, groupCall, signed) {
    let admitted;
    try {
      admitted = data(this.core.admit(
        token.userId,
        token.displayName,
        token.role,
        token.expiresOn / 1000,
        displayName,
        groupCall,
        Date.now(),
        seed(),
        signed,
      ));
    } catch (error) {
      this.endIfEmpty();
      throw fromEngine(error);
    }
    this.people.set(admitted.peer, person);
    this.schedule();
    return admitted;
  }

  /** Starts an operation; returns its id or throws the error that refused it. */
  act(peer, start) {
    let op;
    try {
      op = start(this.core, peer);
    } catch (error) {
      throw fromEngine(error);
    }
    this.schedule();
    return op;
  }

  /** Throws unless breakout rooms can be asked of this participant's calls. */
  check(peer) {
    try {
      this.core.check(peer);
    } catch (error) {
      throw fromEngine(error);
    }
  }

  /** Everyone in a call's place, the participant included (`totalParticipantCount`). */
  total(peer, call) {
    return this.core.totalParticipantCount(peer, call);
  }

  /** Who is in a call now; from here on its changes come as `remotes` outputs. */
  watch(peer, call) {
    return data(this.core.watch(peer, call));
  }

  /** The participant is gone from the page: they leave the meeting. */
  remove(peer) {
    if (!this.people.delete(peer)) return;
    this.core.remove(peer, Date.now());
    this.schedule();
  }

  /** Every participant of this page leaves, and the leaving is sent now. The engine (and
   *  the locks it holds) is kept until the page is gone: freed at once, a hosting tab's lock
   *  could pass to another tab before its last snapshot, posted just now, arrived there. */
  leaveAll() {
    if (this.ended) return;
    this.unloading = true;
    for (const peer of [...this.people.keys()]) {
      this.people.delete(peer);
      this.core.remove(peer, Date.now());
    }
    this.pump();
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.pump());
  }

  /** Delivers round by round (each participant gets at most one message a round), and each
   *  round's events before the next, so what a listener reads matches what it was told. */
  pump() {
    this.scheduled = false;
    do {
      if (this.ended) return;
      const outputs = data(this.core.pump(Date.now()));
      const touched = new Set();
      for (const output of outputs) {
        const person = this.people.get(output.peer);
        if (person) {
          person.dispatch(output);
          touched.add(person);
        }
      }
      for (const person of touched) person.afterDispatch();
    } while (!this.ended && !this.core.idle());
    this.arm();
    this.endIfEmpty();
  }

  arm() {
    const at = this.core.deadline();
    if (at === this.at) return;
    clearTimeout(this.timer);
    this.at = at;
    if (at === undefined) return;
    // setTimeout takes at most 2^31-1 ms; a later deadline re-arms when this one fires.
    const delay = Math.min(Math.max(0, at - Date.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.at = undefined;
      if (this.ended) return;
      this.core.fire(Date.now());
      this.pump();
    }, delay);
  }

  endIfEmpty() {
    if (this.people.size > 0 || this.scheduled || this.ended || this.unloading) return;
    this.ended = true;
    clearTimeout(this.timer);
    if (typeof removeEventListener === 'function') removeEventListener('pagehide', this.onPageHide);
    meetings.delete(this.key);
    this.core.free();
  }
}
