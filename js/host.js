// The in-page host (SPEC 5a, 9): every agent in the page that joins the same locator is in
// the same meeting, one wasm `Engine`. The engine is pumped from a microtask after any
// change, so listeners run after it returns and may call back in; its room-end timer is a
// page timer. A meeting ends when its last participant has left.

import { data, engine } from './engine.js';
import { fromEngine } from './errors.js';

const meetings = new Map();

const seed = () => Math.floor(Math.random() * 2 ** 53);

/** The page's meeting for `key`, created on first join with the joiner's kind and policy. */
export function meetingFor(key, groupCall, breakoutRoomsEnabled) {
  let hub = meetings.get(key);
  if (!hub) {
    hub = new Hub(key, new (engine().Engine)(groupCall, breakoutRoomsEnabled, seed()));
    meetings.set(key, hub);
  }
  return hub;
}

class Hub {
  constructor(key, core) {
    this.key = key;
    this.core = core;
    this.people = new Map();
    this.scheduled = false;
    this.timer = undefined;
    this.at = undefined;
    this.limits = data(core.limits());
  }

  /** Admits a participant with their token's claims; `person` hears the engine's outputs. */
  admit(person, token, displayName, groupCall) {
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
    if (this.people.size > 0 || this.scheduled || this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    meetings.delete(this.key);
    this.core.free();
  }
}
