// rollup: the README quick start as src/main.js, built by the README's own commands for rollup
// (an ES module, and the .wasm copied beside it), run in Chromium.
import { it } from 'node:test';
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { start } from '../browser/server.mjs';
import { codeBlock } from '../markdown.mjs';
import { assertQuickStartEvents, prepareApp, quickStartInBrowser, runShellBlock, writeAppFile } from './harness.mjs';

it('rollup: the README quick start, built as the README says, and its events arrive in Chromium', async () => {
  const app = await prepareApp('rollup');
  await writeAppFile(app.dir, 'src/main.js', app.quickStart);
  await rm(path.join(app.dir, 'dist'), { recursive: true, force: true });
  await runShellBlock(app.dir, codeBlock(app.readme, { startsWith: 'npx rollup ', lang: 'sh' }));
  const server = await start(app.dir);
  try {
    assertQuickStartEvents(await quickStartInBrowser(`${server.url}index.html`));
  } finally {
    await server.close();
  }
});
