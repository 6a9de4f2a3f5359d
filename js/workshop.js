// What the workshop features (SPEC 11) hand out, as plain data: countdowns, broadcasts, calls
// for help, rounds and grouping reports. Times are ISO 8601 strings, as `roomEndTime` is.

import { withKind } from './identifiers.js';
import { roomData } from './rooms.js';

const iso = (ms) => new Date(ms).toISOString();

/** `{ threadId, closesAt }`; without `closesAt` the room is no longer closing. */
export function closingData(threadId, closesAt) {
  const data = { threadId };
  if (closesAt !== undefined) data.closesAt = iso(closesAt);
  return data;
}

export function broadcastData(output) {
  return {
    sender: { identifier: withKind(output.sender.identifier), displayName: output.sender.displayName },
    text: output.text,
    sentAt: iso(output.sentAt),
  };
}

/** A manager's view of a call for help. */
export function helpData(request) {
  const data = {
    threadId: request.threadId,
    askers: request.askers.map(withKind),
    requestedAt: iso(request.requestedAt),
  };
  if (request.acknowledgedBy) data.acknowledgedBy = withKind(request.acknowledgedBy);
  return data;
}

/** An asker's view of their call for help: `'pending'`, `'acknowledged'` (and by whom), or
 *  `'cleared'` once the room closed. */
export function ownHelpData(threadId, request) {
  if (!request) return { threadId, state: 'cleared' };
  const data = { threadId, state: request.acknowledgedBy ? 'acknowledged' : 'pending' };
  if (request.acknowledgedBy) data.acknowledgedBy = withKind(request.acknowledgedBy);
  return data;
}

function groupData(group) {
  return { threadId: group.threadId, displayName: group.displayName, members: group.members.map(withKind) };
}

/** A round; the one running (no `endedAt`) takes its groups from `rooms`, the rooms as they
 *  are now (a manager's `breakoutRooms`). */
export function roundData(round, rooms) {
  const data = { number: round.number, startedAt: iso(round.startedAt) };
  if (round.endedAt !== undefined) {
    data.endedAt = iso(round.endedAt);
    data.groups = round.groups.map(groupData);
  } else {
    data.groups = (rooms ?? [])
      .filter((room) => room.invitees?.length)
      .map((room) => ({
        threadId: room.threadId,
        displayName: room.displayName,
        members: room.invitees.map((invitee) => invitee.identifier),
      }));
  }
  return data;
}

/** What `assignAutomatically` with grouping rules resolves with. */
export function reportData(report, rooms, person) {
  return {
    violations: report.violations.map((v) =>
      v.rule === 'together'
        ? { rule: 'together', participants: v.participants.map(withKind), threadIds: v.threadIds }
        : { rule: 'apart', participants: v.participants.map(withKind), threadId: v.threadId },
    ),
    repeatedPairs: report.repeatedPairs,
    rooms: (rooms ?? []).map((room) => roomData(room, person)),
  };
}
