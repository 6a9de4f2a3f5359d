// Rooms and settings as the SDK hands them out: plain data. `JSON.stringify`, spread and
// devtools show their fields; a room's methods live on its prototype, and the participant it
// was handed to is kept aside, so data and behaviour never mix.

import { withKind } from './identifiers.js';

const owner = new WeakMap();

/** The SDK's `BreakoutRoom`: a snapshot of the room when it was handed out. */
export class BreakoutRoom {
  /** The breakout call in this room, while this participant is in it. */
  get call() {
    const call = owner.get(this)?.breakoutNow();
    return call?._live && call._threadId === this.threadId ? call : undefined;
  }

  /** Joins this room, if it is the one assigned; resolves with the breakout call. */
  join() {
    return owner.get(this).operation((core, peer) => core.joinRoom(peer, this.threadId), 'call');
  }

  /** Leaves the breakout room for the main meeting; resolves with the main call. */
  returnToMainMeeting() {
    return owner.get(this).operation((core, peer) => core.returnToMain(peer), 'call');
  }
}

/** A room as the engine described it, as a `BreakoutRoom`; with `into`, that object is
 *  updated in place, as the SDK does with the assigned room (clients keep the object they were
 *  handed and compare its state with the next event's). */
export function roomData(room, person, into) {
  const data = into ?? Object.create(BreakoutRoom.prototype);
  data.threadId = room.threadId;
  data.displayName = room.displayName;
  data.state = room.state;
  data.autoMoveParticipantToBreakoutRoom = room.autoMoveParticipantToBreakoutRoom;
  if (room.invitees) data.invitees = room.invitees.map((id) => ({ identifier: withKind(id) }));
  else delete data.invitees;
  owner.set(data, person);
  return data;
}

/** The SDK's `BreakoutRoomsSettings`; `roomEndTime` is an ISO 8601 string, as the SDK
 *  delivers it at run time and @azure/communication-react parses it (SPEC 3). */
export function settingsData(settings) {
  const data = { disableReturnToMainMeeting: settings.disableReturnToMainMeeting };
  if (settings.roomEndTime !== undefined) {
    data.roomEndTime = new Date(settings.roomEndTime).toISOString();
  }
  return data;
}

/** Managers' `mgmt.settings`: the SDK's settings plus the meeting's auto-move default. */
export function managementSettings(settings) {
  const data = settingsData(settings);
  data.autoMoveParticipantToBreakoutRoom = settings.autoMoveParticipantToBreakoutRoom;
  // SPEC 11: the warning before the end time and before closeRooms() without graceSeconds,
  // and the duration that starts when rooms open.
  data.closingWarningSeconds = settings.closingWarningSeconds;
  if (settings.roomDurationSeconds !== undefined) data.roomDurationSeconds = settings.roomDurationSeconds;
  return data;
}
