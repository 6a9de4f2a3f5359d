// Vite 8 (current) and Vite 5: the production build, served as static files, and the dev
// server a newcomer starts first. Vite 8 needs no configuration; Vite 5's dev server needs
// the package README's vite.config.js, written here from that README.
import { describe, it } from 'node:test';
import { rm } from 'node:fs/promises';
import path from 'node:path';

import { start } from '../browser/server.mjs';
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

for (const [name, config] of [
  ['vite8', null],
  ['vite5', { startsWith: '// vite.config.js\n' }],
]) {
  describe(`${name}: the README quick start, from the tarball`, () => {
    let app;

    it('builds (vite build)', async () => {
      app = await prepareApp(name);
      await writeAppFile(app.dir, 'src/main.js', app.quickStart);
      if (config) await writeAppFile(app.dir, 'vite.config.js', codeBlock(app.readme, { ...config, lang: 'js' }));
      else await rm(path.join(app.dir, 'vite.config.js'), { force: true });
      await rm(path.join(app.dir, 'dist'), { recursive: true, force: true });
      await run(path.join(app.dir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app.dir });
    });

    it('the build runs in Chromium: the events arrive', async () => {
      const server = await start(path.join(app.dir, 'dist'));
      try {
        assertQuickStartEvents(await quickStartInBrowser(server.url));
      } finally {
        await server.close();
      }
    });

    it('the dev server runs it in Chromium: the events arrive', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/`;
      const server = await startServer(
        path.join(app.dir, 'node_modules/.bin/vite'),
        ['--host', '127.0.0.1', '--port', String(port), '--strictPort'],
        { cwd: app.dir, url },
      );
      try {
        assertQuickStartEvents(await quickStartInBrowser(url));
      } finally {
        await server.close();
      }
    });
  });
}
