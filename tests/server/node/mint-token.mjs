// How an app's backend mints a token for the meeting server (Node 18+, `npm install jose`).
import { SignJWT } from 'jose';

// The server's secret (at least 32 bytes), from the backend's own configuration.
const secret = new TextEncoder().encode(process.env.BREAKOUT_ROOMS_SECRET);

/** A token for one person; `meeting` limits it to one meeting (the id or link, no prefix). */
export function meetingToken({ userId, displayName, role = 'attendee', meeting, ttl = '1h' }) {
  return new SignJWT({ name: displayName, role, ...(meeting ? { mtg: meeting } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(secret);
}
// end of snippet

// For the tests: `node mint-token.mjs USER NAME ROLE [MEETING]` prints one.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [userId, displayName, role, meeting] = process.argv.slice(2);
  console.log(await meetingToken({ userId, displayName, role, meeting }));
}
