// One participant of one meeting as the page sees it: their calls, what their breakout-room
// features show, and the operations waiting on the engine. It applies the engine's outputs in
// order, so what a listener reads is what it has been told, and it holds no meeting rule.

import { Call } from './call.js';
import { data } from './engine.js';
import { fromEngine, notConnected } from './errors.js';
import { rawId, withKind } from './identifiers.js';
import { log } from './logger.js';
import { managementSettings, roomData, settingsData } from './rooms.js';
import { broadcastData, closingData, helpData, ownHelpData, reportData } from './workshop.js';

export class Person {
  constructor(agent, hub, admitted) {
    this.agent = agent;
    this.hub = hub;
    this.peer = admitted.peer;
    this.identifier = withKind(admitted.identifier);
    this.role = admitted.role;
    this.main = new Call(this, admitted.mainCall, null);
    this.breakout = undefined;
    this.calls = new Map([[this.main.id, this.main]]);
    this.assigned = undefined;
    this.rooms = undefined;
    this.settings = undefined;
    this.managementSettings = undefined;
    this.revision = 0;
    // SPEC 11: when rooms close (ms, by thread id), calls for help (managers': every one, as
    // plain data; an asker's: their own), and the rounds the engine last gave.
    this.closings = new Map();
    this.help = new Map();
    this.ownHelp = new Map();
    this.rounds = [];
    this.pending = new Map();
    this.ended = [];
    this.gone = false;
  }

  /** Starts an operation (`start(engine, peer)` returns its id); the promise settles when
   *  the engine says so. */
  operation(start, resolves) {
    if (this.gone) return this.main._rejectNotConnected();
    let op;
    try {
      op = this.hub.act(this.peer, start);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => this.pending.set(op, { resolve, reject, resolves }));
  }

  /** The feature events of the main call go to its feature, settings to the breakout call's. */
  dispatch(output) {
    switch (output.type) {
      case 'state': {
        const call = this.calls.get(output.call);
        // The engine forgets a room's countdown, without an event, once someone who is not
        // a manager has left the room: so does what the getters read (else re-entering the
        // room later would show a countdown that is over).
        if (call && call !== this.main && (output.state === 'Disconnecting' || output.state === 'Disconnected')) {
          if (this.role === 'attendee') this.closings.delete(call._threadId);
        }
        return call?._changeState(output.state, output.reason);
      }
      case 'remotes':
        return this.calls.get(output.call)?._changeRemotes(output.added, output.removed);
      case 'headCount':
        return this.calls.get(output.call)?._countChanged();
      case 'rooms': {
        this.revision = output.revision;
        this.rooms = output.rooms?.map((r) => roomData(r, this));
        // A manager's own room shows its invitees, and stops showing them with the role.
        if (this.assigned && output.assigned) roomData(output.assigned, this, this.assigned);
        return this.main._breakoutEvent('breakoutRooms', this.rooms);
      }
      case 'assigned': {
        // One live object while assigned, updated in place (see `roomData`).
        this.assigned = output.room && roomData(output.room, this, this.assigned);
        return this.main._breakoutEvent('assignedBreakoutRooms', this.assigned);
      }
      case 'settings': {
        this.settings = settingsData(output.settings);
        this.managementSettings = managementSettings(output.settings);
        this.main._managementSettings();
        if (this.breakout?._live) this.breakout._breakoutEvent('breakoutRoomsSettings', this.settings);
        return;
      }
      case 'join': {
        // The room is the engine's to say: a manager's visit is to a room not assigned.
        const now = data(this.hub.core.breakoutCall(this.peer));
        const threadId = now?.call === output.call ? now.threadId : this.assigned?.threadId;
        const call = this.calls.get(output.call) ?? this.adopt(output.call, threadId);
        this.agent._callsUpdated([call], []);
        return this.main._breakoutEvent('join', call);
      }
      case 'role': {
        const before = this.role;
        this.role = output.role;
        log('info', `role changed to ${output.role}`);
        if (before !== output.role) for (const call of this.calls.values()) call._roleChanged(before);
        // Without the role, only the countdown of the room one is in stays (as in the engine).
        if (output.role === 'attendee') {
          const here = this.roomNow();
          for (const threadId of [...this.closings.keys()]) if (threadId !== here) this.closings.delete(threadId);
        }
        return;
      }
      case 'hand':
        return this.calls.get(output.call)?._changeHand(output.identifier, output.order);
      case 'lost':
        return this.agent._connectionLost();
      case 'closing':
        return this.closing(output.threadId, output.closesAt);
      case 'broadcast':
        return this.main._breakoutFeatureEvent('broadcastReceived', broadcastData(output));
      case 'help':
        return this.helpChanged(output.threadId, output.request);
      case 'rounds':
        this.rounds = output.rounds;
        return this.main._managementEvent('roundsUpdated', () => this.main._feature('BreakoutRoomsManagement').rounds);
      case 'done':
        return this.settle(output);
    }
  }

  settle(output) {
    const pending = this.pending.get(output.op);
    if (!pending) return;
    this.pending.delete(output.op);
    if (output.error) return pending.reject(fromEngine(output.error));
    switch (pending.resolves) {
      case 'call':
        return pending.resolve(this.calls.get(output.call));
      case 'rooms':
        return pending.resolve(output.rooms.map((r) => roomData(r, this)));
      case 'report':
        if (output.revision !== undefined) this.revision = Math.max(this.revision, output.revision);
        return pending.resolve(output.report ? reportData(output.report, output.rooms, this) : undefined);
      default:
        if (output.revision !== undefined) this.revision = Math.max(this.revision, output.revision);
        return pending.resolve(undefined);
    }
  }

  /** The thread id of the room this participant's breakout call is in, if it is live. */
  roomNow() {
    const call = this.breakout;
    return call?._live ? call._threadId : undefined;
  }

  /** A room's countdown changed. Managers hear of every room (`mgmt.closings`); the room
   *  this participant is in raises 'roomClosing' on the main call's feature. */
  closing(threadId, closesAt) {
    if (closesAt === undefined) this.closings.delete(threadId);
    else this.closings.set(threadId, closesAt);
    if (this.role !== 'attendee') {
      this.main._managementEvent('closingsUpdated', () => this.main._feature('BreakoutRoomsManagement').closings);
    }
    if (this.role === 'attendee' || this.roomNow() === threadId) {
      this.main._breakoutFeatureEvent('roomClosing', closingData(threadId, closesAt));
    }
  }

  /** A call for help changed: managers' queue, and the asker's own request. */
  helpChanged(threadId, request) {
    const mine = request ? request.askers.some((a) => rawId(a) === rawId(this.identifier)) : this.ownHelp.has(threadId);
    if (this.role !== 'attendee') {
      if (request) this.help.set(threadId, helpData(request));
      else this.help.delete(threadId);
      this.main._managementEvent('helpRequestsUpdated', () => this.main._feature('BreakoutRoomsManagement').helpRequests);
    }
    if (mine) {
      const own = ownHelpData(threadId, request);
      if (request) this.ownHelp.set(threadId, own);
      else this.ownHelp.delete(threadId);
      this.main._breakoutFeatureEvent('helpRequestUpdated', own);
    }
  }

  /** A call ended: it leaves the agent's calls now, and lets go of its listeners after the
   *  batch, once its last events are out. */
  callEnded(call) {
    this.agent._callsUpdated([], [call]);
    this.ended.push(call);
  }

  afterDispatch() {
    for (const call of this.ended.splice(0)) {
      call._release();
      if (call !== this.main) this.calls.delete(call.id);
    }
  }

  /** The participant's main call is over and the agent moved on (joined again, or was
   *  disposed): the engine forgets them. Until then their ended calls still answer as
   *  the engine says (e.g. `resume()` after the end is 412/46257). */
  forget() {
    if (this.gone) return;
    this.gone = true;
    this.main._release();
    this.hub.remove(this.peer);
    for (const { reject } of this.pending.values()) reject(notConnected());
    this.pending.clear();
  }

  /** The breakout call as the engine has it now: `join()` creates it at once, and
   *  `room.call` shows it before the 'join' event that announces it. */
  breakoutNow() {
    const now = this.gone ? undefined : data(this.hub.core.breakoutCall(this.peer));
    if (!now || now.state === 'Disconnected') return this.breakout;
    return this.calls.get(now.call) ?? this.adopt(now.call, now.threadId);
  }

  adopt(id, threadId) {
    const call = new Call(this, id, threadId ?? null);
    this.breakout = call;
    this.calls.set(call.id, call);
    return call;
  }

  /** The calls that are not over, main first. */
  liveCalls() {
    return [...this.calls.values()].filter((c) => c._live);
  }
}
