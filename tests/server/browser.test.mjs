// The package in headless Chromium against the real meeting server: pages join with
// `new CallClient({ transport: 'ws://…' })` and signed tokens, run a breakout flow, and
// ride out a server restart (SIGTERM, close 1012, reconnect and resume) without their calls
// ending. The server binary is $BR_SERVER_BIN, else target/debug/breakout-rooms-server
// (`make server-browser` builds it); the package is $BR_PKG, else pkg/.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../chromium.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const BIN = path.resolve(process.env.BR_SERVER_BIN || path.join(ROOT, 'target/debug/breakout-rooms-server'));
const PKG = path.resolve(process.env.BR_PKG || path.join(ROOT, 'pkg'));
const NATIVE = path.resolve(process.env.BR_PARTICIPANT_BIN || path.join(ROOT, 'target/debug/examples/participant'));
const SECRET = 'browser-test-secret-0123456789abcdef0123';
const env = { ...process.env, BREAKOUT_ROOMS_SECRET: SECRET };

let tmp, context, server;

/** Starts the server on `listen` (port 0: any); resolves with `{ child, address }`. */
function startServer(listen) {
  const child = spawn(BIN, ['--listen', listen, '--data', path.join(tmp, 'data'), '--static-root', tmp, '--sync', 'normal'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const address = /^listening on http:\/\/([^/]+)\//.exec(line)?.[1];
      if (address) resolve({ child, address });
      else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

function stopServer(signal) {
  const { child } = server;
  return new Promise((resolve) => {
    child.once('exit', (code, sig) => resolve(code ?? sig));
    child.kill(signal);
  });
}

const token = (user, name, role, meeting) =>
  execFileSync(BIN, ['token', '--user', user, '--name', name, '--role', role, ...(meeting ? ['--meeting', meeting] : [])], { env })
    .toString()
    .trim();

const PAGE_JS = `
import { AzureCommunicationTokenCredential, CallClient, Features } from 'breakout-rooms';

export const seen = [];
export let call, feature, agent;

export async function join(meeting, token) {
  const client = new CallClient({ transport: 'ws://' + location.host });
  agent = await client.createCallAgent(new AzureCommunicationTokenCredential(token));
  agent.on('connectionStateChanged', (e) => seen.push('connection:' + e.newValue));
  call = agent.join({ meetingId: meeting });
  call.on('stateChanged', () => seen.push('main:' + call.state));
  feature = call.feature(Features.BreakoutRooms);
  feature.on('breakoutRoomsUpdated', (e) => {
    seen.push(e.type);
    if (e.type === 'join') e.data.on('stateChanged', () => seen.push('breakout:' + e.data.state));
  });
}

export const mgmt = () => call.feature(Features.BreakoutRoomsManagement);

export function until(check, what, ms = 10000) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      let ok = false;
      try { ok = check(); } catch {}
      if (ok) return resolve(performance.now() - started);
      if (performance.now() - started > ms) return reject(new Error('timed out waiting until ' + what + '; saw ' + JSON.stringify(seen)));
      setTimeout(poll, 10);
    };
    poll();
  });
}

export function where() {
  const room = feature.assignedBreakoutRooms;
  return { room: room?.displayName, state: room?.state, call: room?.call?.state, main: call.state };
}
`;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'br-server-browser-'));
  await mkdir(path.join(tmp, 'www'));
  await symlink(PKG, path.join(tmp, 'pkg'));
  await writeFile(path.join(tmp, 'www', 'page.js'), PAGE_JS);
  await writeFile(
    path.join(tmp, 'www', 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>participant</title><link rel="icon" href="data:,">
<script type="importmap">{"imports":{"breakout-rooms":"/pkg/index.js"}}</script>
<script type="module">import * as page from '/page.js'; window.page = page;</script>`,
  );
  server = await startServer('127.0.0.1:0');
  context = await launchChromium(path.join(tmp, 'profile'));
});

after(async () => {
  await context?.close();
  if (server && server.child.exitCode === null) await stopServer('SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

async function openPage(meeting, tokenText, who) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`http://${server.address}/`);
  await page.waitForFunction(() => window.page);
  await page.evaluate(([m, t]) => window.page.join(m, t), [meeting, tokenText]);
  return { page, errors, who };
}

const inPage = (p, fn, arg) =>
  p.page.evaluate(fn, arg).catch((e) => {
    throw new Error(`in ${p.who}'s page: ${e.message}`);
  });

test('pages with signed tokens run a breakout flow on the server and ride out its restart', async () => {
  const alice = await openPage('standup', token('alice', 'Alice', 'organizer', 'standup'), 'alice');
  const bob = await openPage('standup', token('bob', 'Bob', 'attendee'), 'bob');
  for (const p of [alice, bob]) await inPage(p, () => window.page.until(() => window.page.call.state === 'Connected', 'connected'));
  await inPage(alice, async () => {
    const mgmt = window.page.mgmt();
    const [red] = await mgmt.createRooms(['Red', 'Blue']);
    await mgmt.assignParticipants(red.threadId, [{ communicationUserId: 'bob' }]);
    await mgmt.openRooms();
  });
  await inPage(bob, () => window.page.until(() => window.page.where().call === 'Connected', "bob's breakout call connects"));
  assert.deepEqual(await inPage(bob, () => window.page.where()), { room: 'Red', state: 'open', call: 'Connected', main: 'LocalHold' });

  // SIGTERM: every socket closes with 1012; the pages keep their calls and reconnect.
  const before = await inPage(bob, () => window.page.seen.length);
  assert.equal(await stopServer('SIGTERM'), 0);
  server = await startServer(server.address);
  await inPage(alice, () => window.page.until(() => window.page.feature.breakoutRooms?.length === 2, 'alice still sees both rooms'));
  await inPage(bob, () => new Promise((r) => setTimeout(r, 1500)));
  assert.deepEqual(await inPage(bob, () => window.page.where()), { room: 'Red', state: 'open', call: 'Connected', main: 'LocalHold' });
  const since = await inPage(bob, (n) => window.page.seen.slice(n), before);
  assert.ok(!since.some((e) => e.startsWith('breakout:') || e.startsWith('main:')), `bob's calls went on: ${since}`);

  // A big message (the server writes its frame itself) reaches the page whole.
  const names = Array.from({ length: 40 }, (_, i) => `Salle é ${i} 😀 Raum`);
  const made = await inPage(alice, (n) => window.page.mgmt().createRooms(n).then((rooms) => rooms.map((r) => r.displayName)), names);
  assert.deepEqual(made, names);
  await inPage(alice, () => window.page.until(() => window.page.feature.breakoutRooms?.length === 42, 'alice sees 42 rooms'));

  // After the restart the meeting still works: closing (at once) brings bob back.
  await inPage(alice, () => window.page.mgmt().closeRooms({ graceSeconds: 0 }));
  await inPage(bob, () => window.page.until(() => window.page.call.state === 'Connected', 'bob back in main'));
  for (const p of [alice, bob]) assert.deepEqual(p.errors, []);
});

test('a page that closes leaves the meeting at once; the grace period is for dropped connections', async () => {
  const carol = await openPage('goodbye', token('carol', 'Carol', 'organizer'), 'carol');
  const dan = await openPage('goodbye', token('dan', 'Dan', 'attendee'), 'dan');
  await inPage(carol, () => window.page.until(() => window.page.call.remoteParticipants.length === 1, 'dan is in'));
  await dan.page.close();
  await inPage(carol, () => window.page.until(() => window.page.call.remoteParticipants.length === 0, 'dan leaves', 5000));
  assert.deepEqual(carol.errors, []);
  await carol.page.close();
});

/** A native participant (examples/participant.rs): the core's client over a socket, driven
 *  by lines; resolves once it is in the meeting. `lines` collects what it printed. */
async function nativeParticipant(meeting, tokenText, user) {
  const child = spawn(NATIVE, [`ws://${server.address}`, `meetingId:${meeting}`, tokenText, user], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(JSON.parse(line));
    for (const w of [...waiters]) if (w.check()) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
  });
  const until = (check, what, ms = 10_000) =>
    new Promise((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => reject(new Error(`${user} (native): timed out waiting until ${what}; printed ${JSON.stringify(lines)}`)), ms);
      waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  const has = (fields) => () => lines.some((l) => Object.entries(fields).every(([k, v]) => l[k] === v));
  await until(has({ event: 'ready' }), 'it joined');
  return { child, lines, until, has, send: (command) => child.stdin.write(`${command}\n`) };
}

test('browser pages and a native client in one meeting: join, manage, open, move, close, return, room end time', async () => {
  const alice = await openPage('mixed', token('alice', 'Alice', 'organizer', 'mixed'), 'alice');
  const bob = await openPage('mixed', token('bob', 'Bob', 'attendee'), 'bob');
  const dave = await nativeParticipant('mixed', token('dave', 'Dave', 'attendee'), 'dave');
  try {
    await inPage(alice, () => window.page.until(() => window.page.call.remoteParticipants.length === 2, 'bob and dave are in'));
    assert.deepEqual(await inPage(alice, () => window.page.call.remoteParticipants.map((p) => p.displayName).sort()), ['Bob', 'Dave']);
    // Manage and open: bob (a page) to Red, dave (native) to Blue.
    await inPage(alice, async () => {
      const mgmt = window.page.mgmt();
      const [red, blue] = await mgmt.createRooms(['Red', 'Blue']);
      await mgmt.assignParticipants(red.threadId, [{ communicationUserId: 'bob' }]);
      await mgmt.assignParticipants(blue.threadId, [{ communicationUserId: 'dave' }]);
      await mgmt.openRooms();
    });
    await inPage(bob, () => window.page.until(() => window.page.where().call === 'Connected', 'bob in Red'));
    await dave.until(dave.has({ event: 'state', call: 'breakout', state: 'Connected' }), 'dave in Blue');
    assert.ok(dave.has({ event: 'assigned', room: 'Blue', state: 'open' })());
    // Move: dave is reassigned to Red while inside Blue, and bob's room call sees him arrive.
    const printed = dave.lines.length;
    await inPage(alice, async () => {
      const red = window.page.feature.breakoutRooms.find((r) => r.displayName === 'Red');
      await window.page.mgmt().assignParticipants(red.threadId, [{ communicationUserId: 'dave' }]);
    });
    await dave.until(() => dave.lines.slice(printed).some((l) => l.event === 'assigned' && l.room === 'Red'), 'dave reassigned');
    await dave.until(() => dave.lines.slice(printed).some((l) => l.event === 'state' && l.call === 'breakout' && l.state === 'Connected'), 'dave in Red');
    await inPage(bob, () =>
      window.page.until(() => window.page.feature.assignedBreakoutRooms.call.remoteParticipants.some((p) => p.displayName === 'Dave'), 'dave in bob\'s room'),
    );
    // Return: dave leaves his room early.
    dave.send('return');
    await dave.until(() => dave.lines.slice(printed).some((l) => l.event === 'state' && l.call === 'main' && l.state === 'Connected'), 'dave back in main');
    // Close: bob is warned first, for the meeting's closingWarningSeconds (1 s here), and
    // the server's timer then brings him back.
    await inPage(alice, async () => {
      await window.page.mgmt().updateSettings({ closingWarningSeconds: 1 });
      await window.page.mgmt().closeRooms();
    });
    await inPage(bob, () => window.page.until(() => window.page.feature.roomClosing?.closesAt, "bob hears 'roomClosing'"));
    await inPage(bob, () => window.page.until(() => window.page.call.state === 'Connected', 'bob back in main'));
    // Room end time: open again with an end 2 s away; the server closes every room by itself.
    const reopened = dave.lines.length;
    await inPage(alice, async () => {
      const mgmt = window.page.mgmt();
      await mgmt.updateSettings({ roomEndTime: Date.now() + 2000 });
      await mgmt.openRooms();
    });
    await inPage(bob, () => window.page.until(() => window.page.where().call === 'Connected', 'bob in Red again'));
    await dave.until(() => dave.lines.slice(reopened).some((l) => l.event === 'state' && l.call === 'breakout' && l.state === 'Connected'), 'dave in Red again');
    await inPage(bob, () => window.page.until(() => window.page.call.state === 'Connected' && window.page.where().state === 'closed', 'the end time closes the rooms', 8000));
    await dave.until(() => dave.lines.slice(reopened).some((l) => l.event === 'assigned' && l.state === 'closed'), 'dave told the rooms closed');
    await dave.until(() => dave.lines.slice(reopened).filter((l) => l.event === 'state' && l.call === 'main' && l.state === 'Connected').length > 0, 'dave back in main');
    for (const p of [alice, bob]) assert.deepEqual(p.errors, []);
  } finally {
    dave.send('quit');
    for (const p of [alice, bob]) await p.page.close();
  }
});

test("a page whose token the server does not admit ends its call with 401/46914", async () => {
  // A token for another meeting.
  const carol = await openPage('standup', token('carol', 'Carol', 'attendee', 'retro'), 'carol');
  await inPage(carol, () => window.page.until(() => window.page.call.state === 'Disconnected', 'the call ends'));
  const reason = await inPage(carol, () => window.page.call.callEndReason);
  assert.deepEqual([reason.code, reason.subCode], [401, 46914]);
});

test('the demo page as the server serves it: two browsers, one meeting (?meeting=NAME&server, --dev)', async () => {
  // The real www/ and pkg/, on a --dev server; two separate browser profiles.
  const demo = spawn(BIN, ['--dev', '--listen', '127.0.0.1:0', '--data', path.join(tmp, 'demo-data'), '--static-root', ROOT, '--sync', 'normal'], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = await new Promise((resolve, reject) => {
    readline.createInterface({ input: demo.stdout }).once('line', (line) => {
      const found = /^listening on http:\/\/([^/]+)\//.exec(line)?.[1];
      if (found) resolve(found);
      else reject(new Error(line));
    });
  });
  const browsers = [];
  const problems = [];
  try {
    const open = async (name, role) => {
      const browser = await launchChromium(path.join(tmp, `demo-${name}`), { viewport: { width: 1280, height: 800 } });
      browsers.push(browser);
      browser.setDefaultTimeout(10_000);
      const page = await browser.newPage();
      page.on('pageerror', (error) => problems.push(`${name}: ${error?.stack ?? error}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`${name} console: ${m.text()}`);
      });
      await page.goto(`http://${address}/?meeting=workshop&server`);
      await page.getByRole('status').filter({ hasText: 'Ready.' }).waitFor();
      const nameField = page.getByLabel('Name', { exact: true });
      await nameField.fill(name);
      await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
      await nameField.press('Enter');
      await where(page, name, 'In the main meeting.');
      return page;
    };
    const where = (page, name, text) =>
      page.getByRole('region', { name, exact: true }).locator('.where').filter({ hasText: text }).waitFor();
    const olivia = await open('Olivia', 'Organizer');
    const alice = await open('Alice', 'Attendee');
    assert.match(await olivia.locator('#scope').innerText(), /on the meeting server/);
    await olivia.getByLabel('Room names, or how many').fill('Red, Blue');
    await olivia.getByRole('button', { name: 'Create rooms' }).click();
    await olivia.getByRole('button', { name: 'Assign automatically' }).click();
    await olivia.getByRole('button', { name: 'Open all rooms' }).click();
    await where(alice, 'Alice', /^In breakout room (Red|Blue)\.$/);
    assert.deepEqual(problems, []);
  } finally {
    for (const browser of browsers) await browser.close();
    demo.kill('SIGKILL');
  }
});
