// How the package loads its engines in a browser (SPEC 5a, 9): the in-page engine's wasm is
// fetched once, from `new CallClient()`, and streamed into its compile; a server that sends
// the wasm with another MIME type still works (the compile falls back to the bytes, with a
// warning that says why); a fetch that fails rejects createCallAgent and the next one tries
// again; the transports' engine and its glue module load only for a CallClient with a
// transport, never for an in-page one; the package README's preload hints make the browser
// fetch the entry and the wasm while it parses the page, and the package's fetch takes the
// preloaded wasm (one request, no warning); `breakout-rooms/debug` serves both kinds of
// CallClient from its one engine, fetched once. Each case is a fresh page on pkg/.
// Run: `make pkg && node --test tests/browser/loading.test.mjs`. Binds 127.0.0.1 only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../chromium.mjs';
import { codeBlock } from '../markdown.mjs';
import { start } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = path.resolve(here, '../../pkg');

// The page's module script: `window.__scenario(name)` runs one case and resolves with what it saw.
const page = (hints = '') => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>breakout-rooms loading</title>
<link rel="icon" href="data:,">
${hints}
<script type="module">
const m = await import(new URLSearchParams(location.search).get('entry') ?? '/pkg/index.js');
const credential = (userId, role = 'attendee') =>
  new m.AzureCommunicationTokenCredential(m.createDevToken({ userId, displayName: userId, role }));
const requests = () => performance.getEntriesByType('resource').map((r) => r.name.replace(/^.*\\//, ''));

/** Olivia creates a room, assigns Umar and opens it: resolves with the types of Umar's events
 *  up to his 'join'. */
async function breakoutFlow(transport) {
  const meetingLink = 'https://example.test/meet/' + Math.random().toString(36).slice(2);
  const join = async (userId, role) => {
    const agent = await new m.CallClient(transport ? { transport } : undefined).createCallAgent(credential(userId, role));
    return agent.join({ meetingLink });
  };
  const olivia = await join('olivia', 'organizer');
  const umar = await join('umar');
  const events = [];
  const joined = new Promise((resolve) =>
    umar.feature(m.Features.BreakoutRooms).on('breakoutRoomsUpdated', (event) => {
      events.push(event.type);
      if (event.type === 'join') resolve();
    }));
  const mgmt = olivia.feature(m.Features.BreakoutRoomsManagement);
  const [room] = await mgmt.createRooms(1);
  await mgmt.assignParticipants(room.threadId, [{ communicationUserId: 'umar' }]);
  await mgmt.openRooms();
  await joined;
  window.__keep = [olivia, umar];
  return events;
}

/** A 'broadcastChannel' agent's call, once Connected. */
async function acrossTabs() {
  const client = new m.CallClient({ transport: 'broadcastChannel' });
  const agent = await client.createCallAgent(credential('tina'));
  const call = agent.join({ meetingLink: 'https://example.test/meet/tabs-' + Math.random().toString(36).slice(2) });
  await new Promise((resolve) => {
    const check = () => call.state === 'Connected' && resolve();
    call.on('stateChanged', check);
    check();
  });
  window.__keepTabs = [agent, call];
  return call;
}

window.__scenario = async (name) => {
  const before = requests();
  if (name === 'inPage') {
    const events = await breakoutFlow();
    return { before, events, after: requests() };
  }
  if (name === 'broadcastChannel') {
    const call = await acrossTabs();
    return { before, after: requests(), state: call.state };
  }
  if (name === 'both') {
    const events = await breakoutFlow();
    const call = await acrossTabs();
    return { before, events, after: requests(), state: call.state };
  }
  if (name === 'retry') {
    let first;
    try {
      await new m.CallClient().createCallAgent(credential('ruth'));
      first = 'resolved';
    } catch (error) {
      first = String(error?.message ?? error);
    }
    window.__allowWasm();
    const events = await breakoutFlow();
    return { before, first, events, after: requests() };
  }
  throw new Error('unknown scenario ' + name);
};
window.__ready = true;
</script>
</head><body></body></html>
`;

describe('loading the engines (headless Chromium, pkg/)', () => {
  let tmp;
  let server;
  let context;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'breakout-rooms-loading-'));
    const root = path.join(tmp, 'site');
    await cp(PKG, path.join(root, 'pkg'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), page());
    // The package README's hints, with the package where this page serves it.
    const readme = await readFile(path.join(PKG, 'README.md'), 'utf8');
    const hints = codeBlock(readme, { heading: 'Loading soonest', lang: 'html' });
    await writeFile(path.join(root, 'preload.html'), page(hints.replaceAll('/node_modules/breakout-rooms/', '/pkg/')));
    server = await start(root);
    context = await launchChromium(path.join(tmp, 'user-data'), { env: { ...process.env, TMPDIR: tmp } });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** A fresh page: `prepare(page)` may route its requests first. Resolves with the case's
   *  result, the console messages, page errors, and every response (file name, MIME type). */
  async function scenario(name, prepare = async () => {}, file = 'index.html') {
    const page = await context.newPage();
    const consoleMessages = [];
    const pageErrors = [];
    const responses = [];
    const requested = [];
    page.on('request', (r) => requested.push(r.url().replace(/^.*\//, '')));
    page.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => pageErrors.push(String(e?.stack ?? e)));
    page.on('response', (r) => responses.push({ file: r.url().replace(/^.*\//, ''), type: r.headers()['content-type'] }));
    try {
      await prepare(page);
      await page.goto(`${server.url}${file}`);
      await page.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
      const result = await page.evaluate((n) => window.__scenario(n), name);
      return { result, consoleMessages, pageErrors, responses, requested };
    } finally {
      await page.close();
    }
  }

  const fromPackage = (files) => files.filter((f) => /\.(js|wasm)$/.test(f)).sort();

  it('an in-page meeting loads index.js and its wasm once each, and nothing of the transports', async () => {
    const { result, consoleMessages, pageErrors } = await scenario('inPage');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleMessages.filter((m) => m.type === 'error' || m.type === 'warning'), []);
    assert.deepEqual(result.events, ['assignedBreakoutRooms', 'assignedBreakoutRooms', 'join']);
    assert.deepEqual(fromPackage(result.before), ['index.js'], 'importing fetched nothing more');
    assert.deepEqual(fromPackage(result.after), ['breakout_rooms_bg.wasm', 'index.js']);
  });

  it("the package README's preload hints: the entry and the wasm come while the page parses, the wasm once, no warning", async () => {
    const { result, consoleMessages, pageErrors, requested } = await scenario('inPage', undefined, 'preload.html');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleMessages.filter((m) => m.type === 'error' || m.type === 'warning'), []);
    assert.deepEqual(result.events, ['assignedBreakoutRooms', 'assignedBreakoutRooms', 'join']);
    assert.deepEqual(fromPackage(result.before), ['breakout_rooms_bg.wasm', 'index.js'], 'both fetched before any CallClient: the preloads');
    assert.deepEqual(requested.filter((f) => f === 'breakout_rooms_bg.wasm'), ['breakout_rooms_bg.wasm'], 'one request');
  });

  it('a wasm served with the wrong MIME type still loads, from its bytes, with a warning that says so', async () => {
    const { result, consoleMessages, pageErrors, responses } = await scenario('inPage', (page) =>
      page.route('**/breakout_rooms_bg.wasm', async (route) => {
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
      }));
    assert.deepEqual(pageErrors, []);
    assert.equal(responses.find((r) => r.file === 'breakout_rooms_bg.wasm')?.type, 'application/octet-stream');
    assert.deepEqual(result.events, ['assignedBreakoutRooms', 'assignedBreakoutRooms', 'join']);
    assert.deepEqual(fromPackage(result.after), ['breakout_rooms_bg.wasm', 'index.js'], 'fetched once: the fallback reads the same response');
    const warnings = consoleMessages.filter((m) => m.type === 'warning');
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0].text, /application\/wasm/);
    assert.deepEqual(consoleMessages.filter((m) => m.type === 'error'), []);
  });

  it('a wasm fetch that fails rejects createCallAgent, and the next createCallAgent loads it', async () => {
    const { result, pageErrors } = await scenario('retry', async (page) => {
      let allowed = false;
      await page.exposeFunction('__allowWasm', () => {
        allowed = true;
      });
      await page.route('**/breakout_rooms_bg.wasm', (route) => (allowed ? route.continue() : route.abort('connectionrefused')));
    });
    assert.deepEqual(pageErrors, []);
    assert.notEqual(result.first, 'resolved');
    assert.match(result.first, /fetch/i, 'the failure says it was the fetch');
    assert.deepEqual(result.events, ['assignedBreakoutRooms', 'assignedBreakoutRooms', 'join']);
  });

  it("a 'broadcastChannel' CallClient loads the transports' glue and engine, from new CallClient(), and not the in-page engine", async () => {
    const { result, pageErrors, consoleMessages, requested } = await scenario('broadcastChannel');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleMessages.filter((m) => m.type === 'error' || m.type === 'warning'), []);
    assert.equal(result.state, 'Connected');
    assert.deepEqual(fromPackage(result.before), ['index.js']);
    assert.deepEqual(fromPackage(result.after), ['breakout_rooms_net.js', 'breakout_rooms_net_bg.wasm', 'index.js']);
    // Not a chain: the wasm's fetch starts first, and the glue's import beside it.
    assert.deepEqual(requested.filter((f) => f.startsWith('breakout_rooms')), ['breakout_rooms_net_bg.wasm', 'breakout_rooms_net.js']);
  });

  it('the debug entry: an in-page meeting and a cross-tab one share its one engine, fetched once', async () => {
    const { result, pageErrors, consoleMessages } = await scenario('both', undefined, 'index.html?entry=/pkg/debug.js');
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleMessages.filter((m) => m.type === 'error' || m.type === 'warning'), []);
    assert.deepEqual(result.events, ['assignedBreakoutRooms', 'assignedBreakoutRooms', 'join']);
    assert.equal(result.state, 'Connected');
    assert.deepEqual(fromPackage(result.after), ['breakout_rooms_debug_bg.wasm', 'debug.js']);
  });
});
