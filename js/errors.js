// Every error the package throws or rejects with: an Error with the SDK's `code` and
// `subCode` (46250-46260 as the SDK's, 46900-46949 ours; the README has the table).

export class BreakoutRoomsError extends Error {
  constructor(code, subCode, message) {
    super(message);
    this.name = 'BreakoutRoomsError';
    this.code = code;
    this.subCode = subCode;
  }
}

/** An error the engine reported as `{ code, subCode, message }`. */
export function fromEngine(value) {
  if (value instanceof Error) return value;
  const error = typeof value === 'string' ? JSON.parse(value) : value;
  return new BreakoutRoomsError(error.code, error.subCode, error.message);
}

/** 400/46908: an argument was missing, mistyped or out of range. */
export const invalid = (field, reason) =>
  new BreakoutRoomsError(400, 46908, `invalid ${field}: ${reason}`);

/** 413/46905: more than the meeting allows. */
export const tooMany = (what, limit, requested) =>
  new BreakoutRoomsError(
    413,
    46905,
    `limit exceeded: at most ${limit} ${what}, but ${requested} were asked for`,
  );

/** 412/46909. */
export const notConnected = () =>
  new BreakoutRoomsError(412, 46909, 'the call is not connected to the meeting');

/** 401/46914. */
export const invalidToken = (reason) =>
  new BreakoutRoomsError(401, 46914, `invalid token: ${reason}`);

/** 400/46908 for something this engine does not do; `why` says so in the user's terms. */
export const unavailable = (what, why = 'this engine carries no audio or video') =>
  new BreakoutRoomsError(400, 46908, `${what}: ${why}`);

/** A value as an error message shows it. */
export function describe(value) {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return 'a value that is not JSON';
  }
}
