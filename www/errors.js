// Errors in words: what failed, why in plain language, and the package's own message and
// code/subCode for anyone who wants the detail.
import { h, replaceChildren } from './dom.js';

/** Plain-language reasons, by subCode (SPEC section 7 and the package README). */
const REASONS = new Map([
  [46250, 'Breakout rooms only exist in meetings, not in group calls.'],
  [46251, 'Breakout rooms are turned off for this meeting.'],
  [46254, 'Joining the breakout room failed.'],
  [46255, 'The main meeting could not be put on hold.'],
  [46256, 'That room is closed. It can be joined once it opens.'],
  [46257, 'The main meeting could not be resumed.'],
  [46258, 'The breakout room details could not be read.'],
  [46259, 'The breakout room call could not be hung up.'],
  [46260, 'No room is assigned to this person yet.'],
  [46900, 'Only organizers, co-organizers and breakout room managers can manage rooms.'],
  [46901, 'Only the organizer can make someone a breakout room manager.'],
  [46902, 'That room does not exist any more.'],
  [46903, 'That person is not in the meeting.'],
  [46904, 'A room needs a name: not empty, and no control characters.'],
  [46905, 'That is over the meeting’s limits.'],
  [46906, 'Someone else changed the meeting first. Look again and retry.'],
  [46907, 'Returning to the main meeting early is turned off.'],
  [46908, 'Something in the request is not valid.'],
  [46909, 'This person is not connected to the meeting.'],
  [46910, 'This call has already joined the meeting.'],
  [46911, 'There are no rooms to assign people to. Create rooms first.'],
  [46912, 'Organizers and co-organizers keep their role.'],
  [46913, 'A message could not be understood.'],
  [46914, 'The sign-in token is not valid.'],
  [46915, 'You joined this meeting from somewhere else, so this window left it.'],
  [46930, 'Nothing is closing there: close the rooms with a countdown first.'],
  [46931, 'That is too many messages in a minute. Wait a little and send again.'],
  [46932, 'Only someone inside a breakout room can ask for help.'],
  [46933, 'Nobody in that room has asked for help.'],
]);

/** An error the page raises itself (a field left empty, …): shown the same way. */
export class InputError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InputError';
  }
}

function sentence(text) {
  const t = String(text ?? '').trim();
  if (!t) return '';
  const capital = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** `{ what, reason, detail }` for an error from `action` ("Couldn't open the rooms"). */
export function describeError(action, error) {
  if (error instanceof InputError) return { what: action, reason: sentence(error.message), detail: '' };
  const raw = String(error?.message ?? error ?? '').trim();
  const reason = REASONS.get(error?.subCode);
  const codes = typeof error?.code === 'number' ? `code ${error.code}, subCode ${error.subCode}` : '';
  if (!reason) return { what: action, reason: sentence(raw) || 'Something went wrong.', detail: codes };
  // The package's own words stay as they are (they may start with a method name).
  return { what: action, reason, detail: [raw, codes].filter(Boolean).join(' · ') };
}

/** Fills an error slot (a `role="alert"` element kept in the page) with the error in words. */
export function showError(slot, action, error) {
  const { what, reason, detail } = describeError(action, error);
  replaceChildren(
    slot,
    h('strong', null, `${what}: `),
    reason,
    detail ? h('span', { class: 'detail' }, ` (${detail})`) : null,
  );
}

export function clearError(slot) {
  if (slot.firstChild) slot.replaceChildren();
}

/**
 * Runs `fn` for a control: clears `slot`, awaits, and shows any error in it. Resolves with
 * whether it succeeded, so callers can put a control back the way it was.
 */
export async function attempt(slot, action, fn) {
  clearError(slot);
  try {
    await fn();
    return true;
  } catch (error) {
    showError(slot, action, error);
    return false;
  }
}
