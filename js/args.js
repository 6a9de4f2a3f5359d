// Reading the caller's arguments into the engine's plain commands. Every wrong type, missing
// field or hostile object (a Proxy or getter that throws) becomes a BreakoutRoomsError that
// names the argument, and arrays are judged by their length before anything is copied.

import { BreakoutRoomsError, describe, invalid, tooMany } from './errors.js';
import { readIdentifier } from './identifiers.js';

/** Runs `read`; anything it throws that is not already ours is reported against `name`. */
export function guard(name, read) {
  try {
    return read();
  } catch (error) {
    if (error instanceof BreakoutRoomsError) throw error;
    throw invalid(name, `reading it threw: ${error?.message ?? describe(error)}`);
  }
}

export const isAbsent = (value) => value === undefined || value === null;

export function string(value, name) {
  if (typeof value !== 'string') throw invalid(name, `expected a string, got ${describe(value)}`);
  return value;
}

export function boolean(value, name) {
  if (typeof value !== 'boolean') throw invalid(name, `expected true or false, got ${describe(value)}`);
  return value;
}

/** A whole number in 0..2^53. */
export function whole(value, name) {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(name, `expected a whole number of 0 or more, got ${describe(value)}`);
  }
  return value;
}

/** A whole number the engine takes as 32 bits (0..4294967295); its range is the engine's to judge. */
export function u32(value, name) {
  whole(value, name);
  if (value > 0xffffffff) throw invalid(name, `expected at most 4294967295, got ${describe(value)}`);
  return value;
}

/** `[[identifier, ...], ...]` as the engine takes it: every identifier tagged, in one list,
 *  and how many each group has. */
export function groups(value, name, limits, tag) {
  const read = array(value, name, limits.maxParticipants, 'groups', (group, at) =>
    identifiers(group, at, limits),
  );
  return { ids: read.flat().map(tag), sizes: read.map((group) => group.length) };
}

/** An SDK options object whose other keys are welcome (they mean nothing here), or
 *  undefined when absent. */
export function sdkOptions(value, name) {
  if (!isAbsent(value) && typeof value !== 'object') {
    throw invalid(name, `expected an object, got ${describe(value)}`);
  }
  return value ?? undefined;
}

/** An options object, or undefined when absent; only `allowed` keys (a typo is an error). */
export const options = (value, name, allowed) => guard(name, () => readOptions(value, name, allowed));

function readOptions(value, name, allowed) {
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(name, `expected an object, got ${describe(value)}`);
  }
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'string' && !allowed.includes(key)) {
      throw invalid(`${name}.${key}`, `unknown field; expected one of ${allowed.join(', ')}`);
    }
  }
  return value;
}

/** The items of an array of at most `max`, each read by `item`. */
export const array = (value, name, max, what, item) =>
  guard(name, () => readArray(value, name, max, what, item));

function readArray(value, name, max, what, item) {
  if (!Array.isArray(value)) throw invalid(name, `expected an array, got ${describe(value)}`);
  const length = value.length;
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw invalid(`${name}.length`, `expected a whole number, got ${describe(length)}`);
  }
  if (length > max) throw tooMany(what, max, length);
  const items = new Array(length);
  for (let i = 0; i < length; i++) items[i] = item(value[i], `${name}[${i}]`);
  return items;
}

/** `{ expectedRevision }`: a getter that throws is an error, never a skipped check. */
export function expectedRevision(opts, name) {
  const field = `${name}.expectedRevision`;
  const value = guard(field, () => opts?.expectedRevision);
  return isAbsent(value) ? undefined : whole(value, field);
}

/** One `CommunicationIdentifier`. */
export const identifier = (value, name) => guard(name, () => readIdentifier(value, name));

export function identifiers(value, name, limits) {
  return array(value, name, limits.maxParticipants, 'participants per meeting', identifier);
}

/** `3` or `['Red', 'Blue']`. */
export function roomSpec(value, name, limits) {
  if (Array.isArray(value)) {
    return array(value, name, limits.maxRooms, 'rooms per meeting', string);
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 0xffffffff) {
    return value;
  }
  throw invalid(
    name,
    `expected a number of rooms (1 or more) or an array of room names, got ${describe(value)}`,
  );
}

export function threadIds(value, name, limits) {
  return array(value, name, limits.maxRooms, 'rooms per meeting', string);
}

/** `roomEndTime`: ms since the epoch, a Date, an ISO 8601 string, a `TimestampInfo`, or null. */
export function endTime(value, name, now) {
  if (value === null) return null;
  if (value instanceof Date) return whole(value.getTime(), name);
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw invalid(name, `expected an ISO 8601 date, got ${describe(value)}`);
    return whole(ms, name);
  }
  if (value !== null && typeof value === 'object') {
    if (value.attemptTimestamp !== undefined) {
      return whole(value.attemptTimestamp, `${name}.attemptTimestamp`);
    }
    if (value.deltaTimeInMs !== undefined) {
      return now + whole(value.deltaTimeInMs, `${name}.deltaTimeInMs`);
    }
  }
  return whole(value, name);
}

const SETTINGS = [
  'disableReturnToMainMeeting',
  'roomEndTime',
  'autoMoveParticipantToBreakoutRoom',
  'closingWarningSeconds',
  'roomDurationSeconds',
];

/** `updateSettings({ ... })`: absent fields stay; `roomEndTime: null` clears the end time. */
export const settingsPatch = (value, name, now) => guard(name, () => readSettings(value, name, now));

function readSettings(value, name, now) {
  const given = options(value, name, SETTINGS);
  if (!given) throw invalid(name, 'expected an object of settings');
  const patch = {};
  for (const key of [SETTINGS[0], SETTINGS[2]]) {
    const v = guard(`${name}.${key}`, () => given[key]);
    if (v !== undefined) patch[key] = boolean(v, `${name}.${key}`);
  }
  const end = guard(`${name}.roomEndTime`, () => given.roomEndTime);
  if (end !== undefined) patch.roomEndTime = guard(`${name}.roomEndTime`, () => endTime(end, `${name}.roomEndTime`, now));
  const warning = guard(`${name}.closingWarningSeconds`, () => given.closingWarningSeconds);
  if (warning !== undefined) patch.closingWarningSeconds = u32(warning, `${name}.closingWarningSeconds`);
  const duration = guard(`${name}.roomDurationSeconds`, () => given.roomDurationSeconds);
  if (duration !== undefined) {
    patch.roomDurationSeconds = duration === null ? null : u32(duration, `${name}.roomDurationSeconds`);
  }
  return patch;
}
