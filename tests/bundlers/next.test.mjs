// Next.js 16, app router: the README's client component (app/quick-start.jsx) and quick start
// (app/quickstart.js), `next build` (which prerenders the page on the server), then `next
// start`: the server renders the component (importing the package, fetching nothing), and the
// page runs the quick start in Chromium.
import { before, after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { codeBlock } from '../markdown.mjs';
import {
  assertQuickStartEvents,
  freePort,
  prepareApp,
  quickStartInBrowser,
  run,
  startServer,
  writeAppFile,
} from './harness.mjs';

const trap = path.join(path.dirname(fileURLToPath(import.meta.url)), 'no-wasm-fetch.mjs');
const env = { NEXT_TELEMETRY_DISABLED: '1', NODE_OPTIONS: `--import=${trap}` };
// What the component renders, on the server as in the browser (React separates the parts).
const RENDERED = /<p>Open the console to see the (<!-- -->)?BreakoutRooms(<!-- -->)? events\.<\/p>/;

describe('Next.js (app router): the README client component and quick start, from the tarball', () => {
  let app;
  let server;
  let url;

  before(async () => {
    app = await prepareApp('next');
    await writeAppFile(app.dir, 'app/quickstart.js', app.quickStart);
    await writeAppFile(app.dir, 'app/quick-start.jsx', codeBlock(app.readme, { startsWith: "'use client';\n", lang: 'jsx' }));
    await rm(path.join(app.dir, '.next'), { recursive: true, force: true });
  });

  after(() => server?.close());

  it('next build prerenders the page, importing the package on the server without fetching', async () => {
    const output = await run(path.join(app.dir, 'node_modules/.bin/next'), ['build'], { cwd: app.dir, env });
    assert.doesNotMatch(output, /SERVER FETCHED THE WASM|Error/, output);
    assert.match(output, /○ \/\s/, `"/" prerendered:\n${output}`);
  });

  it('next start renders it on the server, at build time and per request', async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    server = await startServer(path.join(app.dir, 'node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', String(port)], {
      cwd: app.dir,
      url,
      env,
    });
    for (const page of ['', 'live']) {
      const response = await fetch(url + page);
      assert.equal(response.status, 200, `/${page}`);
      assert.match(await response.text(), RENDERED, `/${page} has the component's server-rendered text`);
    }
    assert.doesNotMatch(server.output(), /SERVER FETCHED THE WASM|Error/, server.output());
  });

  it('the page runs the quick start in Chromium: the events arrive', async () => {
    assertQuickStartEvents(await quickStartInBrowser(url));
    assert.doesNotMatch(server.output(), /SERVER FETCHED THE WASM|Error/, server.output());
  });
});
