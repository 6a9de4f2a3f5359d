// `Features.BreakoutRooms` exactly as the SDK has it, and `Features.BreakoutRoomsManagement`
// (SPEC 5), the API the SDK lacks. Every management method returns a Promise; bad arguments
// reject it with an error naming the argument, and change nothing.

import * as args from './args.js';
import { describe, invalid } from './errors.js';
import { tagged } from './identifiers.js';
import { Observable } from './observable.js';

export class BreakoutRoomsCallFeature extends Observable {
  constructor(call) {
    super(['breakoutRoomsUpdated']);
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

  dispose() {
    this._release();
  }
}

export class BreakoutRoomsManagement extends Observable {
  constructor(call) {
    super(['settingsChanged']);
    Object.defineProperty(this, '_call', { value: call });
  }

  get name() {
    return 'BreakoutRoomsManagement';
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

  /** `assignAutomatically({ seed, expectedRevision })`. */
  assignAutomatically(options) {
    return this._run(
      'nothing',
      options,
      () => {
        const given = args.guard('options.seed', () => options?.seed);
        const seed = args.isAbsent(given) ? undefined : args.whole(given, 'options.seed');
        return (core, peer, revision) => core.assignAutomatically(peer, seed, revision);
      },
      ['seed', 'expectedRevision'],
    );
  }

  /** `openRooms()`, `openRooms([threadId])`, `openRooms(options)`, `openRooms([threadId], options)`. */
  openRooms(threadIds, options) {
    return this._someRooms(true, threadIds, options);
  }

  closeRooms(threadIds, options) {
    return this._someRooms(false, threadIds, options);
  }

  /** `updateSettings({ disableReturnToMainMeeting, roomEndTime, autoMoveParticipantToBreakoutRoom })`;
   *  `roomEndTime` is ms since the epoch, a Date, an ISO 8601 string, or null to clear it. */
  updateSettings(settings, options) {
    return this._run('nothing', options, () => {
      const patch = args.settingsPatch(settings, 'settings', Date.now());
      const end = patch.roomEndTime;
      return (core, peer, revision) =>
        core.updateSettings(
          peer,
          patch.disableReturnToMainMeeting,
          end ?? undefined,
          end === null,
          patch.autoMoveParticipantToBreakoutRoom,
          revision,
        );
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
    return this._run('nothing', options, (limits) => {
      const ids = args.isAbsent(threadIds) ? undefined : args.threadIds(threadIds, 'threadIds', limits);
      return (core, peer, revision) => core.openRooms(peer, open, ids, revision);
    });
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
    return person.operation(start, resolves);
  }
}
