// `Features.BreakoutRooms` exactly as the SDK has it, and `Features.BreakoutRoomsManagement`
// (SPEC 5), the API the SDK lacks. Every management method returns a Promise; bad arguments
// reject it with an error naming the argument, and change nothing. The workshop features
// (SPEC 11) add methods, getters and events of their own names to both.

import * as args from './args.js';
import { describe, invalid } from './errors.js';
import { tagged } from './identifiers.js';
import { Observable } from './observable.js';
import { closingData, roundData } from './workshop.js';

export class BreakoutRoomsCallFeature extends Observable {
  constructor(call) {
    // SPEC 11: the workshop events have names of their own; 'breakoutRoomsUpdated' stays the SDK's.
    super(['breakoutRoomsUpdated', 'roomClosing', 'broadcastReceived', 'helpRequestUpdated']);
    Object.defineProperty(this, '_call', { value: call });
  }

  get name() {
    return 'BreakoutRooms';
  }

  /** This participant's room, or undefined. */
  get assignedBreakoutRooms() {
    return this._call._person.assigned;
  }

  /** The documented spelling of `assignedBreakoutRooms`. */
  get assignedBreakoutRoom() {
    return this._call._person.assigned;
  }

  /** Every room, for managers; undefined for attendees (SPEC 4). */
  get breakoutRooms() {
    return this._call._person.rooms;
  }

  /** The settings belong to the breakout call (SPEC 6.1): undefined on the main call. */
  get breakoutRoomsSettings() {
    const person = this._call._person;
    return this._call === person.main ? undefined : person.settings;
  }

  /** SPEC 11: when the room this participant is in closes, once they have been warned. */
  get roomClosing() {
    const person = this._call._person;
    const threadId = person.roomNow();
    const at = threadId === undefined ? undefined : person.closings.get(threadId);
    return at === undefined ? undefined : closingData(threadId, at);
  }

  /** SPEC 11: this participant's call for help from the room they are in, if any. */
  get helpRequest() {
    const person = this._call._person;
    const threadId = person.roomNow();
    return threadId === undefined ? undefined : person.ownHelp.get(threadId);
  }

  /** SPEC 11: asks the managers for help, from inside a room (412/46932 elsewhere). Asking
   *  again while the request waits changes nothing. */
  requestHelp() {
    return this._call._person.operation((core, peer) => core.requestHelp(peer), 'nothing');
  }

  dispose() {
    this._release();
  }
}

export class BreakoutRoomsManagement extends Observable {
  constructor(call) {
    super(['settingsChanged', 'closingsUpdated', 'helpRequestsUpdated', 'roundsUpdated']);
    Object.defineProperty(this, '_call', { value: call });
  }

  get name() {
    return 'BreakoutRoomsManagement';
  }

  /** SPEC 11: every room closing, `[{ threadId, closesAt }]`, as the people inside were told. */
  get closings() {
    return [...this._call._person.closings].map(([threadId, at]) => closingData(threadId, at));
  }

  /** SPEC 11: every open call for help, oldest first. */
  get helpRequests() {
    return [...this._call._person.help.values()];
  }

  /** SPEC 11: the rounds kept, oldest first; the one running last, its groups the rooms as
   *  they are. */
  get rounds() {
    const person = this._call._person;
    return person.rounds.map((round) => roundData(round, person.rooms));
  }

  /** The meeting revision this participant has seen; pass it as `expectedRevision`. */
  get revision() {
    const person = this._call._person;
    return person.gone ? person.revision : person.hub.core.revision(person.peer);
  }

  /** The meeting's breakout-room settings, in any call (SPEC 6.1). */
  get settings() {
    return this._call._person.managementSettings;
  }

  createRooms(rooms, options) {
    return this._rooms(false, rooms, options);
  }

  recreateRooms(rooms, options) {
    return this._rooms(true, rooms, options);
  }

  renameRoom(threadId, displayName, options) {
    return this._run('nothing', options, () => {
      const thread = args.string(threadId, 'threadId');
      const name = args.string(displayName, 'displayName');
      return (core, peer, revision) => core.renameRoom(peer, thread, name, revision);
    });
  }

  deleteRoom(threadId, options) {
    return this._run('nothing', options, () => {
      const thread = args.string(threadId, 'threadId');
      return (core, peer, revision) => core.deleteRoom(peer, thread, revision);
    });
  }

  assignParticipants(threadId, participants, options) {
    return this._run('nothing', options, (limits) => {
      const thread = args.string(threadId, 'threadId');
      const ids = args.identifiers(participants, 'participants', limits).map(tagged);
      return (core, peer, revision) => core.assign(peer, thread, ids, revision);
    });
  }

  unassignParticipants(participants, options) {
    return this._run('nothing', options, (limits) => {
      const ids = args.identifiers(participants, 'participants', limits).map(tagged);
      return (core, peer, revision) => core.assign(peer, undefined, ids, revision);
    });
  }

  /** `assignAutomatically({ seed, rooms, perRoom, together, apart, avoidRepeats,
   *  expectedRevision })`. With any grouping rule (SPEC 11) it resolves with a report of what
   *  it could not do; with a seed alone, as the plain shuffle, with nothing. */
  assignAutomatically(options) {
    const rules = ['rooms', 'perRoom', 'together', 'apart', 'avoidRepeats'];
    let ruled = false;
    return this._run(
      () => (ruled ? 'report' : 'nothing'),
      options,
      (limits) => {
        const read = (key) => args.guard(`options.${key}`, () => options?.[key]);
        const given = read('seed');
        const seed = args.isAbsent(given) ? undefined : args.whole(given, 'options.seed');
        ruled = rules.some((key) => !args.isAbsent(read(key)));
        if (!ruled) return (core, peer, revision) => core.assignAutomatically(peer, seed, revision);
        const count = (key) => (args.isAbsent(read(key)) ? undefined : args.u32(read(key), `options.${key}`));
        const rooms = count('rooms');
        const perRoom = count('perRoom');
        const group = (key) =>
          args.isAbsent(read(key)) ? { ids: [], sizes: [] } : args.groups(read(key), `options.${key}`, limits, tagged);
        const together = group('together');
        const apart = group('apart');
        const avoid = read('avoidRepeats');
        const avoidRepeats = args.isAbsent(avoid) ? false : args.boolean(avoid, 'options.avoidRepeats');
        return (core, peer, revision) =>
          core.assignByRules(peer, seed, rooms, perRoom, together.ids, together.sizes, apart.ids, apart.sizes,
            avoidRepeats, revision);
      },
      ['seed', ...rules, 'expectedRevision'],
    );
  }

  /** `openRooms()`, `openRooms([threadId])`, `openRooms(options)`, `openRooms([threadId], options)`. */
  openRooms(threadIds, options) {
    return this._someRooms(true, threadIds, options);
  }

  /** `closeRooms()`, `closeRooms([threadId])`, `closeRooms({ graceSeconds })`, `closeRooms([threadId], options)`:
   *  the people inside are warned and the rooms close after `graceSeconds`, else after the meeting's
   *  `closingWarningSeconds` (the host decides, SPEC 11); 0 closes at once. Resolves once scheduled. */
  closeRooms(threadIds, options) {
    return this._someRooms(false, threadIds, options);
  }

  /** `updateSettings({ disableReturnToMainMeeting, roomEndTime, autoMoveParticipantToBreakoutRoom,
   *  closingWarningSeconds, roomDurationSeconds })`; `roomEndTime` is ms since the epoch, a Date,
   *  an ISO 8601 string, or null to clear it; `roomDurationSeconds: null` clears the duration. */
  updateSettings(settings, options) {
    return this._run('nothing', options, () => {
      const patch = args.settingsPatch(settings, 'settings', Date.now());
      const end = patch.roomEndTime;
      const duration = patch.roomDurationSeconds;
      return (core, peer, revision) =>
        core.updateSettings(
          peer,
          patch.disableReturnToMainMeeting,
          end ?? undefined,
          end === null,
          patch.autoMoveParticipantToBreakoutRoom,
          patch.closingWarningSeconds,
          duration ?? undefined,
          duration === null,
          revision,
        );
    });
  }

  /** SPEC 11: pushes back the pending closes of `threadIds`, or without them the room end
   *  time and every pending close, by `seconds`. */
  extendClosing(seconds, options) {
    return this._run(
      'nothing',
      options,
      (limits) => {
        const by = args.u32(seconds, 'seconds');
        const ids = this._threadIdsOption(options, limits);
        return (core, peer, revision) => core.extendClosing(peer, by, ids, revision);
      },
      ['threadIds', 'expectedRevision'],
    );
  }

  /** SPEC 11: calls off the pending closes of `threadIds`, or without them the room end time
   *  and every pending close. */
  cancelClosing(options) {
    return this._run(
      'nothing',
      options,
      (limits) => {
        const ids = this._threadIdsOption(options, limits);
        return (core, peer, revision) => core.cancelClosing(peer, ids, revision);
      },
      ['threadIds', 'expectedRevision'],
    );
  }

  /** SPEC 11: `text` to the people inside `threadIds` (every room when absent), and in the
   *  main meeting with `mainMeeting: true`. */
  broadcast(text, options) {
    return this._run(
      'nothing',
      options,
      (limits) => {
        const message = args.string(text, 'text');
        const ids = this._threadIdsOption(options, limits);
        const main = args.guard('options.mainMeeting', () => options?.mainMeeting);
        const mainMeeting = args.isAbsent(main) ? false : args.boolean(main, 'options.mainMeeting');
        return (core, peer) => core.broadcast(peer, message, ids, mainMeeting);
      },
      ['threadIds', 'mainMeeting'],
    );
  }

  /** SPEC 11: tells the askers in that room that help is coming. */
  acknowledgeHelp(threadId) {
    return this._run('nothing', undefined, () => {
      const thread = args.string(threadId, 'threadId');
      return (core, peer) => core.acknowledgeHelp(peer, thread);
    });
  }

  /** SPEC 11: goes into any open room without being assigned; resolves with the breakout
   *  call. `returnToMainMeeting()` (or hanging up and resuming) comes back. */
  visitRoom(threadId) {
    return this._run('call', undefined, () => {
      const thread = args.string(threadId, 'threadId');
      return (core, peer) => core.visitRoom(peer, thread);
    });
  }

  /** Organizer only. */
  setBreakoutRoomManager(participant, enabled, options) {
    return this._run('nothing', options, () => {
      const id = tagged(args.identifier(participant, 'participant'));
      const on = args.boolean(enabled, 'enabled');
      return (core, peer, revision) => core.setBreakoutRoomManager(peer, id, on, revision);
    });
  }

  dispose() {
    this._release();
  }

  _rooms(recreate, rooms, options) {
    return this._run('rooms', options, (limits) => {
      const spec = args.roomSpec(rooms, 'rooms', limits);
      const names = Array.isArray(spec) ? spec : undefined;
      const count = names ? 0 : spec;
      return (core, peer, revision) => core.createRooms(peer, recreate, count, names, revision);
    });
  }

  _threadIdsOption(options, limits) {
    const given = args.guard('options.threadIds', () => options?.threadIds);
    return args.isAbsent(given) ? undefined : args.threadIds(given, 'options.threadIds', limits);
  }

  _someRooms(open, first, second) {
    let threadIds = first;
    let options = second;
    if (!args.isAbsent(first) && !Array.isArray(first)) {
      if (typeof first !== 'object') {
        return Promise.reject(
          invalid('threadIds', `expected an array of threadIds or an options object, got ${describe(first)}`),
        );
      }
      threadIds = undefined;
      options = first;
    }
    return this._run(
      'nothing',
      options,
      (limits) => {
        const ids = args.isAbsent(threadIds) ? undefined : args.threadIds(threadIds, 'threadIds', limits);
        if (open) return (core, peer, revision) => core.openRooms(peer, ids, revision);
        // SPEC 11: closing warns the people inside first; without a grace the host uses the
        // meeting's closingWarningSeconds.
        const grace = args.guard('options.graceSeconds', () => options?.graceSeconds);
        const seconds = args.isAbsent(grace) ? undefined : args.u32(grace, 'options.graceSeconds');
        return (core, peer, revision) => core.closeRooms(peer, ids, seconds, revision);
      },
      open ? ['expectedRevision'] : ['graceSeconds', 'expectedRevision'],
    );
  }

  /** Reads the arguments (`read` returns how to start the command; any throw becomes ours),
   *  then starts it with the caller's `expectedRevision`. */
  _run(resolves, options, read, allowed = ['expectedRevision']) {
    const person = this._call._person;
    let start;
    try {
      start = args.guard('arguments', () => {
        const command = read(person.hub.limits);
        const opts = args.options(options, 'options', allowed);
        const revision = args.expectedRevision(opts, 'options');
        return (core, peer) => command(core, peer, revision);
      });
    } catch (error) {
      return Promise.reject(error);
    }
    return person.operation(start, typeof resolves === 'function' ? resolves() : resolves);
  }
}
