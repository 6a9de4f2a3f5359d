// The fragments in docs/ that are not whole programs, run as written inside a meeting made
// for them (the prelude defines what they use), in headless Chromium: docs/concepts.md's
// management walk-through (as the organizer) and docs/errors.md's handler (as an attendee,
// who is refused). The quick starts run whole in quickstart.test.mjs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from '../../scripts/serve.mjs';
import { codeBlock } from '../markdown.mjs';
import { pageConsole } from '../quickstart.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><link rel="icon" href="data:,"><title>Docs sample</title>
<script type="importmap">{ "imports": { "breakout-rooms": "/pkg/index.js" } }</script>
<script type="module" src="/sample.js"></script>
</head>
<body></body>
</html>
`;

// An organizer's `call` with three attendees connected, and `mgmt` of whoever `as` names.
const prelude = (as) => `
import { AzureCommunicationTokenCredential, CallClient, Features, createDevToken } from 'breakout-rooms';
const join = async (userId, role) => {
  const token = createDevToken({ userId, displayName: userId, role });
  const agent = await new CallClient().createCallAgent(new AzureCommunicationTokenCredential(token), { displayName: userId });
  return agent.join({ meetingLink: 'https://example.test/meet/docs' });
};
const calls = { olivia: await join('olivia', 'organizer') };
for (const name of ['alice', 'bob', 'carol']) calls[name] = await join(name, 'attendee');
while (calls.olivia.remoteParticipants.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
const call = calls.${as};
${as === 'olivia' ? '' : `const mgmt = call.feature(Features.BreakoutRoomsManagement);`}
const showMessage = (text) => console.log('shown: ' + text);
// ----- the sample, as written -----
`;

describe('docs samples, as written, in headless Chromium', () => {
  let site;
  let server;

  before(async () => {
    site = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-docs-samples-'));
    await writeFile(path.join(site, 'index.html'), PAGE);
    server = await serve({ mounts: [['/pkg/', path.join(ROOT, 'pkg')], ['/', site]], port: 0, cacheControl: 'no-store' });
  });

  after(async () => {
    await server?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  async function runSample(code) {
    await writeFile(path.join(site, 'sample.js'), code);
    return pageConsole(server.url, { done: 'sample done' });
  }

  it('docs/concepts.md: the management walk-through runs for an organizer', async () => {
    const sample = codeBlock(await readFile(path.join(ROOT, 'docs/concepts.md'), 'utf8'), { heading: 'Managing rooms' });
    const { lines, problems } = await runSample(
      `${prelude('olivia')}${sample}\n` +
        // The sample's last step is recreateRooms(2): the organizer's room list follows.
        'const feature = call.feature(Features.BreakoutRooms);\n' +
        "while (feature.breakoutRooms.some((r) => r.displayName === 'Design')) await new Promise((r) => setTimeout(r, 10));\n" +
        "console.log('sample done ' + JSON.stringify(feature.breakoutRooms.map((r) => [r.displayName, r.state])));\n",
    );
    assert.deepEqual(problems, []);
    assert.ok(lines.includes('sample done [["Room 1","closed"],["Room 2","closed"]]'), String(lines));
  });

  it("docs/concepts.md: the big-meeting lines read the list and the count, and follow the count", async () => {
    const sample = codeBlock(await readFile(path.join(ROOT, 'docs/concepts.md'), 'utf8'), { heading: 'Limits', lang: 'js' });
    const { lines, problems } = await runSample(
      `${prelude('olivia')}const render = (n) => console.log('rendered ' + n);\n${sample}\n` +
        "console.log('sample done ' + shown + ' ' + everyone);\n" +
        // One more arrives: the count moves, and the listener renders it.
        "await join('dave', 'attendee');\n" +
        "while (call.totalParticipantCount < 5) await new Promise((r) => setTimeout(r, 10));\n",
    );
    assert.deepEqual(problems, []);
    assert.ok(lines.includes('sample done 3 4'), String(lines));
    assert.ok(lines.includes('rendered 5'), String(lines));
  });

  it("docs/errors.md: an attendee's openRooms is refused, and the handler shows its message", async () => {
    const sample = codeBlock(await readFile(path.join(ROOT, 'docs/errors.md'), 'utf8'), { heading: 'Errors', lang: 'js' });
    const { lines, problems } = await runSample(`${prelude('alice')}${sample}\nconsole.log('sample done');\n`);
    assert.deepEqual(problems, []);
    assert.ok(lines.includes('shown: Only organizers and room managers can open rooms.'), String(lines));
  });
});
