// `on`/`off` as the SDK has them: each object knows its event names; `off` with the same
// function removes it; a listener that throws is logged and the others still run;
// listeners may call back into the API (events are delivered after the engine returns).

import { describe, invalid } from './errors.js';
import { log } from './logger.js';

export class Observable {
  constructor(eventNames) {
    // Not enumerable: the object's data stays what JSON.stringify and spread show.
    Object.defineProperty(this, '_listeners', { value: new Map(eventNames.map((n) => [n, []])) });
  }

  on(event, listener) {
    const list = this._listenersFor(event, listener);
    if (!list.includes(listener)) list.push(listener);
  }

  off(event, listener) {
    const list = this._listenersFor(event, listener);
    const at = list.indexOf(listener);
    if (at >= 0) list.splice(at, 1);
  }

  _emit(event, data) {
    const list = this._listeners.get(event);
    if (!list?.length) return;
    for (const listener of [...list]) {
      try {
        listener(data);
      } catch (error) {
        log('warning', `a '${event}' listener threw: ${error?.stack ?? describe(error)}`);
      }
    }
  }

  /** Forgets every listener: the object is over, and nothing it held should be kept alive. */
  _release() {
    for (const list of this._listeners.values()) list.length = 0;
  }

  _listenersFor(event, listener) {
    if (typeof listener !== 'function') {
      throw invalid('listener', `expected a function, got ${describe(listener)}`);
    }
    const list = this._listeners.get(event);
    if (!list) {
      const known = [...this._listeners.keys()].map((n) => `'${n}'`).join(', ');
      throw invalid('event', `expected one of ${known}, got ${describe(event)}`);
    }
    return list;
  }
}
