// Measures two builds of the package against each other on the engine's hot path, its
// outputs crossing to JavaScript (e.g. main's pkg/ against a branch's, copied aside): runs
// the same meeting on each package's Node entry, the builds in turn, and prints time per
// phase (each run, then the medians) and the gzip size of each wasm. Usage:
//   node scripts/boundary-bench.mjs <pkg dir> <other pkg dir> [participants=1000] [rooms=100] [runs each=2]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const [first, second, people = '1000', roomCount = '100', rounds = '2'] = process.argv.slice(2);
if (!first || !second) {
  console.error('usage: node scripts/boundary-bench.mjs <pkg dir> <other pkg dir> [participants] [rooms] [runs each]');
  process.exit(2);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function run(dir) {
  const api = await import(pathToFileURL(path.resolve(dir, 'node.js')).href);
  const { CallClient, AzureCommunicationTokenCredential, createDevToken, Features } = api;
  const client = new CallClient();
  const link = { meetingLink: `https://example.test/bench/${Math.random()}` };
  const agent = (userId, role) =>
    client.createCallAgent(new AzureCommunicationTokenCredential(createDevToken({ userId, role })));
  const org = (await agent('org', 'organizer')).join(link);
  const t0 = performance.now();
  const attendees = [];
  for (let i = 0; i < Number(people); i++) {
    const call = (await agent(`a${i}`, 'attendee')).join(link);
    // Every attendee listens, as a page of one participant would.
    call.on('remoteParticipantsUpdated', () => {});
    attendees.push(call);
  }
  while (attendees.some((c) => c.state !== 'Connected')) await settle();
  const joined = performance.now() - t0;
  const mgmt = org.feature(Features.BreakoutRoomsManagement);
  await mgmt.createRooms(Number(roomCount));
  await mgmt.assignAutomatically({ seed: 1 });
  const t1 = performance.now();
  await mgmt.openRooms();
  while (attendees.some((c) => c.state !== 'LocalHold')) await settle();
  const opened = performance.now() - t1;
  const wasm = readFileSync(path.resolve(dir, 'breakout_rooms_bg.wasm'));
  return { joined, opened, gzip: gzipSync(wasm, { level: 9 }).length };
}

const runs = [];
for (let i = 0; i < Number(rounds); i++) {
  for (const dir of [first, second]) {
    const r = await run(dir);
    runs.push({ dir, ...r });
    console.log(
      `${dir}: ${people} joins ${r.joined.toFixed(0)} ms; openRooms to everyone moved ${r.opened.toFixed(0)} ms; wasm ${r.gzip} B gzip -9`,
    );
  }
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const dir of [first, second]) {
  const mine = runs.filter((r) => r.dir === dir);
  console.log(
    `${dir}: median of ${mine.length}: joins ${median(mine.map((r) => r.joined)).toFixed(0)} ms; ` +
      `openRooms ${median(mine.map((r) => r.opened)).toFixed(0)} ms`,
  );
}
// The meetings' token-expiry timers would keep Node running.
process.exit(0);
