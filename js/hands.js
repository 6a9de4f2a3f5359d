// `Features.RaiseHand`: raised hands are meeting state, so they go through the engine, and
// everyone in the same call (the main meeting or one room) sees them.

import * as args from './args.js';
import { tagged } from './identifiers.js';
import { Observable } from './observable.js';

export class RaiseHandCallFeature extends Observable {
  constructor(call) {
    super(['raisedHandEvent', 'loweredHandEvent']);
    Object.defineProperty(this, '_call', { value: call });
  }

  get name() {
    return 'RaiseHand';
  }

  raiseHand() {
    return this._hand(true, undefined);
  }

  lowerHand() {
    return this._hand(false, undefined);
  }

  /** Managers lower others' hands. */
  lowerHands(identifiers) {
    let participants;
    try {
      participants = args.identifiers(identifiers, 'identifiers', this._call._person.hub.limits);
    } catch (error) {
      return Promise.reject(error);
    }
    if (participants.length === 0) return Promise.resolve();
    return this._hand(false, participants.map(tagged));
  }

  /** Managers lower every hand in this call. */
  lowerAllHands() {
    return this._hand(false, []);
  }

  /** Everyone whose hand is up in this call, in the order they raised it. */
  getRaisedHands() {
    return [...this._call._raised.values()];
  }

  dispose() {
    this._release();
  }

  _hand(up, others) {
    return this._call._act((core, peer) => core.hand(peer, this._call.id, up, others));
  }
}
