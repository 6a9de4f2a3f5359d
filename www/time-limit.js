// The time limit as organizers know it from Teams: a duration that runs from when the rooms
// open. Set while every room is closed, it waits here; opening rooms starts it (the meeting's
// roomEndTime becomes now + the duration); once it has run out, or all rooms are closed,
// reopening has no limit. The waiting duration is this page's until SPEC 11's
// `roomDurationSeconds` makes it part of the meeting.

let waitingMs = null;

/** The duration waiting for the rooms to open, in ms, or null. */
export const waitingLimit = () => waitingMs;

/** Sets a limit of `ms`: at once if a room is open, else when rooms next open. Only managers
 *  wait: anyone else is refused by the package, in its own words. */
export function setLimit(mgmt, ms, { roomsOpen, isManager }) {
  if (!roomsOpen && isManager) {
    waitingMs = ms;
    return undefined;
  }
  waitingMs = null;
  return mgmt.updateSettings({ roomEndTime: Date.now() + ms });
}

export function clearLimit(mgmt) {
  waitingMs = null;
  return mgmt.updateSettings({ roomEndTime: null });
}

/** Opens rooms (all, or those given), then starts a waiting limit. */
export async function openRooms(mgmt, threadIds) {
  await mgmt.openRooms(threadIds);
  if (waitingMs === null) return;
  const ms = waitingMs;
  waitingMs = null;
  await mgmt.updateSettings({ roomEndTime: Date.now() + ms });
}

/** Closes every room, and ends a running limit with them: it does not carry over. */
export async function closeAllRooms(mgmt, { limitRunning }) {
  await mgmt.closeRooms();
  if (limitRunning) await mgmt.updateSettings({ roomEndTime: null });
}
