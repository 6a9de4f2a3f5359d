// webpack 5 with no configuration: its default entry (src/index.js) is the README quick
// start, and webpack ships the .wasm it finds in `new URL(..., import.meta.url)` as an asset.
import { it } from 'node:test';
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { start } from '../browser/server.mjs';
import { assertQuickStartEvents, prepareApp, quickStartInBrowser, run, writeAppFile } from './harness.mjs';

it('webpack 5: the README quick start builds with no configuration and its events arrive in Chromium', async () => {
  const app = await prepareApp('webpack5');
  await writeAppFile(app.dir, 'src/index.js', app.quickStart);
  await rm(path.join(app.dir, 'dist'), { recursive: true, force: true });
  await run(path.join(app.dir, 'node_modules/.bin/webpack'), ['--mode', 'production'], { cwd: app.dir });
  const server = await start(app.dir);
  try {
    assertQuickStartEvents(await quickStartInBrowser(`${server.url}index.html`));
  } finally {
    await server.close();
  }
});
