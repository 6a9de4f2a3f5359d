// Credentials and dev tokens. A dev token is JWT-shaped, so @azure/communication-common's
// credential accepts it, and unsigned: no cloud checks it. Reading one is plain format work;
// whether it is valid (user id, expiry) is the engine's call.

import { describe, invalid, invalidToken } from './errors.js';

const HEADER = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0'; // {"alg":"none","typ":"JWT"}
const DAY_SECONDS = 24 * 60 * 60;
const ROLES = ['organizer', 'coOrganizer', 'breakoutRoomManager', 'attendee'];
const MAX_TOKEN_LENGTH = 8 * 1024;

// One of each: a page that joins thousands of agents reads thousands of tokens.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const base64url = (text) =>
  btoa(String.fromCharCode(...encoder.encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** `createDevToken({ userId, displayName?, role?, expiresInSeconds? })`. */
export function createDevToken(options) {
  if (options === null || typeof options !== 'object') {
    throw invalid('options', `expected { userId, displayName?, role?, expiresInSeconds? }, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!['userId', 'displayName', 'role', 'expiresInSeconds'].includes(key)) {
      throw invalid(`options.${key}`, 'unknown field; expected one of userId, displayName, role, expiresInSeconds');
    }
  }
  const { userId, displayName, role = 'attendee', expiresInSeconds = DAY_SECONDS } = options;
  if (typeof userId !== 'string' || userId.trim() === '') {
    throw invalid('options.userId', `expected a non-empty string, got ${describe(userId)}`);
  }
  if (displayName !== undefined && typeof displayName !== 'string') {
    throw invalid('options.displayName', `expected a string, got ${describe(displayName)}`);
  }
  if (!ROLES.includes(role)) {
    throw invalid('options.role', `expected one of ${ROLES.join(', ')}, got ${describe(role)}`);
  }
  // 0 makes a token that has already expired: useful to test refusals.
  if (!Number.isSafeInteger(expiresInSeconds) || expiresInSeconds < 0) {
    throw invalid('options.expiresInSeconds', `expected a whole number of seconds, 0 or more, got ${describe(expiresInSeconds)}`);
  }
  const payload = { skypeid: userId, role, exp: Math.floor(Date.now() / 1000) + expiresInSeconds };
  if (displayName !== undefined) payload.displayName = displayName;
  return `${HEADER}.${base64url(JSON.stringify(payload))}.`;
}

/** The JSON payload of a JWT-shaped token, for the engine to check. */
export function tokenPayload(token) {
  if (token.length > MAX_TOKEN_LENGTH) throw invalidToken('the token is longer than 8 KB');
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw invalidToken('expected a JWT: three dot-separated base64url parts');
  let json;
  try {
    const binary = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    json = decoder.decode(bytes);
  } catch {
    throw invalidToken('the payload is not base64url');
  }
  try {
    const payload = JSON.parse(json);
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw 0;
    return payload;
  } catch {
    throw invalidToken('the payload is not a dev token: not a JSON object');
  }
}

/** What a dev token claims, read from its payload; whether the claims hold is the engine's. */
export function tokenClaims(token) {
  const payload = tokenPayload(token);
  // A meeting server's signed tokens say `sub` and `name` (SPEC 10); dev tokens `skypeid`
  // and `displayName`.
  const idField = payload.skypeid === undefined && payload.sub !== undefined ? 'sub' : 'skypeid';
  const nameField = payload.displayName === undefined && payload.name !== undefined ? 'name' : 'displayName';
  const { [idField]: skypeid, [nameField]: displayName, role = 'attendee', exp } = payload;
  const wrong = (field, expected) =>
    invalidToken(`the payload is not a dev token: ${field} should be ${expected}, got ${describe(payload[field])}`);
  if (typeof skypeid !== 'string') throw wrong(idField, 'a string');
  if (displayName !== undefined && typeof displayName !== 'string') throw wrong(nameField, 'a string');
  if (typeof role !== 'string') throw wrong('role', 'a string');
  if (!Number.isSafeInteger(exp) || exp < 0) throw wrong('exp', 'a whole number of seconds');
  return { userId: skypeid, displayName, role, exp };
}

/** The SDK's credential: a token string, or `{ token }`. */
export class AzureCommunicationTokenCredential {
  constructor(token) {
    const text = typeof token === 'object' && token !== null ? token.token : token;
    if (typeof text !== 'string') {
      throw invalid('token', `expected a token string or { token }, got ${describe(token)}`);
    }
    this._token = text;
  }

  getToken() {
    this._expiresOn ??= expiry(this._token);
    return Promise.resolve({ token: this._token, expiresOnTimestamp: this._expiresOn });
  }

  /** Nothing to release: the token is a string. */
  dispose() {}
}

function expiry(token) {
  try {
    return tokenPayload(token).exp * 1000;
  } catch {
    return 0;
  }
}
